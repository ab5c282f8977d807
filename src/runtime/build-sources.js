// `npm run build` (also run by `npm install` and `npm test`): compiles every source file of src/
// to JavaScript in node_modules/.cache/faultline/, one file per source, with relative imports
// pointing at the compiled files, so the CLI and its worker threads start without transpiling.
// Type checking is tsc's job (`npm run typecheck`); this only strips types, with esbuild.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { BUILD, SOURCES, STAMP, listSources } from './build-location.js';

const started = Date.now();
const sources = listSources(SOURCES);
const staging = `${BUILD}.partial-${process.pid}`;
rmSync(staging, { recursive: true, force: true });

/** Every relative import stays an import, of the compiled file: `./main.ts` becomes `./main.js`. */
const relativeImportsCompiled = {
  name: 'relative-imports-compiled',
  setup(builder) {
    builder.onResolve({ filter: /^\.\.?\// }, (args) => (args.kind === 'entry-point' ? undefined : { path: args.path.replace(/\.ts$/, '.js'), external: true }));
  },
};

await build({
  entryPoints: sources,
  outdir: join(staging, 'src'),
  outbase: SOURCES,
  bundle: true, // only so that the plugin sees every import; all of them stay external
  packages: 'external',
  plugins: [relativeImportsCompiled],
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
});
const project = JSON.parse(readFileSync(join(SOURCES, '..', 'package.json'), 'utf8'));
// src/version.ts reads the package.json beside src/: in the build, this one.
writeFileSync(join(staging, 'package.json'), `${JSON.stringify({ name: project.name, version: project.version, type: 'module', private: true }, null, 2)}\n`);
// The stamp is dated when the build started: a source saved during the build makes it stale.
writeFileSync(join(staging, STAMP), `${JSON.stringify({ built_at_ms: started, sources: sources.length }, null, 2)}\n`);
mkdirSync(dirname(BUILD), { recursive: true });
rmSync(BUILD, { recursive: true, force: true });
renameSync(staging, BUILD);
if (!process.argv.includes('--quiet')) console.log(`faultline: compiled ${sources.length} source files to ${BUILD} in ${Date.now() - started} ms`);
