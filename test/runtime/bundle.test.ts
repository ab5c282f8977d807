import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { main as sourcesMain } from '../../src/cli/main.ts';
import { BUNDLES, listSources, PROJECT, SOURCES, whyBuildIsStale } from '../../src/runtime/build-location.js';
import { EXTERNAL_PACKAGES, writeBuild } from '../../src/runtime/write-build.js';
import { VERSION } from '../../src/version.ts';
import { compareHashes, describeChanges, hashFolder, readManifest, type FileHashes } from '../golden/golden-manifest.ts';
import { goldenRuns, MANIFEST_FILE } from '../golden/golden-runs.ts';
import { privateBuild, removeBuild, type PrivateBuild } from '../helpers/private-build.ts';
import { CLI_BIN, makeTempFolder, runCli } from '../helpers/run-cli.ts';

/**
 * The bundles of the build (src/runtime/write-build.js), from a build of this file's own: the
 * `faultline` command loaded from them runs, with its worker threads started from the worker's
 * bundle, and writes the golden run's files; and the build's stamp watches every file they hold,
 * so that an edit or an npm install makes the build stale (bin.js then runs the sources).
 */

let build: PrivateBuild;
const out = makeTempFolder('faultline-bundle');
beforeAll(async () => {
  build = await privateBuild();
});
afterAll(() => {
  removeBuild(build);
  rmSync(out, { recursive: true, force: true });
});

/** Runs `faultline …args` in this process from the build's bundle of cli/main.ts, as bin.js does when the build is fresh. */
async function runBundledCli(args: readonly string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const { main } = (await import(pathToFileURL(join(build.folder, 'bundle', 'main.js')).href)) as { main: typeof sourcesMain };
  const [stdout, stderr] = [new PassThrough(), new PassThrough()];
  const text = (stream: PassThrough) => stream.setEncoding('utf8').reduce((all: string, chunk: string) => all + chunk, '');
  const [status, printed, warned] = await Promise.all([main([process.execPath, CLI_BIN, ...args], { stdout, stderr }).finally(() => (stdout.end(), stderr.end())), text(stdout), text(stderr)]);
  return { status, stdout: printed, stderr: warned };
}

describe('the bundled command', () => {
  it('prints the version of package.json, read from beside the bundle', async () => {
    expect(existsSync(join(build.folder, 'package.json'))).toBe(true);
    expect(await runBundledCli(['--version'])).toEqual({ status: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('finds the same problems in a broken scenario as the sources, in the same words (zod bundled with its English messages only)', async () => {
    const args = ['validate', 'test/fixtures/scenarios/bad/many-problems.yaml'];
    const bundled = await runBundledCli(args);
    expect(bundled.status).toBe(2);
    expect(bundled).toEqual(await runCli(args));
  });

  it("reproduces the default scenario's golden run, charts included, on a worker thread started from the worker's bundle", async () => {
    const golden = goldenRuns().find((run) => run.scenario === 'scenarios/marketplace.yaml')!;
    const folder = join(out, 'marketplace');
    const result = await runBundledCli([...golden.args, '--out', folder]);
    expect(result.status, result.stderr).toBe(0);
    // As test/golden/golden-runs.test.ts compares them: the PNGs only with the fonts they were drawn with.
    const comparesPngs = existsSync('/usr/share/fonts/truetype/dejavu');
    const withoutPngs = (hashes: FileHashes) => Object.fromEntries(Object.entries(hashes).filter(([file]) => comparesPngs || !file.endsWith('.png')));
    const expected = withoutPngs(readManifest(MANIFEST_FILE)[golden.scenario]!);
    const actual = withoutPngs(hashFolder(folder));
    expect(describeChanges(compareHashes(expected, actual), expected, actual)).toEqual([]);
  });
});

describe("the build's stamp", () => {
  it('finds the build fresh once written', () => {
    expect(whyBuildIsStale(build.folder)).toBeUndefined();
    const stamp = JSON.parse(readFileSync(join(build.folder, 'build.json'), 'utf8')) as { sources: number };
    expect(stamp.sources).toBe(listSources(SOURCES).length);
  });

  it('watches every file the bundles hold: sources it counts, and packages npm installs (none of those left to Node)', () => {
    const sources = new Set(listSources(SOURCES));
    const inputs = Object.values(build.metafiles).flatMap((metafile) => Object.keys(metafile.inputs));
    const unwatched = inputs.filter((input) => !sources.has(join(PROJECT, input)) && !/^node_modules\/(?!\.)/.test(input));
    expect(unwatched).toEqual([]);
    const external = inputs.filter((input) => EXTERNAL_PACKAGES.some((name) => input.startsWith(`node_modules/${name}/`)));
    expect(external).toEqual([]);
    // Each entry of BUNDLES is a bundle's entry point, named as loadModule expects it.
    for (const { name, entries } of BUNDLES) {
      const outputs = build.metafiles[name]!.outputs;
      for (const [output, module] of Object.entries(entries)) expect(outputs[`bundle/${output}.js`]?.entryPoint).toBe(`src/${module}`);
    }
  });
});

describe('a new build over an old one', () => {
  it("keeps the old build's own chunks it lacks, for a command still running from it, and drops them the build after", async () => {
    const bundle = join(build.folder, 'bundle');
    const stampFile = join(build.folder, 'build.json');
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8')) as { chunks: string[] };
    writeFileSync(join(bundle, 'chunk-OLDBUILD.js'), 'export {};\n');
    writeFileSync(stampFile, JSON.stringify({ ...stamp, chunks: [...stamp.chunks, 'chunk-OLDBUILD.js'] }));
    await writeBuild(build.folder);
    expect(existsSync(join(bundle, 'chunk-OLDBUILD.js'))).toBe(true);
    expect((JSON.parse(readFileSync(stampFile, 'utf8')) as { chunks: string[] }).chunks).toEqual(stamp.chunks);
    await writeBuild(build.folder);
    expect(existsSync(join(bundle, 'chunk-OLDBUILD.js'))).toBe(false);
  });
});
