import { describe, expect, it } from 'vitest';
import type { StrategyCosts, YearLossTable } from '../../src/ledger/year-loss-table.ts';
import { compareStrategies, NOISE_Z, pairedDifference, type ComparisonRow } from '../../src/stats/compare-strategies.ts';
import { strategyVerdict } from '../../src/stats/strategy-verdict.ts';
import { summarizeRun } from '../../src/stats/summarize-run.ts';
import { perilCellCount, PerilLossTable } from '../../src/ledger/peril-losses.ts';
import { yearColumns } from '../helpers/year-loss-table.ts';

/**
 * compareStrategies by hand (MODEL §10) on a year loss table of 2 strategies × 2 bearers × 4
 * trials:
 *
 * | trial | baseline platform | baseline insurer:cyber | alt platform | alt insurer:cyber |
 * |-------|-------------------|------------------------|--------------|-------------------|
 * | 1     | 100               | 0                      | 40           | 60                |
 * | 2     | 20                | 0                      | 0            | 0                 |
 * | 3     | 300               | 100                    | 260          | 40                |
 * | 4     | 180               | 0                      | 100          | 100               |
 * | mean  | 150               | 25                     | 100          | 50                |
 *
 * Fixed costs: baseline pays premium 30 for `cyber`; alt pays premium 40 for `cyber`, 10 for
 * mitigation `mfa` (paid_by platform) and 5 for `vetting` (paid_by sellers, not a bearer of this
 * table, so nobody here counts it).
 */
const table: YearLossTable = {
  trials: 4,
  strategies: ['baseline', 'alt'],
  bearers: ['platform', 'insurer:cyber'],
  years: yearColumns(
    [
      [Float64Array.of(100, 20, 300, 180), Float64Array.of(0, 0, 100, 0)],
      [Float64Array.of(40, 0, 260, 100), Float64Array.of(60, 0, 40, 100)],
    ],
    [
      [Float64Array.of(100, 20, 300, 180), Float64Array.of(0, 0, 100, 0)],
      [Float64Array.of(40, 0, 260, 100), Float64Array.of(60, 0, 40, 100)],
    ],
    [Float64Array.of(1, 0, 2, 1), Float64Array.of(1, 0, 2, 1)],
  ),
  perils: [],
  perilLosses: new PerilLossTable(4, perilCellCount(2, 2)),
  costs: [
    { mitigations: [], premiums: [{ name: 'cyber', amount: 30, payers: [{ bearer: 'platform', share: 1 }] }] },
    {
      mitigations: [
        { name: 'mfa', amount: 10, payers: [{ bearer: 'platform', share: 1 }] },
        { name: 'vetting', amount: 5, payers: [{ bearer: 'sellers', share: 1 }] },
      ],
      premiums: [{ name: 'cyber', amount: 40, payers: [{ bearer: 'platform', share: 1 }] }],
    },
  ] satisfies StrategyCosts[],
  allocationSums: new Map(),
  insuranceSums: new Map(),
  insurance: [],
};
const summaries = summarizeRun(table).summaries;

function rowOf(rows: readonly ComparisonRow[], strategy: string, bearer: string): ComparisonRow {
  const row = rows.find((r) => r.strategy === strategy && r.bearer === bearer);
  if (!row) throw new Error(`no row for ${strategy} / ${bearer}`);
  return row;
}

