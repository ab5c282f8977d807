import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSimulation } from '../../src/engine/run-simulation.ts';
import type { YearLossTable } from '../../src/ledger/year-loss-table.ts';
import { PERILS } from '../../src/ledger/peril-losses.ts';
import { formatMoney, formatProbability } from '../../src/ledger/format-number.ts';
import { loadScenario } from '../../src/scenario/load-scenario.ts';
import { exceedanceCurve } from '../../src/stats/exceedance-curve.ts';
import { summarizeLosses } from '../../src/stats/summarize-losses.ts';
import { expectExit } from '../helpers/expect-exit.ts';
import { reportDifferences } from '../helpers/report-files.ts';
import { makeTempFolder, parseCsv, PROJECT_ROOT, runCli } from '../helpers/run-cli.ts';

/**
 * Tails per peril (issue 17): every incident's net goes to its incident type, so a bearer's
 * perils add up to its total in every trial; the `all` rows of ep.csv and peril_summary.csv are
 * the statistics of ylt.csv's totals; and the per-peril files are the same bytes for any worker
 * count, chunk size and shard split. strategies.yaml: four strategies, insurance, every incident
 * type.
 */

const STRATEGIES = join(PROJECT_ROOT, 'scenarios/strategies.yaml');
const TRIALS = 1_500;
const root = makeTempFolder('faultline-perils');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('per-peril losses add up to the total', () => {
  let table: YearLossTable;
  beforeAll(async () => {
    table = await runSimulation(loadScenario(STRATEGIES).scenario, { trials: TRIALS, seed: 2027, workers: 2, chunkSize: 97 });
  }, 300_000);

  it('per strategy, bearer and trial, to floating rounding; the largest occurrence is the largest of the perils', () => {
    const annual = new Float64Array(TRIALS);
    const largest = new Float64Array(TRIALS);
    let nonzeroCells = 0;
    let checked = 0;
    table.strategies.forEach((strategy, s) =>
      table.bearers.forEach((bearer, b) => {
        const sum = new Float64Array(TRIALS);
        const maximum = new Float64Array(TRIALS);
        PERILS.forEach((peril, p) => {
          const cell = (s * table.bearers.length + b) * PERILS.length + p;
          table.perilLosses.fill(cell, annual);
          table.perilLosses.fill(cell, largest, 'largest');
          if (annual.some((value) => value !== 0)) {
            nonzeroCells++;
            expect(table.perils, `${peril} has losses, so the scenario defines it`).toContain(peril);
          }
          for (let t = 0; t < TRIALS; t++) {
            sum[t]! += annual[t]!;
            maximum[t] = Math.max(maximum[t]!, largest[t]!);
          }
        });
        for (let t = 0; t < TRIALS; t++) {
          const total = table.years.annual(s, b)[t]!;
          if (total !== 0) checked++;
          expect(Math.abs(sum[t]! - total), `${strategy} ${bearer} trial ${t + 1}: perils ${sum[t]}, total ${total}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(total)));
          expect(maximum[t], `${strategy} ${bearer} trial ${t + 1}: largest`).toBe(table.years.largest(s, b)[t]);
        }
      }),
    );
    expect(nonzeroCells).toBeGreaterThan(20);
    expect(checked).toBeGreaterThan(1_000);
  });
});

describe('ep.csv and peril_summary.csv', () => {
  const out = (name: string) => join(root, name);
  const read = (name: string, file: string) => readFileSync(join(out(name), file), 'utf8');
  beforeAll(async () => {
    const run = (name: string, flags: string[]) => runCli(['run', STRATEGIES, '-n', String(TRIALS), '--no-charts', '-q', '-o', out(name), ...flags]);
    const shard = (index: number) => runCli(['run', STRATEGIES, '-n', String(TRIALS), '--shard', `${index}/3`, '--partial', out(`shard-${index}`), '--workers', '1', '-q']);
    const results = await Promise.all([run('one', ['--workers', '1', '--ylt']), run('two', ['--workers', '2', '--chunk-size', '97', '--ylt']), shard(1), shard(2), shard(3)]);
    for (const result of results) expectExit(result, 0);
    expectExit(await runCli(['merge', out('shard-3'), out('shard-2'), out('shard-1'), '--no-charts', '-q', '--out', out('merged')]), 0);
  }, 300_000);

  it('ep.csv: a peril column after the bearer; per strategy and bearer the all rows, then each peril the scenario defines', () => {
    const { header, rows } = parseCsv(read('one', 'ep.csv'));
    expect(header).toEqual(['strategy', 'bearer', 'peril', 'basis', 'return_period', 'loss', 'loss_lo', 'loss_hi']);
    const platform = rows.filter((row) => row.strategy === 'baseline' && row.bearer === 'platform');
    expect([...new Set(platform.map((row) => row.peril))]).toEqual(['all', 'outage', 'third_party_outage', 'bug', 'breach', 'data_mishandling', 'seller_misconduct', 'loss_event']);
    expect(platform.filter((row) => row.peril === 'breach' && row.basis === 'OEP').map((row) => row.return_period)).toEqual(['2', '5', '10', '25', '50', '100', '200', '250', '500', '1000']);
    // Some peril rows are losses, and of those, less than the total's.
    const at = (peril: string, basis: string, period: string) => Number(platform.find((row) => row.peril === peril && row.basis === basis && row.return_period === period)!.loss);
    const perils = ['outage', 'third_party_outage', 'bug', 'breach', 'data_mishandling', 'seller_misconduct', 'loss_event'];
    expect(perils.filter((peril) => at(peril, 'AEP', '100') > 0).length).toBeGreaterThan(2);
    for (const peril of perils) expect(at(peril, 'AEP', '1000')).toBeLessThanOrEqual(at('all', 'AEP', '1000'));
  });

  it("the all rows of ep.csv and peril_summary.csv are the statistics of ylt.csv's totals, and peril_summary.csv's all rows are summary.csv's", () => {
    const ylt = parseCsv(read('one', 'ylt.csv')).rows;
    const ep = parseCsv(read('one', 'ep.csv')).rows.filter((row) => row.peril === 'all');
    const perilSummary = parseCsv(read('one', 'peril_summary.csv'));
    const summary = parseCsv(read('one', 'summary.csv'));
    // summary.csv's columns, intervals included, with the peril after the bearer.
    expect(perilSummary.header).toEqual([...summary.header.slice(0, 2), 'peril', ...summary.header.slice(2)]);
    const allRows = perilSummary.rows.filter((row) => row.peril === 'all');
    expect(allRows.map(({ peril, ...rest }) => rest)).toEqual(summary.rows);
    // Every peril row's intervals bracket its statistic where the trials bound them.
    for (const row of perilSummary.rows) {
      for (const statistic of ['p99', 'tvar_99']) {
        if (row[`${statistic}_lo`] !== '') expect(Number(row[`${statistic}_lo`]), `${row.peril} ${statistic}`).toBeLessThanOrEqual(Number(row[statistic]));
        if (row[`${statistic}_hi`] !== '') expect(Number(row[`${statistic}_hi`]), `${row.peril} ${statistic}`).toBeGreaterThanOrEqual(Number(row[statistic]));
      }
    }
    const groups = new Map<string, { net: number[]; largest: number[] }>();
    for (const row of ylt) {
      const key = `${row.strategy},${row.bearer}`;
      const group = groups.get(key) ?? { net: [], largest: [] };
      group.net[Number(row.trial) - 1] = Number(row.net);
      group.largest[Number(row.trial) - 1] = Number(row.largest_occurrence);
      groups.set(key, group);
    }
    expect(groups.size).toBe(allRows.length);
    let compared = 0;
    for (const row of allRows) {
      const { net, largest } = groups.get(`${row.strategy},${row.bearer}`)!;
      const annual = Float64Array.from(net, (value) => value ?? 0);
      const s = summarizeLosses(annual);
      // ylt.csv rounds to the cent as ep.csv does, so the quantiles and the mean agree to the cent.
      expect([row.trials, row.p99, row.tvar_99, row.max, row.prob_loss]).toEqual([String(TRIALS), formatMoney(s.p99), formatMoney(s.tvar99), formatMoney(s.max), formatProbability(s.probLoss)]);
      expect(Math.abs(Number(row.mean) - s.mean)).toBeLessThanOrEqual(0.01);
      const curves = ep.filter((point) => point.strategy === row.strategy && point.bearer === row.bearer);
      const sortedLargest = Float64Array.from(largest, (value) => value ?? 0).sort();
      for (const [basis, sorted] of [
        ['AEP', Float64Array.from(annual).sort()],
        ['OEP', sortedLargest],
      ] as const) {
        const expected = exceedanceCurve(sorted).map((point) => [String(point.returnPeriod), formatMoney(point.loss)]);
        expect(curves.filter((point) => point.basis === basis).map((point) => [point.return_period, point.loss])).toEqual(expected);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(40);
  });

  it('peril_summary.csv: the perils of a bearer add up to its all mean', () => {
    const rows = parseCsv(read('one', 'peril_summary.csv')).rows;
    const all = rows.filter((row) => row.peril === 'all');
    for (const total of all) {
      const perils = rows.filter((row) => row.strategy === total.strategy && row.bearer === total.bearer && row.peril !== 'all');
      expect(perils).toHaveLength(7);
      const sum = perils.reduce((acc, row) => acc + Number(row.mean), 0);
      expect(Math.abs(sum - Number(total.mean)), `${total.strategy} ${total.bearer}`).toBeLessThanOrEqual(0.005 * perils.length + 0.005);
    }
    expect(rows.some((row) => row.peril !== 'all' && Number(row.tvar_99) > 0 && Number(row.p99) > 0)).toBe(true);
  });

  it('byte-identical on 1 worker, on 2 workers with chunks of 97 trials, and merged from 3 shards in reverse order', () => {
    for (const file of ['ep.csv', 'peril_summary.csv', 'summary.csv']) {
      expect(read('two', file), file).toBe(read('one', file));
      expect(read('merged', file), file).toBe(read('one', file));
    }
    expect(reportDifferences(out('two'), out('one'))).toEqual([]);
  });
});

describe('faultline report on a run folder whose ep.csv has no peril column (before per-peril tails)', () => {
  it('reads it as the all rows: the exceedance chart is the same but for the intervals it lacks', async () => {
    const folder = join(root, 'older');
    expectExit(await runCli(['run', STRATEGIES, '-n', '300', '-q', '--no-charts', '-o', folder]), 0);
    expectExit(await runCli(['report', folder, '--no-charts', '-q']), 0);
    const chart = readFileSync(join(folder, 'charts/exceedance.vl.json'), 'utf8');
    const { rows } = parseCsv(readFileSync(join(folder, 'ep.csv'), 'utf8'));
    const older = rows.filter((row) => row.peril === 'all').map((row) => [row.strategy, row.bearer, row.basis, row.return_period, row.loss].join(','));
    writeFileSync(join(folder, 'ep.csv'), ['strategy,bearer,basis,return_period,loss', ...older, ''].join('\r\n'));
    rmSync(join(folder, 'charts'), { recursive: true });
    expectExit(await runCli(['report', folder, '--no-charts', '-q']), 0);
    // An old ep.csv has no loss_lo, loss_hi: its points' interval reads '–'; everything else is the same.
    const withoutIntervals = (text: string) => text.replace(/"interval": "[^"]*"/g, '"interval": ""');
    const rebuilt = readFileSync(join(folder, 'charts/exceedance.vl.json'), 'utf8');
    expect(withoutIntervals(rebuilt)).toBe(withoutIntervals(chart));
    expect(rebuilt).toContain('"interval": "–"');
    expect(rebuilt).not.toMatch(/"interval": "\d/);
    expect(chart).toMatch(/"interval": "\d/);
  }, 120_000);
});
