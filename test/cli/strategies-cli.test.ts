import { RUN_FOLDER_WITH_STRATEGIES, reproducible } from '../helpers/report-files.ts';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPARISON_COLUMNS } from '../../src/report/comparison-csv.ts';
import type { RunManifest } from '../../src/report/run-manifest.ts';
import { makeTempFolder, parseCsv, runCli, snapshotFolder, type CliResult } from '../helpers/run-cli.ts';
import { expectExit } from '../helpers/expect-exit.ts';

/**
 * `faultline run` on a scenario with three strategies (MODEL §10, §11): comparison.csv, the
 * comparison chart, per-strategy rows in every report, run.json's costs, the cheapest-strategy
 * line, `--baseline`, and byte-identical output for any worker count.
 *
 * FAIR-style: outages the platform bears (business interruption) and fraud (third-party damages).
 * `failover` (off in the scenario) halves outages for 10,000 a year; `bi` covers business
 * interruption for a premium of 30,000.
 * - with-failover: failover on; the cheapest for the platform, by far.
 * - no-insurance: bi dropped.
 * - more-cover: bi with no retention and a higher limit, for a premium of 150,000.
 */
const SCENARIO = `
name: three-strategies
seed: 11
trials: 2000
incidents:
  - type: loss_event
    name: outage
    frequency: { dist: poisson, mean: 1 }
    loss: { dist: lognormal, p05: 10000, p95: 500000 }
    bearer: platform
    coverage: business_interruption
  - type: loss_event
    name: fraud
    frequency: { dist: poisson, mean: 2 }
    loss: { dist: lognormal, p05: 1000, p95: 100000 }
    bearer: platform
    coverage: third_party_damages
mitigations:
  - { name: failover, enabled: false, annual_cost: 10000, applies_to: [outage], frequency: 0.5 }
insurance:
  policies:
    - { name: bi, insured: platform, covers: [business_interruption], retention: 20000, limit: 300000, premium: 30000 }
strategies:
  - name: with-failover
    mitigations: [{ name: failover, enabled: true }]
  - name: no-insurance
    insurance: { policies: [{ name: bi, enabled: false }] }
  - name: more-cover
    insurance: { policies: [{ name: bi, retention: 0, limit: 1000000, premium: 150000 }] }
`;
const STRATEGIES = ['baseline', 'with-failover', 'no-insurance', 'more-cover'];
const BEARERS = ['platform', 'insurer:bi'];

const root = makeTempFolder('faultline-strategies');
afterAll(() => rmSync(root, { recursive: true, force: true }));
const file = join(root, 'three-strategies.yaml');
const out = {
  one: join(root, 'one-worker'),
  two: join(root, 'two-workers'),
  rebased: join(root, 'rebased'),
  unknown: join(root, 'unknown-baseline'),
};

function read(folder: string, name: string): string {
  return readFileSync(join(folder, name), 'utf8');
}

function money(text: string | undefined): number {
  expect(text, 'a money cell').toMatch(/^-?\d+\.\d{2}$/);
  return Number(text);
}

let one: CliResult;
let two: CliResult;
let rebased: CliResult;
let unknown: CliResult;
beforeAll(async () => {
  writeFileSync(file, SCENARIO);
  [one, two, rebased, unknown] = await Promise.all([
    runCli(['run', file, '--out', out.one, '--workers', '1']),
    runCli(['run', file, '--out', out.two, '--workers', '2', '--chunk-size', '300', '--quiet']),
    runCli(['run', file, '--out', out.rebased, '--workers', '1', '--baseline', 'with-failover', '--quiet']),
    runCli(['run', file, '--out', out.unknown, '--baseline', 'nope']),
  ]);
});

