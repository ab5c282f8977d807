import { beforeAll, describe, expect, it } from 'vitest';
import { compareHashes, describeChanges, hashFolder, readManifest } from './golden-manifest.ts';
import { goldenRuns, MANIFEST_FILE, runGoldenRuns, type FinishedGoldenRun } from './golden-runs.ts';

/**
 * The golden runs again with `--table-memory 0`, so every bundled scenario's year loss table and
 * per-peril losses go through the temporary file (YearColumns, PerilLossTable) instead of memory:
 * every file written must have the golden manifest's hash. The charts are not rendered
 * (`--no-charts`), so the SVGs and PNGs are absent; every other file is compared.
 */

const recorded = readManifest(MANIFEST_FILE);
const runs = goldenRuns().map((run) => ({ ...run, args: [...run.args, '--table-memory', '0', '--no-charts'] }));
let finished: FinishedGoldenRun[] = [];

beforeAll(async () => {
  finished = await runGoldenRuns(runs);
});

describe('golden runs with the year loss table in a temporary file', () => {
  it.each(runs.map((run) => run.scenario))('%s writes the golden bytes', (scenario) => {
    const run = finished.find((done) => done.scenario === scenario)!;
    expect(run.result.status, `faultline ${run.args.join(' ')}:\n${run.result.stderr}`).toBe(0);
    const actual = hashFolder(run.folder);
    const expected = Object.fromEntries(Object.entries(recorded[scenario] ?? {}).filter(([file]) => !/\.(svg|png)$/.test(file)));
    expect(Object.keys(actual).length, 'files written').toBeGreaterThan(8);
    expect(describeChanges(compareHashes(expected, actual), expected, actual)).toEqual([]);
  });
});
