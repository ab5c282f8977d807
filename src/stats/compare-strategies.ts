import type { AnnualCost, YearLossTable } from '../engine/run-simulation.ts';
import { CompensatedSum } from './neumaier-sum.ts';
import type { SummaryRow } from './summarize-run.ts';

/** Two-sided 95% normal quantile: a difference within 1.96 standard errors is within noise. */
export const NOISE_Z = 1.96;

/** One row of comparison.csv: a strategy's cost of risk for one bearer, against the baseline. */
export interface ComparisonRow {
  strategy: string;
  bearer: string;
  /** Mean annual net loss the bearer keeps (after liability and insurance). */
  meanLoss: number;
  /** Premiums the bearer pays a year (an insurer: minus the premiums it receives). */
  premiums: number;
  /** Annual cost of the mitigations the bearer pays for. */
  mitigationCosts: number;
  /** meanLoss + premiums + mitigationCosts (MODEL §10). */
  totalCostOfRisk: number;
  tvar99: number;
  /** The strategy compared against. */
  baseline: string;
  /** Total cost of risk minus the baseline's. */
  difference: number;
  /** Standard error of the difference from the paired per-trial differences (common random numbers). */
  sePaired: number;
  /** What the standard error would be for independent runs: √(se² + se_baseline²). */
  seUnpaired: number;
  /** |difference| ≤ 1.96 · sePaired: the strategies cannot be told apart at this many trials. */
  withinNoise: boolean;
}

/**
 * Compares every strategy with a baseline strategy, bearer by bearer (MODEL §10).
 *
 * The total cost of risk is the mean retained loss plus the premiums and mitigation costs the
 * bearer pays (an insurer's premiums count negative: it receives them). Fixed costs have no
 * sampling error, so the standard error of a difference is that of the mean of the per-trial
 * differences of annual loss, sd(x_s − x_b)/√N: the strategies replay the same trials with the
 * same draws, which makes it far smaller than the unpaired √(se_s² + se_b²). A strategy identical
 * to the baseline differs by exactly 0.
 */
export function compareStrategies(table: YearLossTable, summaries: readonly SummaryRow[], baseline: number): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  const summaryOf = (s: number, b: number) => summaries.find((row) => row.strategy === table.strategies[s] && row.bearer === table.bearers[b])!.summary;
  const fixedCosts = (s: number, bearer: string) => {
    const { premiums, mitigations } = table.costs[s]!;
    const paid = (costs: AnnualCost[]) =>
      costs.reduce((sum, cost) => sum + cost.amount * cost.payers.reduce((share, payer) => share + (payer.bearer === bearer ? payer.share : 0), 0), 0);
    const received = premiums.filter((cost) => `insurer:${cost.name}` === bearer).reduce((sum, cost) => sum + cost.amount, 0);
    return { premiums: paid(premiums) - received, mitigationCosts: paid(mitigations) };
  };
  table.strategies.forEach((strategy, s) => {
    table.bearers.forEach((bearer, b) => {
      const summary = summaryOf(s, b);
      const base = summaryOf(baseline, b);
      const costs = fixedCosts(s, bearer);
      const baseCosts = fixedCosts(baseline, bearer);
      const totalCostOfRisk = summary.mean + costs.premiums + costs.mitigationCosts;
      const paired = pairedDifference(table.annual[s]![b]!, table.annual[baseline]![b]!);
      const difference = paired.mean + (costs.premiums - baseCosts.premiums) + (costs.mitigationCosts - baseCosts.mitigationCosts);
      const sePaired = paired.se;
      rows.push({
        strategy,
        bearer,
        meanLoss: summary.mean,
        ...costs,
        totalCostOfRisk,
        tvar99: summary.tvar99,
        baseline: table.strategies[baseline]!,
        difference,
        sePaired,
        seUnpaired: s === baseline ? 0 : Math.hypot(summary.seMean, base.seMean),
        withinNoise: Math.abs(difference) <= NOISE_Z * sePaired,
      });
    });
  });
  return rows;
}

/** Mean, sample standard deviation and standard error of the mean of the per-trial differences a − b. */
export function pairedDifference(a: Float64Array, b: Float64Array): { mean: number; sd: number; se: number } {
  const n = a.length;
  const sum = new CompensatedSum();
  for (let i = 0; i < n; i++) sum.add(a[i]! - b[i]!);
  const mean = sum.value() / n;
  const squares = new CompensatedSum();
  for (let i = 0; i < n; i++) squares.add((a[i]! - b[i]! - mean) ** 2);
  const sd = n > 1 ? Math.sqrt(squares.value() / (n - 1)) : 0;
  return { mean, sd, se: n > 1 ? sd / Math.sqrt(n) : 0 };
}

/** The verdict for a person at a terminal: which strategy costs the platform least, and whether its lead is real. */
export interface CheapestStrategy {
  bearer: string;
  best: ComparisonRow;
  /** The next cheapest strategy, and the paired difference between the two. */
  runnerUp?: { row: ComparisonRow; difference: number; se: number; significant: boolean };
}

/** The strategy with the lowest total cost of risk for a bearer, and its lead over the next. */
export function cheapestStrategy(table: YearLossTable, rows: readonly ComparisonRow[], bearer: string): CheapestStrategy | undefined {
  const b = table.bearers.indexOf(bearer);
  if (b < 0 || table.strategies.length < 2) return undefined;
  const ranked = rows.filter((row) => row.bearer === bearer).sort((x, y) => x.totalCostOfRisk - y.totalCostOfRisk);
  const [best, next] = ranked;
  if (!best || !next) return undefined;
  const s = table.strategies.indexOf(best.strategy);
  const t = table.strategies.indexOf(next.strategy);
  const paired = pairedDifference(table.annual[t]![b]!, table.annual[s]![b]!);
  const difference = next.totalCostOfRisk - best.totalCostOfRisk;
  const { se } = paired;
  return { bearer, best, runnerUp: { row: next, difference, se, significant: Math.abs(difference) > NOISE_Z * se } };
}
