import type { SummaryRow } from '../stats/summarize-run.ts';
import { formatMoney, formatProbability } from './format-number.ts';
import { toCsv } from './to-csv.ts';

/** The columns of summary.csv, exactly as MODEL §11 names them. */
export const SUMMARY_COLUMNS = [
  'strategy', 'bearer', 'trials', 'mean', 'sd', 'se_mean', 'prob_loss', 'p50', 'p90', 'p95', 'p99',
  'p99_5', 'p99_9', 'tvar_95', 'tvar_99', 'max',
] as const;

/** Renders summary.csv: one row per strategy and bearer. */
export function summaryCsv(rows: readonly SummaryRow[]): string {
  return toCsv(
    SUMMARY_COLUMNS,
    rows.map(({ strategy, bearer, summary: s }) => [
      strategy,
      bearer,
      String(s.trials),
      ...[s.mean, s.sd, s.seMean].map(formatMoney),
      formatProbability(s.probLoss),
      ...[s.p50, s.p90, s.p95, s.p99, s.p99_5, s.p99_9, s.tvar95, s.tvar99, s.max].map(formatMoney),
    ]),
  );
}
