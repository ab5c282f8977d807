import type { ExceedanceRow } from '../stats/summarize-run.ts';
import { formatMoney } from './format-number.ts';
import { toCsv } from './to-csv.ts';

/** The columns of ep.csv. */
export const EP_COLUMNS = ['strategy', 'bearer', 'basis', 'return_period', 'loss'] as const;

/** Renders ep.csv: AEP and OEP losses at each return period the trial count supports. */
export function epCsv(rows: readonly ExceedanceRow[]): string {
  return toCsv(
    EP_COLUMNS,
    rows.map((row) => [row.strategy, row.bearer, row.basis, String(row.returnPeriod), formatMoney(row.loss)]),
  );
}
