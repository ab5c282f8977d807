import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FAULT_VARIABLE } from '../../src/pipeline/stage-failure.ts';
import { makeTempFolder, runCli, snapshotFolder } from '../helpers/run-cli.ts';

/**
 * A failure inside the simulation (a stage's exception) fails the command with exit 1 and one line
 * naming the trial, strategy and stage, and writes no report: tested with a fault injected through
 * FAULTLINE_INJECT_FAULT (read by every stage, on every worker thread) for run on 1 and 2 workers,
 * a shard, batch, sweep and explain. Before the error path existed, `run -n 1000 -w 1` with a fault
 * at trial 7 exited 0 with a wrong summary.csv.
 */
const SCENARIO = `name: faulty
seed: 3
incidents:
  - type: loss_event
    name: claim
    frequency: { dist: poisson, mean: 2 }
    loss: { dist: lognormal, p05: 1000, p95: 100000 }
    bearer: platform
mitigations:
  - { name: screening, enabled: false, annual_cost: 500, applies_to: [claim], frequency: 0.5 }
strategies:
  - { name: screened, mitigations: [{ name: screening, enabled: true }] }
`;
const work = makeTempFolder('faultline-faults');
const scenario = join(work, 'faulty.yaml');
const LINE = /^faultline: worker failed: trial 7, strategy "baseline", stage (\w+): fault injected by FAULTLINE_INJECT_FAULT$/;

beforeAll(() => writeFileSync(scenario, SCENARIO));
afterEach(() => {
  delete process.env[FAULT_VARIABLE];
});

/** Runs the CLI with a fault injected at `stage@trial`. */
async function withFault(fault: string, args: string[]) {
  process.env[FAULT_VARIABLE] = fault;
  try {
    return await runCli(args);
  } finally {
    delete process.env[FAULT_VARIABLE];
  }
}

describe('a fault inside the simulation', () => {
  it('fails run with exit 1 on 1 and on 2 workers; the earlier report stays as it was and nothing is staged', async () => {
    const out = join(work, 'run');
    expect((await runCli(['run', scenario, '-n', '1000', '-o', out, '-q', '--no-charts'])).status).toBe(0);
    const before = snapshotFolder(out);
    for (const [stage, workers] of [
      ['liability', '1'],
      ['ledger', '2'],
      ['market', '2'],
    ] as const) {
      const result = await withFault(`${stage}@7`, ['run', scenario, '-n', '1000', '-w', workers, '--chunk-size', '100', '-o', out, '--no-charts']);
      expect(result.status, result.stderr).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr.trim()).toMatch(LINE);
      expect(result.stderr).toContain(`stage ${stage}`);
      expect(result.stdout).toBe('');
      expect(snapshotFolder(out)).toEqual(before);
      expect(readdirSync(work).filter((name) => name.includes('.partial-'))).toEqual([]);
    }
  });

  it('names the strategy whose trial failed', async () => {
    // Every strategy replays the same trials, the baseline first, so the baseline meets the fault first.
    const result = await withFault('insurance@999', ['run', scenario, '-n', '1000', '-w', '1', '-o', join(work, 'strategy'), '-q']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('trial 999, strategy "baseline", stage insurance');
    expect(readdirSync(work)).not.toContain('strategy');
  });

  it('fails a shard with exit 1 and writes no partial result', async () => {
    const partial = join(work, 'shard-1');
    const result = await withFault('impacts@7', ['run', scenario, '-n', '1000', '--shard', '1/2', '--partial', partial, '-w', '1']);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(LINE);
    expect(readdirSync(work)).not.toContain('shard-1');
  });

  it('fails the scenario of a batch with exit 1 (not 2, though another has bad input), and the others still run', async () => {
    const input = join(work, 'batch-in');
    const out = join(work, 'batch-out');
    mkdirSync(input);
    // Trial 7 exists in faulty (1,000 trials) but not in healthy (6 trials).
    writeFileSync(join(input, 'faulty.yaml'), SCENARIO.replace('seed: 3', 'seed: 3\ntrials: 1000'));
    writeFileSync(join(input, 'healthy.yaml'), SCENARIO.replace('name: faulty', 'name: healthy').replace('seed: 3', 'seed: 4\ntrials: 6'));
    writeFileSync(join(input, 'broken.yaml'), SCENARIO.replace('name: faulty', 'name: broken').replace('mean: 2', 'mean: -2'));
    const result = await withFault('incidents@7', ['batch', input, '-o', out, '-w', '1', '--no-charts']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('trial 7, strategy "baseline", stage incidents: fault injected');
    expect(result.stderr).toContain('broken.yaml:6:');
    expect(result.stderr).toContain('batch of 3: 1 ok, 0 skipped, 2 failed');
    const rows = parse(readFileSync(join(out, 'batch-summary.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.fromEntries(rows.map((row) => [basename(row.file!), row.status]))).toEqual({ 'broken.yaml': 'failed', 'faulty.yaml': 'failed', 'healthy.yaml': 'ok' });
    expect(readdirSync(out).sort()).toContain('healthy');
    expect(readdirSync(out)).not.toContain('faulty');
  });

  it('fails a sweep part way with exit 1 (the first value, 5 trials, never reaches trial 7); no sweep folder, nothing staged', async () => {
    const out = join(work, 'sweep');
    const result = await withFault('liability@7', ['sweep', scenario, '--set', 'trials=5,100', '-o', out, '-w', '1', '--no-charts', '-q']);
    expect(result.status).toBe(1);
    expect(readdirSync(work).filter((name) => name.includes('.partial-') || name.includes('.lock'))).toEqual([]);
    expect(result.stderr).toContain('trial 7, strategy "baseline", stage liability: fault injected');
    expect(readdirSync(work)).not.toContain('sweep');
  });

  it('fails explain with exit 1', async () => {
    const result = await withFault('market@7', ['explain', scenario, '--trial', '7']);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('faultline: trial 7, strategy "baseline", stage market: fault injected by FAULTLINE_INJECT_FAULT');
  });
});