describe('compareStrategies by hand', () => {
  const rows = compareStrategies(table, summaries, 0);

  it('writes one row per strategy and bearer, by strategy then bearer', () => {
    expect(rows.map((row) => [row.strategy, row.bearer])).toEqual([
      ['baseline', 'platform'],
      ['baseline', 'insurer:cyber'],
      ['alt', 'platform'],
      ['alt', 'insurer:cyber'],
    ]);
    expect(rows.every((row) => row.baseline === 'baseline')).toBe(true);
  });

  it('adds premiums and mitigation costs to the mean retained loss; an insurer counts the premiums it receives negative', () => {
    expect(rowOf(rows, 'baseline', 'platform')).toMatchObject({ meanLoss: 150, premiums: 30, mitigationCosts: 0, totalCostOfRisk: 180, tvar99: 300 });
    expect(rowOf(rows, 'baseline', 'insurer:cyber')).toMatchObject({ meanLoss: 25, premiums: -30, mitigationCosts: 0, totalCostOfRisk: -5, tvar99: 100 });
    // mfa (10) is the platform's; vetting (5) is paid by sellers, who are not in this table.
    expect(rowOf(rows, 'alt', 'platform')).toMatchObject({ meanLoss: 100, premiums: 40, mitigationCosts: 10, totalCostOfRisk: 150, tvar99: 260 });
    expect(rowOf(rows, 'alt', 'insurer:cyber')).toMatchObject({ meanLoss: 50, premiums: -40, mitigationCosts: 0, totalCostOfRisk: 10, tvar99: 100 });
  });

  it('gives the baseline rows difference 0, both standard errors 0, within noise', () => {
    for (const bearer of table.bearers) {
      expect(rowOf(rows, 'baseline', bearer)).toMatchObject({ difference: 0, sePaired: 0, seUnpaired: 0, withinNoise: true });
    }
  });

  it('takes the standard error of a difference from the paired per-trial differences: sd(x_s − x_b)/√N', () => {
    // Platform: per-trial differences −60, −20, −40, −80, mean −50; deviations −10, 30, 10, −30;
    // sd = √(2,000 / 3) = 25.820, se = 12.910. Difference = −50 + (40 − 30) + (10 − 0) = −30 = 150 − 180.
    const platform = rowOf(rows, 'alt', 'platform');
    expect(platform.difference).toBeCloseTo(-30, 10);
    expect(platform.sePaired).toBeCloseTo(Math.sqrt(2000 / 3) / 2, 10);
    // |−30| > 1.96 × 12.910 = 25.30: a real difference.
    expect(platform.withinNoise).toBe(false);

    // Insurer: differences 60, 0, −60, 100, mean 25; deviations 35, −25, −85, 75; sd = √(14,700 / 3) = 70,
    // se = 35. Difference = 25 + (−40 − (−30)) = 15 = 10 − (−5). |15| ≤ 1.96 × 35 = 68.6.
    const insurer = rowOf(rows, 'alt', 'insurer:cyber');
    expect(insurer.difference).toBeCloseTo(15, 10);
    expect(insurer.sePaired).toBeCloseTo(35, 10);
    expect(insurer.withinNoise).toBe(true);
  });

  it('reports the unpaired standard error √(se_s² + se_b²) beside it, far larger here', () => {
    // Platform: var(alt) = 39,200 / 3, var(baseline) = 42,800 / 3; se² = var / 4.
    const platform = rowOf(rows, 'alt', 'platform');
    expect(platform.seUnpaired).toBeCloseTo(Math.hypot(Math.sqrt(39_200 / 3) / 2, Math.sqrt(42_800 / 3) / 2), 10);
    expect(platform.seUnpaired).toBeCloseTo(82.664, 3);
    // Insurer: var(alt) = 5,200 / 3, var(baseline) = 7,500 / 3.
    const insurer = rowOf(rows, 'alt', 'insurer:cyber');
    expect(insurer.seUnpaired).toBeCloseTo(Math.hypot(Math.sqrt(5_200 / 3) / 2, Math.sqrt(7_500 / 3) / 2), 10);
  });

  it('judges within noise at exactly 1.96 paired standard errors', () => {
    expect(NOISE_Z).toBe(1.96);
    for (const row of rows) expect(row.withinNoise).toBe(Math.abs(row.difference) <= NOISE_Z * row.sePaired);
  });

  it('compares with another baseline when asked: signs flip, standard errors stay, the new baseline rows are 0', () => {
    const flipped = compareStrategies(table, summaries, 1);
    expect(flipped.every((row) => row.baseline === 'alt')).toBe(true);
    for (const bearer of table.bearers) {
      const before = rowOf(rows, 'alt', bearer);
      const after = rowOf(flipped, 'baseline', bearer);
      expect(after.difference).toBeCloseTo(-before.difference, 10);
      expect(after.sePaired).toBeCloseTo(before.sePaired, 10);
      expect(after.seUnpaired).toBeCloseTo(before.seUnpaired, 10);
      expect(after.totalCostOfRisk).toBe(rowOf(rows, 'baseline', bearer).totalCostOfRisk);
      expect(rowOf(flipped, 'alt', bearer)).toMatchObject({ difference: 0, sePaired: 0, seUnpaired: 0, withinNoise: true });
    }
  });
});

