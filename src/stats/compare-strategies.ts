import type { AnnualCost, YearLossTable } from '../ledger/year-loss-table.ts';
import type { Scenario } from '../scenario/schema/scenario-schema.ts';
import { CompensatedSum } from './neumaier-sum.ts';
import { pairedTailDifference } from './paired-tail-difference.ts';
import { testTolerance, type ToleranceTest } from './risk-tolerance.ts';
import type { SummaryRow } from './summarize-run.ts';

/** A scenario's risk appetite: tolerance curves and costs of capital, per bearer. */
export type RiskAppetite = Pick<Scenario, 'risk_tolerance' | 'cost_of_capital'>;

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
  /** TVaR 99 minus the baseline's. */
  tvar99Difference: number;
  /** Its paired standard error (influence function, see paired-tail-difference.ts). */
  seTvar99Difference: number;
  /** rate × capital a year, the bearer's `cost_of_capital` (0 without one). */
  capitalCost: number;
  /** totalCostOfRisk + capitalCost: what the verdict ranks by. */
  totalWithCapital: number;
  /** totalWithCapital minus the baseline's. */
  differenceWithCapital: number;
  /** Its paired standard error. */
  seDifferenceWithCapital: number;
  /** The bearer's `risk_tolerance` tested; none when the bearer has no tolerance curve. */
  tolerance?: ToleranceTest;
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
 *
 * With a risk appetite, each row also has the bearer's cost of capital (rate × TVaR 99, or ×
 * TVaR 99 minus the mean) added to its total, the TVaR 99 difference with its paired standard
 * error, and the bearer's tolerance curve tested (MODEL §10).
 */
export function compareStrategies(table: YearLossTable, summaries: readonly SummaryRow[], baseline: number, appetite: RiskAppetite = {}): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  const summaryOf = (s: number, b: number) => summaries.find((row) => row.strategy === table.strategies[s] && row.bearer === table.bearers[b])!.summary;
  const fixedCosts = (s: number, bearer: string) => {
    const { premiums, mitigations } = table.costs[s]!;
    const paid = (costs: AnnualCost[]) => costs.reduce((sum, cost) => sum + cost.amount * cost.payers.reduce((share, payer) => share + (payer.bearer === bearer ? payer.share : 0), 0), 0);
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
      const annual = table.years.annual(s, b);
      const baseAnnual = table.years.annual(baseline, b);
      const paired = pairedDifference(annual, baseAnnual);
      const difference = paired.mean + (costs.premiums - baseCosts.premiums) + (costs.mitigationCosts - baseCosts.mitigationCosts);
      const sePaired = paired.se;
      const capital = appetite.cost_of_capital?.[bearer];
      const tail = pairedTailDifference(annual, baseAnnual, capital);
      const capitalOf = (row: { mean: number; tvar99: number }) => (capital ? capital.rate * (row.tvar99 - (capital.on === 'tvar_99' ? 0 : row.mean)) : 0);
      const capitalCost = capitalOf(summary);
      const curve = appetite.risk_tolerance?.[bearer];
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
        tvar99Difference: tail.tvar99.difference,
        seTvar99Difference: tail.tvar99.se,
        capitalCost,
        totalWithCapital: totalCostOfRisk + capitalCost,
        differenceWithCapital: difference + (capitalCost - capitalOf(base)),
        seDifferenceWithCapital: tail.withCapital.se,
        ...(curve ? { tolerance: testTolerance(annual, curve) } : {}),
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
