import { describe, expect, it } from 'vitest';
import { compareStrategies, type RiskAppetite } from '../../src/stats/compare-strategies.ts';
import { strategyVerdict } from '../../src/stats/strategy-verdict.ts';
import { summarizeRun } from '../../src/stats/summarize-run.ts';
import { verdictText } from '../../src/report/verdict-text.ts';
import { handBuiltTable, years } from '../helpers/year-loss-table.ts';

/**
 * The verdict with a risk appetite (MODEL §10), on a hand-built table of 200 years, in thousands:
 *
 * | strategy | ordinary years | large years       | mean   | TVaR 99 (2 largest) | years > 500k | premium |
 * |----------|----------------|-------------------|--------|---------------------|--------------|---------|
 * | baseline | 198 × 10k      | 1,000k, 1,000k    | 19.9k  | 1,000k              | 2 (1%)       |         |
 * | risky    | 197 × 1k       | 3 × 1,200k        | 18.985k| 1,200k              | 3 (1.5%)     |         |
 * | safe     | 198 × 10k      | 400k, 250k        | 13.15k | 325k                | 0            | 15k     |
 *
 * `risky` is the cheapest in mean and the riskiest: more large years and larger ones.
 */
const table = handBuiltTable({
  baseline: { losses: years(200, 10_000, [1_000_000, 1_000_000]) },
  risky: { losses: years(200, 1_000, [1_200_000, 1_200_000, 1_200_000]) },
  safe: { losses: years(200, 10_000, [400_000, 250_000]), premium: 15_000 },
});
const summaries = summarizeRun(table).summaries;
const verdictOf = (appetite: RiskAppetite) => strategyVerdict(table, compareStrategies(table, summaries, 0, appetite), 'platform', appetite)!;
const tolerance = (probability: number, loss = 500_000): RiskAppetite['risk_tolerance'] => ({ platform: [{ loss, probability }] });