describe('pairedDifference', () => {
  it('gives the mean and the sample (n − 1) standard deviation of a − b', () => {
    expect(pairedDifference(Float64Array.of(3, 5, 7), Float64Array.of(1, 2, 3))).toEqual({ mean: 3, sd: 1, se: 1 / Math.sqrt(3) });
    expect(pairedDifference(Float64Array.of(1, 2), Float64Array.of(1, 2))).toEqual({ mean: 0, sd: 0, se: 0 });
    expect(pairedDifference(Float64Array.of(9), Float64Array.of(4))).toEqual({ mean: 5, sd: 0, se: 0 });
  });
});

describe('strategyVerdict without a risk appetite: the cheapest strategy', () => {
  const rows = compareStrategies(table, summaries, 0);

  it('recommends the lowest total cost of risk and judges its lead over the next by the paired standard error', () => {
    // Platform: alt 150 < baseline 180; lead 30 against se 12.910: significant.
    const platform = strategyVerdict(table, rows, 'platform')!;
    expect(platform.bearer).toBe('platform');
    expect(platform.recommended).toBe('alt');
    expect(platform.runner_up!.strategy).toBe('baseline');
    expect(platform.runner_up!.difference).toBeCloseTo(30, 10);
    expect(platform.runner_up!.se).toBeCloseTo(Math.sqrt(2000 / 3) / 2, 10);
    expect(platform.runner_up!.significant).toBe(true);
    // The cheapest in mean is the recommended one: nothing to warn about.
    expect(platform.cheapest_in_mean).toBeNull();
    expect(platform.tolerance).toBe(false);
  });

  it('says a lead within 1.96 standard errors is not significant', () => {
    // Insurer: baseline −5 < alt 10; lead 15 against se 35.
    const insurer = strategyVerdict(table, rows, 'insurer:cyber')!;
    expect(insurer.recommended).toBe('baseline');
    expect(insurer.runner_up!.strategy).toBe('alt');
    expect(insurer.runner_up!.difference).toBeCloseTo(15, 10);
    expect(insurer.runner_up!.se).toBeCloseTo(35, 10);
    expect(insurer.runner_up!.significant).toBe(false);
  });

  it('judges the same whichever strategy the comparison rows were made against', () => {
    const flipped = strategyVerdict(table, compareStrategies(table, summaries, 1), 'platform')!;
    expect(flipped.recommended).toBe('alt');
    expect(flipped.runner_up!.difference).toBeCloseTo(30, 10);
    expect(flipped.runner_up!.significant).toBe(true);
  });

  it('has nothing to say for an unknown bearer or a run without strategies', () => {
    expect(strategyVerdict(table, rows, 'sellers')).toBeUndefined();
    const baseline = (column: (b: number) => Float64Array) => [table.bearers.map((_, b) => column(b))];
    const years = yearColumns(
      baseline((b) => table.years.annual(0, b)),
      baseline((b) => table.years.largest(0, b)),
      [table.years.occurrences(0)],
    );
    const single: YearLossTable = { ...table, strategies: ['baseline'], years, costs: [table.costs[0]!] };
    const singleRows = compareStrategies(single, summarizeRun(single).summaries, 0);
    expect(strategyVerdict(single, singleRows, 'platform')).toBeUndefined();
  });
});
