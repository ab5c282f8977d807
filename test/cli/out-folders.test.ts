import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTempFolder, runCli, snapshotFolder } from '../helpers/run-cli.ts';

/** Output folders: a report never replaces a sweep nor a sweep a report, and paths under a file are refused. */
const SCENARIO = `name: tiny
seed: 2
incidents:
  - type: loss_event
    name: claim
    frequency: { dist: poisson, mean: 1 }
    loss: { dist: constant, value: 1000 }
    bearer: platform
`;
const work = makeTempFolder('faultline-out');
const scenario = join(work, 'tiny.yaml');

beforeAll(() => writeFileSync(scenario, SCENARIO));

describe('what an output folder may replace', () => {
  it('refuses to put a run where a sweep is, and a sweep where a run is (exit 2, both left as they were)', async () => {
    const sweep = join(work, 'a-sweep');
    const run = join(work, 'a-run');
    expect((await runCli(['sweep', scenario, '--set', 'trials=100,200', '--out', sweep, '--quiet', '--no-charts'])).status).toBe(0);
    expect((await runCli(['run', scenario, '--trials', '100', '--out', run, '--quiet', '--no-charts'])).status).toBe(0);
    const [sweepBefore, runBefore] = [snapshotFolder(sweep), snapshotFolder(run)];
    const runOverSweep = await runCli(['run', scenario, '--trials', '100', '--out', sweep, '--quiet']);
    expect(runOverSweep.status).toBe(2);
    expect(runOverSweep.stderr).toContain('expected a new or empty folder or an earlier report (with run.json)');
    const sweepOverRun = await runCli(['sweep', scenario, '--set', 'trials=100,200', '--out', run, '--quiet']);
    expect(sweepOverRun.status).toBe(2);
    expect(sweepOverRun.stderr).toContain('expected a new or empty folder or an earlier sweep (with sweep.json)');
    expect(snapshotFolder(sweep)).toEqual(sweepBefore);
    expect(snapshotFolder(run)).toEqual(runBefore);
  });

  it('refuses sweep values whose folders would clash (exit 2, nothing written)', async () => {
    const out = join(work, 'clash');
    const result = await runCli(['sweep', scenario, '--set', 'description=a b,a_b', '--out', out]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe('--set: expected values that name different folders, got description="a b" and description="a_b" (both description=a_b)');
    expect(readdirSync(work)).not.toContain('clash');
  });

  it('refuses an --out two levels under a file (exit 2, not a crash)', async () => {
    writeFileSync(join(work, 'afile'), 'hi');
    mkdirSync(join(work, 'batch-in'), { recursive: true });
    writeFileSync(join(work, 'batch-in', 'tiny.yaml'), SCENARIO);
    for (const args of [
      ['run', scenario, '--out', join(work, 'afile', 'sub', 'deeper')],
      ['sweep', scenario, '--set', 'trials=100,200', '--out', join(work, 'afile', 'sub', 'x')],
    ]) {
      const result = await runCli(args);
      expect(result.status, `${args[0]}: ${result.stderr}`).toBe(2);
      expect(result.stderr).toContain(`--out: expected a folder path, got a path under the file ${join(work, 'afile')}`);
    }
  });
});
