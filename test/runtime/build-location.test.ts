import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILD, buildIsFresh, builtFile, whyBuildIsStale } from '../../src/runtime/build-location.js';
import { CLI_BIN, makeTempFolder } from '../helpers/run-cli.ts';

/**
 * When the compiled build stands for the sources (src/runtime/build-location.js): bin.js, the
 * worker threads and the package's entry load it only then, and the TypeScript through tsx
 * otherwise. Checked on a made-up project whose files' times the test sets.
 */

const root = makeTempFolder('faultline-build-location');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A project with two sources, package.json and npm's record of node_modules, and a build stamped at `builtAt` (ms) from `sources` files. */
function project(name: string, builtAt: number, sources = 2): { folder: string; build: string; touch: (file: string, atMs: number) => void } {
  const folder = join(root, name);
  const build = join(folder, 'node_modules', '.cache', 'faultline');
  mkdirSync(join(folder, 'src', 'cli'), { recursive: true });
  mkdirSync(build, { recursive: true });
  const touch = (file: string, atMs: number) => utimesSync(join(folder, file), atMs / 1000, atMs / 1000);
  for (const file of ['src/index.ts', 'src/cli/bin.js', 'package.json', 'node_modules/.package-lock.json']) {
    writeFileSync(join(folder, file), '');
    touch(file, builtAt - 60_000);
  }
  writeFileSync(join(folder, 'src', 'cli', 'types.d.ts'), ''); // declarations are not compiled: neither counted nor dated
  writeFileSync(join(build, 'build.json'), JSON.stringify({ built_at_ms: builtAt, sources }));
  return { folder, build, touch };
}

const BUILT_AT = Date.UTC(2026, 0, 1);

describe('whether the build is fresh', () => {
  it('is fresh when no source, package.json nor installed package changed since it was built', () => {
    const { folder, build } = project('fresh', BUILT_AT);
    expect(whyBuildIsStale(build, folder)).toBeUndefined();
    expect(buildIsFresh(build, folder)).toBe(true);
  });

  it('is stale after an edit, a source added or removed, a change to package.json, or npm changing node_modules (the bundles hold copies of packages)', () => {
    const edited = project('edited', BUILT_AT);
    edited.touch('src/cli/bin.js', BUILT_AT + 1);
    expect(whyBuildIsStale(edited.build, edited.folder)).toBe(`${join(edited.folder, 'src/cli/bin.js')} is newer than the build`);
    const added = project('added', BUILT_AT, 1);
    expect(whyBuildIsStale(added.build, added.folder)).toBe('the build was made from 1 source files, there are 2');
    const manifest = project('manifest', BUILT_AT);
    manifest.touch('package.json', BUILT_AT + 1);
    expect(whyBuildIsStale(manifest.build, manifest.folder)).toBe('package.json is newer than the build');
    const installed = project('installed', BUILT_AT);
    installed.touch('node_modules/.package-lock.json', BUILT_AT + 1);
    expect(whyBuildIsStale(installed.build, installed.folder)).toBe('npm changed the installed packages since the build');
    expect(buildIsFresh(installed.build, installed.folder)).toBe(false);
  });

  it('is stale without a build or with a stamp that is not one', () => {
    const { folder, build } = project('unstamped', BUILT_AT);
    writeFileSync(join(build, 'build.json'), '{"built_at_ms":"yesterday"}');
    expect(whyBuildIsStale(build, folder)).toMatch(/is not a build stamp$/);
    rmSync(join(build, 'build.json'));
    expect(whyBuildIsStale(build, folder)).toBe(`no build in ${build}`);
  });
});

describe("the build's file for a module", () => {
  it("is the bundle of the command and of a worker thread's body, and the compiled copy of any other module", () => {
    expect(builtFile('cli/main.ts', '/build')).toBe('/build/bundle/main.js');
    expect(builtFile('cli/interruption.ts', '/build')).toBe('/build/bundle/interruption.js');
    expect(builtFile('engine/chunk-worker.ts', '/build')).toBe('/build/bundle/worker-entry.js');
    expect(builtFile('index.ts', '/build')).toBe('/build/src/index.js');
  });

  // Only with the build `npm test` made still fresh (a run of a few files after an edit has none):
  // loadModule would otherwise register tsx in this process.
  it.skipIf(!buildIsFresh())("is what bin.js loads while the build is fresh: the command's bundle", async () => {
    const { loadModule } = await import('../../src/runtime/load-module.js');
    const loaded = await loadModule(pathToFileURL(CLI_BIN).href, './main.ts');
    expect(loaded).toBe(await import(pathToFileURL(join(BUILD, 'bundle', 'main.js')).href));
  });
});
