import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledBy, privateBuild, removeBuild, type PrivateBuild } from '../helpers/private-build.ts';

const SRC = resolve(import.meta.dirname, '../../src');

/** Node's own modules, which a bundle leaves to Node (`node:fs`, or `crypto` from a CommonJS package). */
const isNodeModule = (specifier: string) => specifier.startsWith('node:') || builtinModules.includes(specifier);

/** The specifiers a module imports when it loads: static imports and re-exports, not `import type` nor `import()`. */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^;'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) found.push(match[1]!);
  return found;
}

/** Every file of src/ and every package a module loads before its code runs, transitively. */
function loadedBy(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const specifier of staticImports(file)) {
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier));
      else if (!specifier.startsWith('node:') && !builtinModules.includes(specifier)) packages.add(specifier.split('/')[0]!);
    }
  };
  visit(entry);
  return { files: [...files].map((file) => relative(SRC, file)).sort(), packages: [...packages].sort() };
}

describe('start-up', () => {
  it('loads only commander and the command declarations: each command loads its module when it runs', () => {
    const { files, packages } = loadedBy(join(SRC, 'cli/main.ts'));
    // `faultline --version` and `--help` then take ≈ 0.08 s instead of ≈ 0.3 s (npm run bench, section 5).
    expect(packages).toEqual(['commander']);
    expect(files.filter((file) => /-command\.ts$/.test(file))).toEqual([]);
    expect(files).toContain('cli/commands.ts');
  });

  it('reads a multi-line import, a re-export and a side-effect import, and skips types and dynamic imports', () => {
    const { files, packages } = loadedBy(join(SRC, 'cluster/chunk-job.ts'));
    expect(files).toContain('cluster/redis-url.ts'); // export { … } from './redis-url.ts'
    expect(files).toContain('report/read-run-data.ts');
    expect(packages).toContain('csv-parse'); // through read-run-data.ts
    expect(files).not.toContain('engine/model-content.ts'); // import type
    expect(loadedBy(join(SRC, 'run/open-chunk-runner.ts')).files).not.toContain('cluster/cluster-runner.ts'); // await import(…)
  });
});

describe('a simulation worker', () => {
  it('loads neither the scenario language (zod, yaml) nor the report: it runs compiled strategies', () => {
    const { files, packages } = loadedBy(join(SRC, 'engine/chunk-worker.ts'));
    // Each worker thread loads its modules anew; zod and the schema modules it builds cost it ≈ 0.1 s.
    expect(packages.filter((name) => ['zod', 'yaml', 'vega', 'vega-lite', 'csv-parse'].includes(name))).toEqual([]);
    expect(files.filter((file) => file.startsWith('scenario/schema/') || file.startsWith('report/'))).toEqual([]);
    expect(files).toContain('engine/simulate-chunk.ts');
  });
});

/**
 * The same, of what the `faultline` command and its worker threads load from a fresh build: the
 * output files of a bundle that load with it (its static imports, transitively) and the modules
 * of src/ and packages inside them, as esbuild's metafile records them.
 */
describe('the bundles of the build', () => {
  let build: PrivateBuild;
  beforeAll(async () => {
    build = await privateBuild();
  });
  afterAll(() => removeBuild(build));

  it('--version loads commander and the command declarations, and the commands stay in chunks loaded when they run', () => {
    const { files, packages, external } = bundledBy(build.metafiles.cli!, 'bundle/main.js');
    expect(packages).toEqual(['commander']);
    expect(files.filter((file) => /-command\.ts$/.test(file))).toEqual([]);
    expect(files).toContain('cli/commands.ts');
    expect(external.filter((specifier) => !isNodeModule(specifier))).toEqual([]);
    // The run command is in the bundle, behind an import() of main.js's chunks.
    const outputs = Object.values(build.metafiles.cli!.outputs);
    expect(outputs.some((output) => Object.keys(output.inputs).includes('src/cli/run-command.ts'))).toBe(true);
  });

  it("holds of zod what the schemas use, and of its messages only English, zod's default (all 63 locales cost a command ≈ 20 ms)", () => {
    const inputs = Object.values(build.metafiles.cli!.outputs).flatMap((output) => Object.keys(output.inputs));
    expect(inputs).toContain('src/scenario/schema/scenario-schema.ts');
    expect(inputs.filter((input) => input.startsWith('node_modules/zod/v4/locales/'))).toEqual(['node_modules/zod/v4/locales/en.js']);
  });

  it("a simulation worker's bundle is one file with its packages inside, and neither the scenario language nor the report", () => {
    const worker = build.metafiles.worker!;
    const { files, packages, external } = bundledBy(worker, 'bundle/worker-entry.js');
    expect(Object.keys(worker.outputs).filter((file) => !file.endsWith('.map'))).toEqual(['bundle/worker-entry.js']);
    expect(packages).toEqual(['rxjs', 'seedrandom']);
    expect(external.filter((specifier) => !isNodeModule(specifier))).toEqual([]);
    expect(files.filter((file) => file.startsWith('scenario/schema/') || file.startsWith('report/'))).toEqual([]);
    expect(files).toContain('engine/simulate-chunk.ts');
    // rxjs from its ES2015 modules, of which only the operators used are kept, not its CommonJS build.
    expect(Object.keys(worker.outputs['bundle/worker-entry.js']!.inputs).filter((input) => input.includes('rxjs/dist/cjs/'))).toEqual([]);
  });
});
