// Writes the compiled build of src/ (build-location.js says where and what it holds): every source
// file compiled on its own, relative imports pointing at the compiled files, and the bundles. Type
// checking is tsc's job (`npm run typecheck`); this only strips types and joins files, with esbuild.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { build } from 'esbuild';
import { BUILD, BUNDLES, BUNDLE_FOLDER, PROJECT, SOURCES, STAMP, listSources } from './build-location.js';

/**
 * Packages the bundles leave for Node to load from node_modules: @resvg/resvg-js is native code;
 * bullmq reads its Lua scripts from beside its own files, and it and ioredis load only for
 * `--redis` and `faultline worker`; vega and vega-lite (and vega-embed, whose browser build
 * report/html reads from its folder) are big and load only when charts are drawn.
 */
export const EXTERNAL_PACKAGES = ['@resvg/resvg-js', 'bullmq', 'ioredis', 'vega', 'vega-lite', 'vega-embed'];

/** Every relative import stays an import, of the compiled file: `./main.ts` becomes `./main.js`. */
const relativeImportsCompiled = {
  name: 'relative-imports-compiled',
  setup(builder) {
    builder.onResolve({ filter: /^\.\.?\// }, (args) => (args.kind === 'entry-point' ? undefined : { path: args.path.replace(/\.ts$/, '.js'), external: true }));
  },
};

/**
 * rxjs from its ES2015 modules rather than the CommonJS build its "node" export names: the same
 * library, whose `"sideEffects": false` then lets esbuild keep only the operators the stages use
 * (16 KB instead of 340 KB, and no 223 CommonJS files for a worker thread to load).
 */
const rxjsModules = {
  name: 'rxjs-modules',
  setup(builder) {
    const manifest = createRequire(import.meta.url).resolve('rxjs/package.json');
    const entry = join(dirname(manifest), JSON.parse(readFileSync(manifest, 'utf8')).es2015);
    builder.onResolve({ filter: /^rxjs$/ }, () => ({ path: entry, sideEffects: false }));
  },
};

/**
 * `import { z } from 'zod'` in the sources, bundled as `import * as z from` zod's own module of
 * those exports (v4/classic/external.js, which zod's entry re-exports as `z`): esbuild keeps every
 * export of a namespace that is re-exported by name, so the first form carries all 63 of zod's locales
 * (366 KB, about 20 ms of a command's start), the second only what the schemas use (and English,
 * zod's default). The same object either way. Without that module (another zod), the sources go
 * as they are.
 */
const zodNamespace = {
  name: 'zod-namespace',
  setup(builder) {
    const external = join(dirname(createRequire(import.meta.url).resolve('zod/package.json')), 'v4', 'classic', 'external.js');
    if (!existsSync(external)) return;
    builder.onLoad({ filter: /\/src\/.*\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const named = /^import \{ z \} from 'zod';$/m;
      return named.test(text) ? { contents: text.replace(named, `import * as z from ${JSON.stringify(external)};`), loader: 'ts' } : undefined;
    });
  },
};

/**
 * A bundle is an ES module, and the CommonJS packages inside it (commander, yaml, seedrandom) call
 * `require` for Node's own modules: each output file gets a `require` of its own to answer them.
 */
const REQUIRE_BANNER = "import { createRequire as createRequireOfBundle } from 'node:module'; const require = createRequireOfBundle(import.meta.url);";

/**
 * Compiles `src/` into `into` (default the project's build folder): writes it beside, then
 * replaces the old build in one rename, the stamp dated when the build started (a source saved
 * during the build makes it stale) and listing the bundles' chunks (keepPreviousChunks). Returns
 * the number of sources, the milliseconds taken and esbuild's metafile of each bundle (what each
 * output file holds and imports), by bundle name.
 */
export async function writeBuild(into = BUILD) {
  const started = Date.now();
  const sources = listSources(SOURCES);
  const staging = `${into}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const common = { format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning', absWorkingDir: PROJECT };
  const compiled = build({
    ...common,
    entryPoints: sources,
    outdir: join(staging, 'src'),
    outbase: SOURCES,
    bundle: true, // only so that the plugin sees every import; all of them stay external
    packages: 'external',
    plugins: [relativeImportsCompiled],
  });
  const bundled = BUNDLES.map(({ entries, split }) =>
    build({
      ...common,
      entryPoints: Object.fromEntries(Object.entries(entries).map(([name, module]) => [name, join(SOURCES, module)])),
      outdir: join(staging, BUNDLE_FOLDER),
      bundle: true,
      splitting: split,
      chunkNames: 'chunk-[hash]',
      external: EXTERNAL_PACKAGES,
      plugins: [rxjsModules, zodNamespace],
      banner: { js: REQUIRE_BANNER },
      metafile: true,
      // Read only under `node --enable-source-maps`, which then names the sources in stack traces.
      sourcemap: true,
    }),
  );
  const [, ...results] = await Promise.all([compiled, ...bundled]);
  const project = JSON.parse(readFileSync(join(PROJECT, 'package.json'), 'utf8'));
  // src/version.ts reads the package.json beside src/ (or bundle/): in the build, this one.
  writeFileSync(join(staging, 'package.json'), `${JSON.stringify({ name: project.name, version: project.version, type: 'module', private: true }, null, 2)}\n`);
  const chunks = readdirSync(join(staging, BUNDLE_FOLDER)).filter((file) => file.startsWith('chunk-'));
  keepPreviousChunks(into, staging, chunks);
  writeFileSync(join(staging, STAMP), `${JSON.stringify({ built_at_ms: started, sources: sources.length, chunks }, null, 2)}\n`);
  mkdirSync(dirname(into), { recursive: true });
  rmSync(into, { recursive: true, force: true });
  renameSync(staging, into);
  const metafiles = Object.fromEntries(BUNDLES.map(({ name }, index) => [name, inBuild(results[index].metafile, staging)]));
  return { sources: sources.length, ms: Date.now() - started, metafiles };
}

/**
 * Copies into the new build the chunks of the build it replaces that it lacks: a command started
 * from that build (a long run while `npm test` rebuilds) still finds the chunks it loads late
 * (chart drawing, the Redis runner) under their names, which change with their content. Only the
 * chunks that build made itself are kept, not the ones it kept in turn: two builds' worth at most.
 */
function keepPreviousChunks(previous, staging, chunks) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(previous, STAMP), 'utf8'));
  } catch {
    return;
  }
  for (const chunk of stamp.chunks ?? []) {
    if (chunks.includes(chunk)) continue;
    try {
      copyFileSync(join(previous, BUNDLE_FOLDER, chunk), join(staging, BUNDLE_FOLDER, chunk));
    } catch {
      // gone already: nothing to keep
    }
  }
}

/** A metafile with its output files named from the build folder (`bundle/main.js`) rather than from the project's root through the staging folder. */
function inBuild(metafile, staging) {
  const name = (path) => relative(staging, join(PROJECT, path)).split(sep).join('/');
  const outputs = Object.entries(metafile.outputs).map(([path, output]) => [
    name(path),
    { ...output, imports: output.imports.map((imported) => (imported.external ? imported : { ...imported, path: name(imported.path) })) },
  ]);
  return { ...metafile, outputs: Object.fromEntries(outputs) };
}
