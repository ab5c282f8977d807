import type { ExceedanceRow } from '../stats/summarize-run.ts';
import { formatMoney } from './format-number.ts';
import { toCsv } from './to-csv.ts';

/** The columns of ep.csv. */
export const EP_COLUMNS = ['strategy', 'bearer', 'peril', 'basis', 'return_period', 'loss'] as const;

/** The columns of ep.csv before the `peril` column (its rows are all `all`), which readers still take. */
export const EP_COLUMNS_WITHOUT_PERIL = ['strategy', 'bearer', 'basis', 'return_period', 'loss'] as const;

/**
 * Renders ep.csv: AEP and OEP losses at each return period the trial count supports, per strategy
 * and bearer over all incidents (peril `all`) and then from each incident type alone.
 */
export function epCsv(rows: readonly ExceedanceRow[]): string {
  return toCsv(
    EP_COLUMNS,
    rows.map((row) => [row.strategy, row.bearer, row.peril, row.basis, String(row.returnPeriod), formatMoney(row.loss)]),
  );
}
