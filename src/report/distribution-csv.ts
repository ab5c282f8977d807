import type { DistributionRow } from '../stats/summarize-run.ts';
import { csvTable, money, number, text, type RecordOf } from './csv-table.ts';

/** distribution.csv: per strategy and bearer, the years with an annual loss in [low, high) (the last bin includes its high). */
export const DISTRIBUTION_TABLE = csvTable({
  strategy: text((row: DistributionRow) => row.strategy),
  bearer: text((row: DistributionRow) => row.bearer),
  low: money((row: DistributionRow) => row.low),
  high: money((row: DistributionRow) => row.high),
  years: number((row: DistributionRow) => row.years),
});

/** The columns of distribution.csv. */
export const DISTRIBUTION_COLUMNS = DISTRIBUTION_TABLE.columns;

/** One bin of a bearer's annual-loss histogram, read back. */
export type DistributionRecord = RecordOf<typeof DISTRIBUTION_TABLE>;

/**
 * Renders distribution.csv: per strategy and bearer, the histogram of annual losses, a first bin
 * for years with no loss (or a net gain), then ten log-spaced bins per decade.
 */
export function distributionCsv(rows: readonly DistributionRow[]): string {
  return DISTRIBUTION_TABLE.render(rows);
}
