import type { SummaryRow } from '../stats/summarize-run.ts';
import type { Interval } from '../stats/quantile-interval.ts';
import type { LossSummary } from '../stats/summarize-losses.ts';
import type { IntervalStatistic, SummaryIntervals } from '../stats/summary-intervals.ts';
import type { SummaryIntervalColumn } from './run-data.ts';
import { formatMoney, formatProbability } from '../ledger/format-number.ts';
import { toCsv } from './to-csv.ts';

/** The statistics with a 90% interval, by their summary.csv column (MODEL §10). */
const INTERVAL_STATISTICS = {
  mean: 'mean',
  p50: 'p50',
  p90: 'p90',
  p95: 'p95',
  p99: 'p99',
  p99_5: 'p99_5',
  p99_9: 'p99_9',
  tvar_95: 'tvar95',
  tvar_99: 'tvar99',
} as const satisfies Record<string, IntervalStatistic>;

/** The interval columns of summary.csv, after the others: `mean_lo, mean_hi, p50_lo, …, tvar_99_hi`. */
export const SUMMARY_INTERVAL_COLUMNS = Object.keys(INTERVAL_STATISTICS).flatMap((column) => [`${column}_lo`, `${column}_hi`]) as SummaryIntervalColumn[];

/** The columns of summary.csv, exactly as MODEL §11 names them. */
export const SUMMARY_COLUMNS = [
  'strategy', 'bearer', 'trials', 'mean', 'sd', 'se_mean', 'prob_loss', 'p50', 'p90', 'p95', 'p99',
  'p99_5', 'p99_9', 'tvar_95', 'tvar_99', 'max', ...SUMMARY_INTERVAL_COLUMNS,
] as const;

/** Renders summary.csv: one row per strategy and bearer. */
export function summaryCsv(rows: readonly SummaryRow[]): string {
  return toCsv(
    SUMMARY_COLUMNS,
    rows.map(({ strategy, bearer, summary, intervals }) => [strategy, bearer, ...summaryCells(summary, intervals)]),
  );
}

/** A summary's cells from `trials` on, as summary.csv and peril_summary.csv write them: the statistics, then their 90% intervals. */
export function summaryCells(s: LossSummary, intervals: SummaryIntervals): string[] {
  return [
    String(s.trials),
    ...[s.mean, s.sd, s.seMean].map(formatMoney),
    formatProbability(s.probLoss),
    ...[s.p50, s.p90, s.p95, s.p99, s.p99_5, s.p99_9, s.tvar95, s.tvar99, s.max].map(formatMoney),
    ...Object.values(INTERVAL_STATISTICS).flatMap((statistic) => intervalCells(intervals[statistic])),
  ];
}

/** An interval's two cells: money, or empty for a bound the sample cannot give. */
export function intervalCells(interval: Interval): [string, string] {
  const cell = (bound: number | undefined) => (bound === undefined ? '' : formatMoney(bound));
  return [cell(interval.low), cell(interval.high)];
}