describe('comparison.csv', () => {
  beforeAll(() => expectExit(one, 0));

  it('has the columns of the report and one row per strategy and bearer, by strategy then bearer', () => {
    const text = read(out.one, 'comparison.csv');
    expect(text.split('\r\n')[0]).toBe(COMPARISON_COLUMNS.join(','));
    const { rows } = parseCsv(text);
    expect(rows.map((row) => [row.strategy, row.bearer])).toEqual(STRATEGIES.flatMap((strategy) => BEARERS.map((bearer) => [strategy, bearer])));
    expect(rows.every((row) => row.baseline === 'baseline')).toBe(true);
  });

  it('gives the baseline rows difference 0 with standard errors 0, within noise', () => {
    const { rows } = parseCsv(read(out.one, 'comparison.csv'));
    for (const row of rows.filter((r) => r.strategy === 'baseline')) {
      expect(row).toMatchObject({ difference: '0.00', se_difference: '0.00', se_difference_unpaired: '0.00', within_noise: 'true' });
    }
  });

  it('adds up: total = mean loss + premiums + mitigation costs; difference = total − the baseline total; mean and tvar_99 as in summary.csv', () => {
    const { rows } = parseCsv(read(out.one, 'comparison.csv'));
    const summary = parseCsv(read(out.one, 'summary.csv')).rows;
    for (const row of rows) {
      const total = money(row.total_cost_of_risk);
      expect(Math.abs(total - (money(row.mean_loss) + money(row.premiums) + money(row.mitigation_costs)))).toBeLessThanOrEqual(0.015);
      const base = rows.find((r) => r.strategy === 'baseline' && r.bearer === row.bearer)!;
      expect(Math.abs(money(row.difference) - (total - money(base.total_cost_of_risk)))).toBeLessThanOrEqual(0.015);
      const stats = summary.find((r) => r.strategy === row.strategy && r.bearer === row.bearer)!;
      expect(row.mean_loss).toBe(stats.mean);
      expect(row.tvar_99).toBe(stats.tvar_99);
      expect(row.within_noise).toBe(String(Math.abs(money(row.difference)) <= 1.96 * money(row.se_difference)));
    }
  });

  it('books premiums to the insured (and minus to the insurer) and the control to its payer, per strategy', () => {
    const { rows } = parseCsv(read(out.one, 'comparison.csv'));
    const cell = (strategy: string, bearer: string) => rows.find((r) => r.strategy === strategy && r.bearer === bearer)!;
    expect([cell('baseline', 'platform').premiums, cell('baseline', 'insurer:bi').premiums]).toEqual(['30000.00', '-30000.00']);
    expect([cell('more-cover', 'platform').premiums, cell('more-cover', 'insurer:bi').premiums]).toEqual(['150000.00', '-150000.00']);
    expect([cell('no-insurance', 'platform').premiums, cell('no-insurance', 'insurer:bi').premiums]).toEqual(['0.00', '0.00']);
    expect(cell('no-insurance', 'insurer:bi')).toMatchObject({ mean_loss: '0.00', total_cost_of_risk: '0.00' });
    expect(rows.map((r) => r.mitigation_costs)).toEqual(['0.00', '0.00', '10000.00', '0.00', '0.00', '0.00', '0.00', '0.00']);
  });

  it('shows the paired standard error well below the unpaired one for the platform', () => {
    const { rows } = parseCsv(read(out.one, 'comparison.csv'));
    // Measured (seed 11, 2,000 trials): with-failover 3,209 / 6,113 = 0.53; no-insurance 2,434 / 8,142
    // = 0.30; more-cover 2,819 / 5,937 = 0.47.
    for (const strategy of ['with-failover', 'no-insurance', 'more-cover']) {
      const row = rows.find((r) => r.strategy === strategy && r.bearer === 'platform')!;
      expect(money(row.se_difference)).toBeGreaterThan(0);
      expect(money(row.se_difference) / money(row.se_difference_unpaired), strategy).toBeLessThan(0.7);
    }
  });
});

