import type { PerilSummaryRow } from '../stats/summarize-run.ts';
import { formatMoney, formatProbability } from './format-number.ts';
import { intervalCells, INTERVAL_STATISTICS, SUMMARY_INTERVAL_COLUMNS } from './summary-csv.ts';
import { toCsv } from './to-csv.ts';

/** The columns of peril_summary.csv: summary.csv's, with the peril after the bearer, its 90% intervals last (MODEL §11). */
export const PERIL_SUMMARY_COLUMNS = [
  'strategy', 'bearer', 'peril', 'trials', 'mean', 'sd', 'se_mean', 'prob_loss', 'p50', 'p90', 'p95', 'p99',
  'p99_5', 'p99_9', 'tvar_95', 'tvar_99', 'max', ...SUMMARY_INTERVAL_COLUMNS,
] as const;

/**
 * Renders peril_summary.csv: per strategy and bearer, the `all` row (summary.csv's figures), then
 * one row per incident type the scenario defines, of the bearer's net from that type's incidents
 * alone, each with the 90% intervals summary.csv has.
 */
export function perilSummaryCsv(rows: readonly PerilSummaryRow[]): string {
  return toCsv(
    PERIL_SUMMARY_COLUMNS,
    rows.map(({ strategy, bearer, peril, summary: s, intervals }) => [
      strategy,
      bearer,
      peril,
      String(s.trials),
      ...[s.mean, s.sd, s.seMean].map(formatMoney),
      formatProbability(s.probLoss),
      ...[s.p50, s.p90, s.p95, s.p99, s.p99_5, s.p99_9, s.tvar95, s.tvar99, s.max].map(formatMoney),
      ...Object.values(INTERVAL_STATISTICS).flatMap((statistic) => intervalCells(intervals[statistic])),
    ]),
  );
}
