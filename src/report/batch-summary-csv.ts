import { toCsv, type CsvCell } from './to-csv.ts';

/** The columns of batch-summary.csv. */
export const BATCH_SUMMARY_COLUMNS = ['scenario', 'file', 'status', 'strategy', 'bearer', 'trials', 'mean', 'se_mean', 'p99', 'tvar_99', 'prob_loss', 'report', 'error'] as const;

/**
 * One row of batch-summary.csv: a scenario's strategy and bearer, or a scenario that failed (no
 * strategy or bearer). Statistics are numbers, or the text a formatter made of one (`formatMoney`).
 */
export type BatchSummaryRow = Record<(typeof BATCH_SUMMARY_COLUMNS)[number], CsvCell>;

/**
 * Renders batch-summary.csv: per scenario, strategy and bearer, the key statistics; a failed
 * scenario's error. `file`, `report` and `error` are as the user's paths make them, so `toCsv`
 * neutralises those that a spreadsheet would take for a formula (`'=cmd.yaml`).
 */
export function batchSummaryCsv(rows: readonly BatchSummaryRow[]): string {
  return toCsv(
    BATCH_SUMMARY_COLUMNS,
    rows.map((row) => BATCH_SUMMARY_COLUMNS.map((column) => row[column])),
  );
}
