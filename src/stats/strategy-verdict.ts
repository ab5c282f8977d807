/**
 * The verdict of a run with strategies, for one bearer (the platform): which strategy to choose
 * when the mean is not all that counts (MODEL §10).
 *
 * 1. The cost a strategy is ranked by is its total cost of risk plus the bearer's cost of capital
 *    (`total_with_capital`; the total cost of risk alone without a `cost_of_capital`).
 * 2. Only strategies within the bearer's `risk_tolerance` may be recommended (all of them when it
 *    has none); the recommended one is the cheapest of those, and its lead over the next of those
 *    is tested against its paired standard error.
 * 3. When the strategy cheapest in total cost of risk is another one, the verdict says what its
 *    saving buys: a higher TVaR 99, a breach of the tolerance, or both.
 * 4. When no strategy is within tolerance, none is recommended and the one with the smallest
 *    breach (simulated ÷ acceptable probability at its worst point) is named.
 *
 * Every strategy's difference from the baseline, in mean cost and in TVaR 99, comes with it. The
 * record is what verdict.json holds (keys in snake_case, as in run.json), so the page can say
 * exactly what the terminal said.
 */

import type { YearLossTable } from '../ledger/year-loss-table.ts';
import type { CapitalCost } from '../scenario/schema/risk-appetite-schema.ts';
import { NOISE_Z, type ComparisonRow, type RiskAppetite } from './compare-strategies.ts';
import { pairedTailDifference } from './paired-tail-difference.ts';
import { breachRatio } from './risk-tolerance.ts';

/** A tolerance point breached: the loss, the simulated and the acceptable probability a year. */
export interface VerdictBreach {
  loss: number;
  /** Years with an annual loss above `loss`, of `trials`. */
  years_exceeding: number;
  trials: number;
  simulated: number;
  acceptable: number;
  /** The simulated share is within 1.96 binomial SEs of the acceptable probability: more trials could move it across. */
  within_noise: boolean;
}

/** One strategy as the verdict sees it, against the baseline. */
export interface VerdictStrategy {
  strategy: string;
  total_cost_of_risk: number;
  /** Its difference from the baseline and the paired SE. */
  difference: number;
  se_difference: number;
  /** total_cost_of_risk + the cost of capital: the cost ranked by. */
  total_with_capital: number;
  difference_with_capital: number;
  se_difference_with_capital: number;
  tvar_99: number;
  tvar_99_difference: number;
  se_tvar_99_difference: number;
  /** null when the bearer has no risk tolerance. */
  within_tolerance: boolean | null;
  worst_breach: VerdictBreach | null;
  /** Some tolerance point is within noise of its limit: the test could go the other way with more trials. */
  tolerance_within_noise: boolean;
}

/** A paired comparison of two strategies: a − b and its standard error. */
export interface VerdictPair {
  strategy: string;
  difference: number;
  se: number;
  /** |difference| > 1.96 SE. */
  significant: boolean;
}

/** The verdict for one bearer: verdict.json. */
export interface StrategyVerdict {
  bearer: string;
  baseline: string;
  /** Whether the bearer has a risk tolerance. */
  tolerance: boolean;
  /** The bearer's cost of capital, or null. */
  capital: CapitalCost | null;
  /** Every strategy, in run order. */
  strategies: VerdictStrategy[];
  /** The cheapest strategy (by total_with_capital) within tolerance; null when none is. */
  recommended: string | null;
  /** The next cheapest within tolerance: its cost minus the recommended one's. */
  runner_up: VerdictPair | null;
  /**
   * The strategy cheapest in total cost of risk, when it is not the recommended one: `cost` is
   * the recommended one's total cost of risk minus its own (what choosing it would save),
   * `tvar_99` its TVaR 99 minus the recommended one's.
   */
  cheapest_in_mean: { strategy: string; cost: VerdictPair; tvar_99: VerdictPair; within_tolerance: boolean | null } | null;
  /** When no strategy is within tolerance: the one whose worst breach is smallest. */
  smallest_breach: ({ strategy: string } & VerdictBreach) | null;
}

/**
 * The verdict for `bearer` from the comparison rows (compareStrategies with the same appetite);
 * undefined without two strategies or without the bearer.
 */
