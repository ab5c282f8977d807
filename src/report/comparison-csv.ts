import type { ComparisonRow } from '../stats/compare-strategies.ts';
import { formatMoney, formatProbability } from '../ledger/format-number.ts';
import { toCsv } from './to-csv.ts';

/** The columns of comparison.csv. */
export const COMPARISON_COLUMNS = [
  'strategy', 'bearer', 'mean_loss', 'premiums', 'mitigation_costs', 'total_cost_of_risk', 'tvar_99',
  'baseline', 'difference', 'se_difference', 'se_difference_unpaired', 'within_noise',
  'tvar_99_difference', 'se_tvar_99_difference', 'capital_cost', 'total_with_capital', 'difference_with_capital', 'se_difference_with_capital',
  'within_tolerance', 'worst_breach_loss', 'worst_breach_probability', 'worst_breach_acceptable',
] as const;

/**
 * Renders comparison.csv: per strategy and bearer, the total cost of risk and its difference from
 * the baseline strategy with the paired standard error (and, for reference, the unpaired one);
 * the TVaR 99 difference with its paired standard error; the cost of capital and the total with
 * it; and the bearer's risk tolerance tested (`within_tolerance` and the worst breach: empty cells
 * when the bearer has no tolerance, or no breach).
 */
export function comparisonCsv(rows: readonly ComparisonRow[]): string {
  return toCsv(
    COMPARISON_COLUMNS,
    rows.map((row) => [
      row.strategy,
      row.bearer,
      ...[row.meanLoss, row.premiums, row.mitigationCosts, row.totalCostOfRisk, row.tvar99].map(formatMoney),
      row.baseline,
      ...[row.difference, row.sePaired, row.seUnpaired].map(formatMoney),
      String(row.withinNoise),
      ...[row.tvar99Difference, row.seTvar99Difference, row.capitalCost, row.totalWithCapital, row.differenceWithCapital, row.seDifferenceWithCapital].map(formatMoney),
      row.tolerance ? String(row.tolerance.within) : '',
      row.tolerance?.worstBreach ? formatMoney(row.tolerance.worstBreach.loss) : '',
      row.tolerance?.worstBreach ? formatProbability(row.tolerance.worstBreach.simulated) : '',
      row.tolerance?.worstBreach ? String(row.tolerance.worstBreach.acceptable) : '',
    ]),
  );
}