describe('the other reports with strategies', () => {
  beforeAll(() => expectExit(one, 0));

  it('summary.csv and ep.csv have rows for every strategy and bearer', () => {
    const summary = parseCsv(read(out.one, 'summary.csv')).rows;
    expect(summary.map((row) => [row.strategy, row.bearer])).toEqual(STRATEGIES.flatMap((strategy) => BEARERS.map((bearer) => [strategy, bearer])));
    expect(summary.every((row) => row.trials === '2000')).toBe(true);
    const ep = parseCsv(read(out.one, 'ep.csv')).rows;
    for (const strategy of STRATEGIES) {
      for (const bearer of BEARERS) {
        for (const basis of ['AEP', 'OEP']) {
          const points = ep.filter((row) => row.strategy === strategy && row.bearer === bearer && row.peril === 'all' && row.basis === basis);
          expect(
            points.map((row) => row.return_period),
            `${strategy} ${bearer} ${basis}`,
          ).toEqual(['2', '5', '10', '25', '50', '100', '200', '250', '500', '1000']);
        }
      }
    }
  });

  it('allocation.csv books insurance recoveries in the strategies that have insurance only', () => {
    const rows = parseCsv(read(out.one, 'allocation.csv')).rows;
    expect(new Set(rows.map((row) => row.strategy))).toEqual(new Set(STRATEGIES));
    for (const strategy of STRATEGIES) {
      const recoveries = rows.filter((row) => row.strategy === strategy && row.component === 'insurance_recovery');
      expect(recoveries.length > 0, strategy).toBe(strategy !== 'no-insurance');
    }
  });

  it('insurance.csv has the policy as each strategy sets it, and none where it is dropped', () => {
    const rows = parseCsv(read(out.one, 'insurance.csv')).rows;
    expect(rows.map((row) => [row.strategy, row.policy, row.attachment, row.limit, row.premium])).toEqual([
      ['baseline', 'bi', '20000.00', '300000.00', '30000.00'],
      ['with-failover', 'bi', '20000.00', '300000.00', '30000.00'],
      ['more-cover', 'bi', '0.00', '1000000.00', '150000.00'],
    ]);
  });

  it("run.json lists the strategies and each strategy's mitigation costs and premiums", () => {
    const manifest = JSON.parse(read(out.one, 'run.json')) as RunManifest;
    expect(manifest.strategies).toEqual(STRATEGIES);
    expect(manifest.bearers).toEqual(BEARERS);
    expect(manifest.mitigation_costs).toEqual({ baseline: {}, 'with-failover': { failover: 10_000 }, 'no-insurance': {}, 'more-cover': {} });
    expect(manifest.premiums).toEqual({ baseline: { bi: 30_000 }, 'with-failover': { bi: 30_000 }, 'no-insurance': {}, 'more-cover': { bi: 150_000 } });
  });

  it('writes the comparison chart: the strategies of comparison.csv, bearers that pay for risk', () => {
    const spec = JSON.parse(read(out.one, 'charts/comparison.vl.json')) as { $schema: string; data: { values: { strategy: string; bearer: string; part: string }[] } };
    expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v5.json');
    expect([...new Set(spec.data.values.map((value) => value.strategy))]).toEqual(STRATEGIES);
    expect(new Set(spec.data.values.map((value) => value.bearer))).toEqual(new Set(['platform']));
    // Per strategy: retained loss, premiums and mitigation costs (and TVaR 99 for its panel).
    for (const strategy of STRATEGIES) expect(spec.data.values.filter((value) => value.strategy === strategy).length).toBeGreaterThanOrEqual(3);
  });
});

describe('the summary at the terminal', () => {
  beforeAll(() => expectExit(one, 0));

  it('names the strategy with the lowest total cost of risk for the platform and its lead over the next', () => {
    const { rows } = parseCsv(read(out.one, 'comparison.csv'));
    const platform = rows.filter((row) => row.bearer === 'platform').sort((a, b) => money(a.total_cost_of_risk) - money(b.total_cost_of_risk));
    // with-failover first, the baseline next: the lead is minus with-failover's difference, its SE that row's.
    expect(platform.map((row) => row.strategy).slice(0, 2)).toEqual(['with-failover', 'baseline']);
    const best = platform[0]!;
    const line = one.stdout.split('\n').find((l) => l.startsWith('Lowest total cost of risk for the platform: '));
    expect(line, one.stdout).toBeDefined();
    const match =
      /^Lowest total cost of risk for the platform: with-failover, USD ([\d,]+) a year; USD ([\d,]+) below baseline \(± ([\d,]+) paired SE\): a significant lead \(more than 1\.96 SE\)\.$/.exec(line!);
    expect(match, line).not.toBeNull();
    const [total, lead, se] = match!.slice(1).map((text) => Number(text.replaceAll(',', '')));
    expect(Math.abs(total! - money(best.total_cost_of_risk))).toBeLessThanOrEqual(1);
    expect(Math.abs(lead! + money(best.difference))).toBeLessThanOrEqual(1);
    expect(Math.abs(se! - money(best.se_difference))).toBeLessThanOrEqual(1);
    expect(one.stdout).toContain('comparison.csv, verdict.json, explain.json, explain-strategies.json, run.json, charts/');
  });
});