export function strategyVerdict(table: YearLossTable, rows: readonly ComparisonRow[], bearer: string, appetite: RiskAppetite = {}): StrategyVerdict | undefined {
  const b = table.bearers.indexOf(bearer);
  if (b < 0 || table.strategies.length < 2) return undefined;
  const own = table.strategies.map((strategy) => rows.find((row) => row.strategy === strategy && row.bearer === bearer));
  if (own.some((row) => row === undefined)) return undefined;
  const bearerRows = own as ComparisonRow[];
  const capital = appetite.cost_of_capital?.[bearer] ?? null;
  const tolerance = appetite.risk_tolerance?.[bearer] !== undefined;
  const annual = (strategy: string) => table.years.annual(table.strategies.indexOf(strategy), b);
  const pair = (a: ComparisonRow, base: ComparisonRow) => pairedTailDifference(annual(a.strategy), annual(base.strategy), capital ?? undefined);
  const judged = (estimate: { difference: number; se: number }, strategy: string): VerdictPair => ({
    strategy,
    ...estimate,
    significant: Math.abs(estimate.difference) > NOISE_Z * estimate.se,
  });

  const byCost = (key: 'totalWithCapital' | 'totalCostOfRisk') => [...bearerRows].sort((x, y) => x[key] - y[key]);
  const eligible = byCost('totalWithCapital').filter((row) => row.tolerance?.within !== false);
  const [best, next] = eligible;
  const cheapest = byCost('totalCostOfRisk')[0]!;

  let runnerUp: VerdictPair | null = null;
  if (best && next) {
    const paired = pair(next, best).withCapital;
    runnerUp = judged({ difference: next.totalWithCapital - best.totalWithCapital, se: paired.se }, next.strategy);
  }
  let cheapestInMean: StrategyVerdict['cheapest_in_mean'] = null;
  if (best && cheapest.strategy !== best.strategy) {
    const paired = pair(best, cheapest);
    cheapestInMean = {
      strategy: cheapest.strategy,
      cost: judged({ difference: best.totalCostOfRisk - cheapest.totalCostOfRisk, se: paired.mean.se }, cheapest.strategy),
      tvar_99: judged({ difference: -paired.tvar99.difference, se: paired.tvar99.se }, cheapest.strategy),
      within_tolerance: cheapest.tolerance ? cheapest.tolerance.within : null,
    };
  }
  let smallestBreach: StrategyVerdict['smallest_breach'] = null;
  if (!best) {
    const least = [...bearerRows].sort((x, y) => breachRatio(x.tolerance!.worstBreach!) - breachRatio(y.tolerance!.worstBreach!))[0]!;
    smallestBreach = { strategy: least.strategy, ...breachOf(least, table.trials)! };
  }
  return {
    bearer,
    baseline: bearerRows[0]!.baseline,
    tolerance,
    capital,
    strategies: bearerRows.map((row) => ({
      strategy: row.strategy,
      total_cost_of_risk: row.totalCostOfRisk,
      difference: row.difference,
      se_difference: row.sePaired,
      total_with_capital: row.totalWithCapital,
      difference_with_capital: row.differenceWithCapital,
      se_difference_with_capital: row.seDifferenceWithCapital,
      tvar_99: row.tvar99,
      tvar_99_difference: row.tvar99Difference,
      se_tvar_99_difference: row.seTvar99Difference,
      within_tolerance: row.tolerance ? row.tolerance.within : null,
      worst_breach: breachOf(row, table.trials),
      tolerance_within_noise: row.tolerance ? row.tolerance.points.some((point) => point.withinNoise) : false,
    })),
    recommended: best ? best.strategy : null,
    runner_up: runnerUp,
    cheapest_in_mean: cheapestInMean,
    smallest_breach: smallestBreach,
  };
}

function breachOf(row: ComparisonRow, trials: number): VerdictBreach | null {
  const worst = row.tolerance?.worstBreach;
  return worst ? { loss: worst.loss, years_exceeding: worst.yearsExceeding, trials, simulated: worst.simulated, acceptable: worst.acceptable, within_noise: worst.withinNoise } : null;
}
