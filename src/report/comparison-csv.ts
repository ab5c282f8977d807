import type { ComparisonRow } from '../stats/compare-strategies.ts';
import { csvTable, flag, money, optionalFlag, optionalMoney, optionalNumber, optionalProbability, text, type RecordOf } from './csv-table.ts';

/**
 * comparison.csv: per strategy and bearer, the total cost of risk and its difference from the
 * baseline strategy with the paired standard error (and, for reference, the unpaired one); the
 * TVaR 99 difference with its paired standard error; the cost of capital and the total with it;
 * and the bearer's risk tolerance tested (`within_tolerance` and the worst breach: empty cells
 * when the bearer has no tolerance, or no breach).
 */
export const COMPARISON_TABLE = csvTable({
  strategy: text((row: ComparisonRow) => row.strategy),
  bearer: text((row: ComparisonRow) => row.bearer),
  mean_loss: money((row: ComparisonRow) => row.meanLoss),
  premiums: money((row: ComparisonRow) => row.premiums),
  mitigation_costs: money((row: ComparisonRow) => row.mitigationCosts),
  total_cost_of_risk: money((row: ComparisonRow) => row.totalCostOfRisk),
  tvar_99: money((row: ComparisonRow) => row.tvar99),
  baseline: text((row: ComparisonRow) => row.baseline),
  difference: money((row: ComparisonRow) => row.difference),
  se_difference: money((row: ComparisonRow) => row.sePaired),
  se_difference_unpaired: money((row: ComparisonRow) => row.seUnpaired),
  within_noise: flag((row: ComparisonRow) => row.withinNoise),
  tvar_99_difference: money((row: ComparisonRow) => row.tvar99Difference),
  se_tvar_99_difference: money((row: ComparisonRow) => row.seTvar99Difference),
  capital_cost: money((row: ComparisonRow) => row.capitalCost),
  total_with_capital: money((row: ComparisonRow) => row.totalWithCapital),
  difference_with_capital: money((row: ComparisonRow) => row.differenceWithCapital),
  se_difference_with_capital: money((row: ComparisonRow) => row.seDifferenceWithCapital),
  within_tolerance: optionalFlag((row: ComparisonRow) => row.tolerance?.within),
  worst_breach_loss: optionalMoney((row: ComparisonRow) => row.tolerance?.worstBreach?.loss),
  worst_breach_probability: optionalProbability((row: ComparisonRow) => row.tolerance?.worstBreach?.simulated),
  worst_breach_acceptable: optionalNumber((row: ComparisonRow) => row.tolerance?.worstBreach?.acceptable),
});

/** The columns of comparison.csv. */
export const COMPARISON_COLUMNS = COMPARISON_TABLE.columns;

/**
 * A row of comparison.csv read back: `within_tolerance` is undefined when the bearer has no risk
 * tolerance, the `worst_breach_` fields when no tolerance point is breached.
 */
export type ComparisonRecord = RecordOf<typeof COMPARISON_TABLE>;

/** Renders comparison.csv: one row per strategy and bearer (see COMPARISON_TABLE). */
export function comparisonCsv(rows: readonly ComparisonRow[]): string {
  return COMPARISON_TABLE.render(rows);
}