describe('--baseline', () => {
  it('compares with the strategy named: its rows are 0, the others differ from it', () => {
    expectExit(rebased, 0);
    expect(rebased.stdout).toBe('');
    const { rows } = parseCsv(read(out.rebased, 'comparison.csv'));
    const original = parseCsv(read(out.one, 'comparison.csv')).rows;
    expect(rows.every((row) => row.baseline === 'with-failover')).toBe(true);
    for (const row of rows) {
      const before = original.find((r) => r.strategy === row.strategy && r.bearer === row.bearer)!;
      // Everything but the comparison is unchanged.
      for (const column of ['mean_loss', 'premiums', 'mitigation_costs', 'total_cost_of_risk', 'tvar_99'] as const) expect(row[column]).toBe(before[column]);
      if (row.strategy === 'with-failover') {
        expect(row).toMatchObject({ difference: '0.00', se_difference: '0.00', se_difference_unpaired: '0.00', within_noise: 'true' });
      } else {
        const pivot = rows.find((r) => r.strategy === 'with-failover' && r.bearer === row.bearer)!;
        expect(Math.abs(money(row.difference) - (money(row.total_cost_of_risk) - money(pivot.total_cost_of_risk)))).toBeLessThanOrEqual(0.015);
      }
      if (row.strategy === 'baseline') {
        // The pair is the same pair: the sign flips, the standard errors stay.
        const mirror = original.find((r) => r.strategy === 'with-failover' && r.bearer === row.bearer)!;
        expect(Math.abs(money(row.difference) + money(mirror.difference))).toBeLessThanOrEqual(0.011);
        expect(row.se_difference).toBe(mirror.se_difference);
        expect(row.se_difference_unpaired).toBe(mirror.se_difference_unpaired);
      }
    }
    // The other reports do not depend on the baseline.
    for (const name of ['summary.csv', 'ep.csv', 'allocation.csv', 'insurance.csv']) expect(read(out.rebased, name), name).toBe(read(out.one, name));
  });

  it('exits 2 on an unknown strategy, listing the strategies, and writes no report folder', () => {
    expectExit(unknown, 2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr.trim()).toBe(`--baseline: expected one of the scenario's strategies (${STRATEGIES.join(', ')}), got "nope"`);
    expect(existsSync(out.unknown)).toBe(false);
  });
});

describe('any worker count', () => {
  it('writes byte-identical reports with 1 worker and with 2 workers in small chunks (run.json: all but the timings and the execution)', () => {
    expectExit(one, 0);
    expectExit(two, 0);
    const a = snapshotFolder(out.one);
    const b = snapshotFolder(out.two);
    expect([...a.keys()].filter((name) => !name.startsWith('charts/'))).toEqual(RUN_FOLDER_WITH_STRATEGIES.filter((name) => name !== 'charts'));
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [name, bytes] of a) if (reproducible(name)) expect(b.get(name)!.equals(bytes), name).toBe(true);
    const stable = (folder: string) => {
      const { workers, chunk_size, started_at, timings_ms, trials_per_second, peak_rss_mib, ...rest } = JSON.parse(read(folder, 'run.json')) as RunManifest;
      return rest;
    };
    expect(stable(out.two)).toEqual(stable(out.one));
  });
});
