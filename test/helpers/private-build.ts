import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Metafile } from 'esbuild';
import { writeBuild } from '../../src/runtime/write-build.js';
import { PROJECT_ROOT } from './run-cli.ts';

/** A build of src/ written for the tests: its folder and esbuild's metafile of each bundle, by bundle name. */
export interface PrivateBuild {
  folder: string;
  metafiles: Record<string, Metafile>;
}

let builds = 0;

/**
 * A build of the sources as they are now, of the calling test file's own (the one `npm test`
 * wrote may be stale in a run of a few files, and must not be replaced under the tests that use
 * it), in node_modules/.cache/ (where its bundles find the packages they leave to Node). About a
 * second; `removeBuild` deletes it (in an afterAll).
 */
export async function privateBuild(): Promise<PrivateBuild> {
  const folder = join(PROJECT_ROOT, 'node_modules', '.cache', `faultline-test-${process.pid}-${++builds}`);
  const { metafiles } = await writeBuild(folder);
  return { folder, metafiles };
}

/** Deletes a build `privateBuild` wrote. */
export function removeBuild(build: PrivateBuild | undefined): void {
  if (build) rmSync(build.folder, { recursive: true, force: true });
}

/** The output files a bundle's file loads with it (itself included): its static imports, transitively, not its `import()`s. */
export function loadedOutputs(metafile: Metafile, output: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imported of metafile.outputs[file]!.imports) if (!imported.external && imported.kind === 'import-statement') visit(imported.path);
  };
  visit(output);
  return [...seen].sort();
}

/** What those output files hold: the files of src/ (relative to it) and the packages, sorted; and what they leave for Node to load when they load (imports and `require` calls of Node's modules and of packages). */
export function bundledBy(metafile: Metafile, output: string): { files: string[]; packages: string[]; external: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const external = new Set<string>();
  for (const file of loadedOutputs(metafile, output)) {
    const { inputs, imports } = metafile.outputs[file]!;
    for (const input of Object.keys(inputs)) {
      const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (inPackage) packages.add(inPackage[1]!);
      else files.add(input.replace(/^src\//, ''));
    }
    for (const imported of imports) if (imported.external && imported.kind !== 'dynamic-import') external.add(imported.path);
  }
  return { files: [...files].sort(), packages: [...packages].sort(), external: [...external].sort() };
}