describe('a strategy that lowers the mean but breaches the tolerance', () => {
  const verdict = verdictOf({ risk_tolerance: tolerance(0.01) });

  it('is not recommended: the cheapest strategy within tolerance is', () => {
    expect(verdict.strategies.map((row) => [row.strategy, row.within_tolerance])).toEqual([
      ['baseline', true], // 2 of 200 years above 500k: 1%, at most 1%
      ['risky', false],
      ['safe', true],
    ]);
    expect(verdict.recommended).toBe('baseline');
    expect(verdict.runner_up).toMatchObject({ strategy: 'safe' });
    expect(verdict.runner_up!.difference).toBeCloseTo(13_150 + 15_000 - 19_900, 6);
  });

  it('says the cheapest in mean is riskier: its saving, its breach and its higher TVaR 99, each with a paired SE', () => {
    const cheapest = verdict.cheapest_in_mean!;
    expect(cheapest.strategy).toBe('risky');
    expect(cheapest.within_tolerance).toBe(false);
    expect(cheapest.cost.difference).toBeCloseTo(19_900 - 18_985, 6);
    expect(cheapest.cost.se).toBeGreaterThan(0);
    expect(cheapest.tvar_99.difference).toBe(200_000);
    expect(cheapest.tvar_99.se).toBeGreaterThan(0);
    const [head, warning] = verdictText(verdict, 'USD').sentences;
    expect(head).toMatch(/^Lowest total cost of risk within the platform's risk tolerance: baseline, USD 19,900 a year; USD 8,250 below safe \(± [\d,]+ paired SE\)/);
    expect(warning).toMatch(
      /^risky costs USD 915 a year less in total cost of risk \(± [\d,]+ paired SE\) but is riskier than baseline: outside the risk tolerance \(a loss above USD 500,000 in 3 of 200 years \(1\.5%\), at most 1% acceptable, within noise of the limit\); TVaR 99 USD 200,000 higher \(± [\d,]+ paired SE/,
    );
  });

  it('states every strategy against the baseline in mean and in TVaR 99, with paired SEs', () => {
    const text = verdictText(verdict, 'USD');
    expect(text.header).toEqual(['strategy', 'total cost of risk', 'vs baseline ± SE', 'TVaR 99', 'vs baseline ± SE', 'risk tolerance']);
    const risky = text.rows.find((row) => row[0] === 'risky')!;
    const row = verdict.strategies.find((entry) => entry.strategy === 'risky')!;
    expect(risky[2]).toBe(`-915 ± ${Math.round(row.se_difference).toLocaleString('en-US')}`);
    expect(risky[4]).toBe(`+200,000 ± ${Math.round(row.se_tvar_99_difference).toLocaleString('en-US')}`);
    // At 200 years, 3 years (1.5%) against 1% is within 1.96 binomial SEs (1.38 points) of the limit, and says so.
    expect(risky[5]).toBe('breached: a loss above USD 500,000 in 3 of 200 years (1.5%), at most 1% acceptable, within noise of the limit');
    expect(text.rows.find((r) => r[0] === 'baseline')!.slice(2)).toEqual(['0 ± 0', 'USD 1,000,000', '0 ± 0', 'within (near a limit: more trials to be sure)']);
  });

  it('is recommended without a tolerance, where the mean alone decides', () => {
    const neutral = verdictOf({});
    expect(neutral.recommended).toBe('risky');
    expect(neutral.cheapest_in_mean).toBeNull();
    expect(neutral.tolerance).toBe(false);
  });
});

describe('no strategy within tolerance', () => {
  // At most 0.4% of years above 300k: baseline 1% (ratio 2.5), risky 1.5% (3.75), safe 0.5% (1.25).
  const verdict = verdictOf({ risk_tolerance: tolerance(0.004, 300_000) });

  it('recommends none and names the one with the smallest breach', () => {
    expect(verdict.recommended).toBeNull();
    expect(verdict.runner_up).toBeNull();
    expect(verdict.cheapest_in_mean).toBeNull();
    expect(verdict.smallest_breach).toMatchObject({ strategy: 'safe', loss: 300_000, years_exceeding: 1, simulated: 0.005, acceptable: 0.004 });
    expect(verdictText(verdict, 'USD').sentences).toEqual([
      "No strategy keeps the platform within its risk tolerance; the smallest breach is safe's: a loss above USD 300,000 in 1 of 200 years (0.5%), at most 0.4% acceptable, within noise of the limit.",
    ]);
  });
});

describe('cost of capital', () => {
  it('adds rate × TVaR 99 (on: tvar_99) to the total, and ranks by the total with it', () => {
    const appetite: RiskAppetite = { cost_of_capital: { platform: { rate: 0.1, on: 'tvar_99' } } };
    const rows = compareStrategies(table, summaries, 0, appetite);
    const row = (strategy: string) => rows.find((r) => r.strategy === strategy)!;
    expect(row('baseline').capitalCost).toBeCloseTo(100_000, 6);
    expect(row('risky').capitalCost).toBeCloseTo(120_000, 6);
    expect(row('safe').capitalCost).toBeCloseTo(32_500, 6);
    expect(row('risky').totalWithCapital).toBeCloseTo(18_985 + 120_000, 6);
    expect(row('risky').differenceWithCapital).toBeCloseTo(18_985 + 120_000 - (19_900 + 100_000), 6);
    // safe: 28,150 + 32,500 = 60,650 is now the cheapest; risky, cheapest in mean, has the higher TVaR.
    const verdict = strategyVerdict(table, rows, 'platform', appetite)!;
    expect(verdict.recommended).toBe('safe');
    expect(verdict.cheapest_in_mean!.strategy).toBe('risky');
    expect(verdict.cheapest_in_mean!.within_tolerance).toBeNull();
    expect(verdict.cheapest_in_mean!.tvar_99.difference).toBeCloseTo(1_200_000 - 325_000, 6);
    expect(verdictText(verdict, 'USD').sentences[0]).toMatch(/^Lowest total cost of risk for the platform \(capital at 10% a year of TVaR 99 included\): safe, USD 60,650 a year; /);
  });

  it('charges the unexpected loss, TVaR 99 minus the mean, with on: tvar_99_over_mean', () => {
    const rows = compareStrategies(table, summaries, 0, { cost_of_capital: { platform: { rate: 0.08, on: 'tvar_99_over_mean' } } });
    const baseline = rows.find((r) => r.strategy === 'baseline')!;
    expect(baseline.capitalCost).toBeCloseTo(0.08 * (1_000_000 - 19_900), 6);
    expect(baseline.totalWithCapital).toBeCloseTo(19_900 + 0.08 * (1_000_000 - 19_900), 6);
    expect(baseline.differenceWithCapital).toBe(0);
    expect(baseline.seDifferenceWithCapital).toBe(0);
  });

  it('charges nothing to a bearer without a cost of capital', () => {
    const rows = compareStrategies(table, summaries, 0, { cost_of_capital: { 'insurer:cover': { rate: 0.1, on: 'tvar_99' } } });
    for (const row of rows) {
      expect(row.capitalCost).toBe(0);
      expect(row.totalWithCapital).toBe(row.totalCostOfRisk);
      expect(row.seDifferenceWithCapital).toBe(row.sePaired);
    }
  });
});
