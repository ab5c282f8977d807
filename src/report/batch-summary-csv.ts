import { toCsv } from './to-csv.ts';

/** The columns of batch-summary.csv. */
export const BATCH_SUMMARY_COLUMNS = [
  'scenario', 'file', 'status', 'strategy', 'bearer', 'trials', 'mean', 'se_mean', 'p99', 'tvar_99', 'prob_loss', 'report', 'error',
] as const;

/** One row of batch-summary.csv: a scenario's strategy and bearer, or a scenario that failed (no strategy or bearer). */
export type BatchSummaryRow = Record<(typeof BATCH_SUMMARY_COLUMNS)[number], string>;

/** Renders batch-summary.csv: per scenario, strategy and bearer, the key statistics; a failed scenario's error. */
export function batchSummaryCsv(rows: readonly BatchSummaryRow[]): string {
  return toCsv(
    BATCH_SUMMARY_COLUMNS,
    rows.map((row) => BATCH_SUMMARY_COLUMNS.map((column) => row[column])),
  );
}
