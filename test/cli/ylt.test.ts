import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectExit } from '../helpers/expect-exit.ts';
import { makeTempFolder, parseCsv, PROJECT_ROOT, runCli, type CliResult } from '../helpers/run-cli.ts';

// A scenario with strategies (the year loss table has a block per strategy) over a small market.
const SCENARIO = join(PROJECT_ROOT, 'test/fixtures/scenarios/strategies/good.yaml');
const TRIALS = 600;

describe('faultline run --ylt and merge --ylt', () => {
  const out = makeTempFolder('faultline-ylt');
  const folder = (name: string) => join(out, name);
  const runs: Record<string, CliResult> = {};

  beforeAll(async () => {
    const simulation = [SCENARIO, '--trials', String(TRIALS), '--seed', '5', '--quiet'];
    const common = [...simulation, '--no-charts'];
    const [two, one, none, shardWithYlt] = await Promise.all([
      runCli(['run', ...common, '--ylt', '--workers', '2', '--out', folder('two')]),
      runCli(['run', ...common, '--ylt', '--workers', '1', '--chunk-size', '97', '--out', folder('one')]),
      runCli(['run', ...common, '--out', folder('none')]),
      runCli(['run', ...simulation, '--ylt', '--shard', '1/2', '--partial', folder('bad-shard')]),
    ]);
    const shards = await Promise.all([1, 2].map((i) => runCli(['run', ...simulation, '--shard', `${i}/2`, '--partial', folder(`part-${i}`)])));
    const merged = await runCli(['merge', folder('part-2'), folder('part-1'), '--ylt', '--no-charts', '--quiet', '--out', folder('merged')]);
    Object.assign(runs, { two, one, none, shardWithYlt, merged, shard1: shards[0], shard2: shards[1] });
  }, 300_000);

  const ylt = (name: string) => readFileSync(join(folder(name), 'ylt.csv'), 'utf8');

  it('has a row for every strategy, trial and bearer, in that order, with the documented columns', () => {
    expectExit(runs.two!, 0);
    const { header, rows } = parseCsv(ylt('two'));
    expect(header).toEqual(['strategy', 'trial', 'bearer', 'net', 'occurrences', 'largest_occurrence']);
    const manifest = JSON.parse(readFileSync(join(folder('two'), 'run.json'), 'utf8')) as { strategies: string[]; bearers: string[]; ylt_rows: number };
    expect(manifest.strategies.length).toBeGreaterThan(1);
    expect(rows.length).toBe(manifest.strategies.length * TRIALS * manifest.bearers.length);
    expect(manifest.ylt_rows).toBe(rows.length);
    rows.forEach((row, i) => {
      const b = i % manifest.bearers.length;
      const t = Math.floor(i / manifest.bearers.length) % TRIALS;
      const s = Math.floor(i / (manifest.bearers.length * TRIALS));
      expect([row.strategy, row.trial, row.bearer]).toEqual([manifest.strategies[s], String(t + 1), manifest.bearers[b]]);
    });
  });

  it('gives back summary.csv: each column of net has its mean, its max, its chance of a loss', () => {
    const { rows } = parseCsv(ylt('two'));
    const summary = parseCsv(readFileSync(join(folder('two'), 'summary.csv'), 'utf8')).rows;
    for (const line of summary) {
      const nets = rows.filter((row) => row.strategy === line.strategy && row.bearer === line.bearer).map((row) => Number(row.net));
      expect(nets).toHaveLength(TRIALS);
      const mean = nets.reduce((sum, net) => sum + net, 0) / TRIALS;
      expect(Math.abs(mean - Number(line.mean)), `${line.strategy} ${line.bearer}`).toBeLessThanOrEqual(0.005 + 1e-9 * Math.abs(mean));
      expect(Math.max(...nets).toFixed(2)).toBe(Number(line.max).toFixed(2));
      expect((nets.filter((net) => net > 0).length / TRIALS).toFixed(6)).toBe(line.prob_loss);
    }
  });

  it("counts the year's occurrences as explain lists its incidents, the same for every bearer of the year", async () => {
    const { rows } = parseCsv(ylt('two'));
    const baseline = rows.filter((row) => row.strategy === 'baseline');
    const byTrial = new Map<string, Set<string>>();
    for (const row of baseline) byTrial.set(row.trial!, (byTrial.get(row.trial!) ?? new Set()).add(row.occurrences!));
    for (const counts of byTrial.values()) expect(counts.size).toBe(1);
    // Three years: the first, and the years with the most and with the fewest occurrences.
    const count = (trial: string) => Number([...byTrial.get(trial)!][0]);
    const trials = [...byTrial.keys()].sort((a, b) => count(a) - count(b) || Number(a) - Number(b));
    for (const trial of new Set(['1', trials[0]!, trials[trials.length - 1]!])) {
      const explained = await runCli(['explain', SCENARIO, '--trial', trial, '--seed', '5', '--format', 'json']);
      expectExit(explained, 0);
      expect((JSON.parse(explained.stdout) as { incidents: unknown[] }).incidents.length, `trial ${trial}`).toBe(count(trial));
    }
    expect(count(trials[trials.length - 1]!)).toBeGreaterThan(count(trials[0]!));
  });

  it("has no loss in a year without occurrences, and a largest occurrence of 0 or more (the OEP's figure)", () => {
    const { rows } = parseCsv(ylt('two'));
    expect(rows.some((row) => row.occurrences === '0')).toBe(true);
    for (const row of rows) {
      const [net, largest] = [Number(row.net), Number(row.largest_occurrence)];
      expect(largest).toBeGreaterThanOrEqual(0);
      if (row.occurrences === '0') expect([net, largest]).toEqual([0, 0]);
    }
  });

  it('writes the same bytes on 1 or 2 workers, any chunk size, and merged from shards in any order', () => {
    expectExit(runs.one!, 0);
    expectExit(runs.shard1!, 0);
    expectExit(runs.shard2!, 0);
    expectExit(runs.merged!, 0);
    expect(ylt('one')).toBe(ylt('two'));
    expect(ylt('merged')).toBe(ylt('two'));
    expect(readFileSync(join(folder('merged'), 'summary.csv'), 'utf8')).toBe(readFileSync(join(folder('two'), 'summary.csv'), 'utf8'));
  });

  it('writes no ylt.csv without the flag, and refuses --ylt on a shard (it belongs to merge)', () => {
    expectExit(runs.none!, 0);
    expect(existsSync(join(folder('none'), 'ylt.csv'))).toBe(false);
    expect(JSON.parse(readFileSync(join(folder('none'), 'run.json'), 'utf8'))).not.toHaveProperty('ylt_rows');
    expectExit(runs.shardWithYlt!, 2);
    expect(runs.shardWithYlt!.stderr).toContain('--ylt');
    expect(runs.shardWithYlt!.stderr).toContain('faultline merge');
    expect(existsSync(folder('bad-shard'))).toBe(false);
  });
});
