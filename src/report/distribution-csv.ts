import type { DistributionRow } from '../stats/summarize-run.ts';
import { formatMoney } from '../ledger/format-number.ts';
import { toCsv } from './to-csv.ts';

/** The columns of distribution.csv. */
export const DISTRIBUTION_COLUMNS = ['strategy', 'bearer', 'low', 'high', 'years'] as const;

/**
 * Renders distribution.csv: per strategy and bearer, the histogram of annual losses, a first bin
 * for years with no loss (or a net gain), then ten log-spaced bins per decade.
 */
export function distributionCsv(rows: readonly DistributionRow[]): string {
  return toCsv(
    DISTRIBUTION_COLUMNS,
    rows.map((row) => [row.strategy, row.bearer, formatMoney(row.low), formatMoney(row.high), String(row.years)]),
  );
}
