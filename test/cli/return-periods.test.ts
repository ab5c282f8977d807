import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectExit } from '../helpers/expect-exit.ts';
import { makeTempFolder, parseCsv, PROJECT_ROOT, runCli, type CliResult } from '../helpers/run-cli.ts';

const SCENARIO = join(PROJECT_ROOT, 'test/fixtures/scenarios/strategies/good.yaml');
const TRIALS = 800;

describe('faultline run --return-periods and merge --return-periods', () => {
  const out = makeTempFolder('faultline-return-periods');
  const folder = (name: string) => join(out, name);
  const runs: Record<string, CliResult> = {};
  const simulation = [SCENARIO, '--trials', String(TRIALS), '--seed', '3'];

  beforeAll(async () => {
    const chosen = ['--return-periods', '800, 2,10000,100,1000,3'];
    const [chosenRun, defaults, quiet, onShard] = await Promise.all([
      runCli(['run', ...simulation, '--no-charts', '--ylt', ...chosen, '--out', folder('chosen')]),
      runCli(['run', ...simulation, '--no-charts', '--quiet', '--out', folder('defaults')]),
      runCli(['run', ...simulation, '--no-charts', '--quiet', ...chosen, '--out', folder('quiet')]),
      runCli(['run', ...simulation, ...chosen, '--shard', '1/2', '--partial', folder('bad-shard')]),
    ]);
    const shards = await Promise.all([1, 2].map((i) => runCli(['run', ...simulation, '--quiet', '--shard', `${i}/2`, '--partial', folder(`part-${i}`)])));
    const merged = await runCli(['merge', folder('part-1'), folder('part-2'), '--no-charts', '--quiet', ...chosen, '--out', folder('merged')]);
    const bad = await Promise.all(
      ['1', '0,10', 'ten', '10,,100', '10,10', '', '1000000001', '2.5'].map((list) => runCli(['run', ...simulation, '--return-periods', list, '--out', folder(`bad-${list}`)])),
    );
    Object.assign(runs, { chosenRun, defaults, quiet, onShard, merged, shard1: shards[0], shard2: shards[1] });
    bad.forEach((run, i) => (runs[`bad${i}`] = run));
  }, 300_000);

  const ep = (name: string) => parseCsv(readFileSync(join(folder(name), 'ep.csv'), 'utf8')).rows;

  it('writes the chosen return periods in ascending order, leaving out those above the trials with a warning', () => {
    expectExit(runs.chosenRun!, 0);
    const rows = ep('chosen');
    const curves = new Map<string, string[]>();
    for (const row of rows) {
      const key = `${row.strategy} ${row.bearer} ${row.peril} ${row.basis}`;
      curves.set(key, [...(curves.get(key) ?? []), row.return_period!]);
    }
    expect(curves.size).toBeGreaterThan(4);
    for (const periods of curves.values()) expect(periods).toEqual(['2', '3', '100', '800']);
    expect(runs.chosenRun!.stderr).toContain('faultline: ep.csv leaves out the return periods 1,000, 10,000: a run of 800 years says nothing about a 1-in-R year with R above it');
    expect(runs.quiet!.stderr).toBe('');
  });

  it('gives the quantile of the year loss table at 1 − 1/R: x(N − ⌊N/R⌋) of the nets (AEP) and of the largest occurrences (OEP)', () => {
    const ylt = parseCsv(readFileSync(join(folder('chosen'), 'ylt.csv'), 'utf8')).rows;
    for (const row of ep('chosen')) {
      const column = row.basis === 'AEP' ? 'net' : 'largest_occurrence';
      const values = ylt
        .filter((year) => year.strategy === row.strategy && year.bearer === row.bearer)
        .map((year) => Number(year[column]))
        .sort((a, b) => a - b);
      const r = Number(row.return_period);
      expect(Number(row.loss), `${row.strategy} ${row.bearer} ${row.basis} ${r}`).toBeCloseTo(values[TRIALS - Math.floor(TRIALS / r) - 1]!, 2);
    }
  });

  it('keeps the default periods without the flag, and merge writes what run writes', () => {
    expectExit(runs.defaults!, 0);
    expect([...new Set(ep('defaults').map((row) => row.return_period))]).toEqual(['2', '5', '10', '25', '50', '100', '200', '250', '500']);
    expectExit(runs.merged!, 0);
    expect(readFileSync(join(folder('merged'), 'ep.csv'), 'utf8')).toBe(readFileSync(join(folder('chosen'), 'ep.csv'), 'utf8'));
  });

  it('refuses a malformed, out-of-range or repeated period, and the flag on a shard, with exit 2 and nothing written', () => {
    const bad = Array.from({ length: 8 }, (_, i) => runs[`bad${i}`]!);
    for (const run of bad) {
      expectExit(run, 2);
      expect(run.stderr).toContain('--return-periods');
    }
    expect(bad[0]!.stderr).toContain('expected whole numbers of years from 2 to 1,000,000,000, separated by commas (e.g. 2,10,100,1000), got "1"');
    expect(bad[3]!.stderr).toContain('got "" in "10,,100"');
    expect(bad[4]!.stderr).toContain('expected each return period once, got 10 twice in "10,10"');
    for (const list of ['1', '10,10']) expect(existsSync(folder(`bad-${list}`))).toBe(false);
    expectExit(runs.onShard!, 2);
    expect(runs.onShard!.stderr).toContain('expected no --return-periods with --shard');
  });
});
