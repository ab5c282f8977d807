import type { ConvergenceRow } from '../stats/summarize-run.ts';
import { formatMoney } from '../ledger/format-number.ts';
import { toCsv } from './to-csv.ts';

/** How many standard errors the convergence band spans on each side of the running mean. */
export const CONVERGENCE_BAND_SE = 2;

/** The columns of convergence.csv. */
export const CONVERGENCE_COLUMNS = ['strategy', 'bearer', 'trials', 'mean', 'se', 'lower', 'upper'] as const;

/**
 * Renders convergence.csv: per strategy and bearer, the running mean annual loss of the first
 * 1,000 · 2^k trials and of all of them, its standard error, and mean ∓ 2 SE.
 */
export function convergenceCsv(rows: readonly ConvergenceRow[]): string {
  return toCsv(
    CONVERGENCE_COLUMNS,
    rows.map((row) => [
      row.strategy,
      row.bearer,
      String(row.trials),
      ...[row.mean, row.se, row.mean - CONVERGENCE_BAND_SE * row.se, row.mean + CONVERGENCE_BAND_SE * row.se].map(formatMoney),
    ]),
  );
}
