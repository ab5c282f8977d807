import type { ExceedanceRow } from '../stats/summarize-run.ts';
import { formatMoney } from '../ledger/format-number.ts';
import { intervalCells } from './summary-csv.ts';
import { toCsv } from './to-csv.ts';

/** The interval columns of ep.csv, after the others: the 90% interval of each row's loss (empty where the trials cannot bound it). */
export const EP_INTERVAL_COLUMNS = ['loss_lo', 'loss_hi'] as const;

/** The columns of ep.csv. */
export const EP_COLUMNS = ['strategy', 'bearer', 'peril', 'basis', 'return_period', 'loss', ...EP_INTERVAL_COLUMNS] as const;

/** The columns of ep.csv before the `peril` and interval columns (its rows are all `all`), which readers still take. */
export const EP_COLUMNS_WITHOUT_PERIL = ['strategy', 'bearer', 'basis', 'return_period', 'loss'] as const;

/**
 * Renders ep.csv: AEP and OEP losses at each return period the trial count supports, with their
 * 90% intervals, per strategy and bearer over all incidents (peril `all`) and then from each
 * incident type alone.
 */
export function epCsv(rows: readonly ExceedanceRow[]): string {
  return toCsv(
    EP_COLUMNS,
    rows.map((row) => [row.strategy, row.bearer, row.peril, row.basis, String(row.returnPeriod), formatMoney(row.loss), ...intervalCells(row.interval)]),
  );
}
