import type { ComparisonRow } from '../stats/compare-strategies.ts';
import { formatMoney } from './format-number.ts';
import { toCsv } from './to-csv.ts';

/** The columns of comparison.csv. */
export const COMPARISON_COLUMNS = [
  'strategy', 'bearer', 'mean_loss', 'premiums', 'mitigation_costs', 'total_cost_of_risk', 'tvar_99',
  'baseline', 'difference', 'se_difference', 'se_difference_unpaired', 'within_noise',
] as const;

/**
 * Renders comparison.csv: per strategy and bearer, the total cost of risk and its difference from
 * the baseline strategy with the paired standard error (and, for reference, the unpaired one).
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
    ]),
  );
}
