import type { SummaryRow } from '../stats/summarize-run.ts';
import type { IntervalStatistic, SummaryIntervals } from '../stats/summary-intervals.ts';
import type { LossSummary } from '../stats/summarize-losses.ts';
import { added, csvTable, money, number, optionalMoney, probability, text, type CsvColumn, type RecordOf } from './csv-table.ts';

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

/** The interval columns of summary.csv (`mean_lo`, `mean_hi`, …, `tvar_99_hi`). */
export type SummaryIntervalColumn = `${keyof typeof INTERVAL_STATISTICS}_${'lo' | 'hi'}`;

/** What a row of summary.csv or peril_summary.csv is written from: a bearer's summary and its intervals. */
interface Summarised {
  summary: LossSummary;
  intervals: SummaryIntervals;
}

/**
 * The columns of summary.csv from `trials` on, shared with peril_summary.csv: the statistics,
 * then the 90% interval of each (`mean_lo, mean_hi, p50_lo, …, tvar_99_hi`, added after the others;
 * empty where the trials cannot bound it).
 */
export function summaryStatisticColumns<Row extends Summarised>() {
  const intervals = Object.fromEntries(
    Object.entries(INTERVAL_STATISTICS).flatMap(([column, statistic]) => [
      [
        `${column}_lo`,
        added(
          optionalMoney((row: Row) => row.intervals[statistic].low),
          undefined,
        ),
      ],
      [
        `${column}_hi`,
        added(
          optionalMoney((row: Row) => row.intervals[statistic].high),
          undefined,
        ),
      ],
    ]),
  ) as Record<SummaryIntervalColumn, CsvColumn<Row, number | undefined>>;
  return {
    trials: number((row: Row) => row.summary.trials),
    mean: money((row: Row) => row.summary.mean),
    sd: money((row: Row) => row.summary.sd),
    se_mean: money((row: Row) => row.summary.seMean),
    prob_loss: probability((row: Row) => row.summary.probLoss),
    p50: money((row: Row) => row.summary.p50),
    p90: money((row: Row) => row.summary.p90),
    p95: money((row: Row) => row.summary.p95),
    p99: money((row: Row) => row.summary.p99),
    p99_5: money((row: Row) => row.summary.p99_5),
    p99_9: money((row: Row) => row.summary.p99_9),
    tvar_95: money((row: Row) => row.summary.tvar95),
    tvar_99: money((row: Row) => row.summary.tvar99),
    max: money((row: Row) => row.summary.max),
    ...intervals,
  };
}

/** summary.csv: one row per strategy and bearer, with the columns MODEL §11 names. */
export const SUMMARY_TABLE = csvTable({
  strategy: text((row: SummaryRow) => row.strategy),
  bearer: text((row: SummaryRow) => row.bearer),
  ...summaryStatisticColumns<SummaryRow>(),
});

/** A row of summary.csv read back: the statistics of a bearer's annual loss under a strategy; an interval bound is undefined where the trials cannot give it, and in folders written before intervals. */
export type SummaryRecord = RecordOf<typeof SUMMARY_TABLE>;

/** The columns of summary.csv. */
export const SUMMARY_COLUMNS = SUMMARY_TABLE.columns;

/** Renders summary.csv: one row per strategy and bearer. */
export function summaryCsv(rows: readonly SummaryRow[]): string {
  return SUMMARY_TABLE.render(rows);
}
