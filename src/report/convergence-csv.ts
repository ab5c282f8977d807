import type { ConvergenceRow } from '../stats/summarize-run.ts';
import { csvTable, money, number, text, type RecordOf } from './csv-table.ts';

/** How many standard errors the convergence band spans on each side of the running mean. */
export const CONVERGENCE_BAND_SE = 2;

/** convergence.csv: per strategy and bearer, the running mean annual loss of the first `trials` trials, its standard error, and mean ∓ 2 SE. */
export const CONVERGENCE_TABLE = csvTable({
  strategy: text((row: ConvergenceRow) => row.strategy),
  bearer: text((row: ConvergenceRow) => row.bearer),
  trials: number((row: ConvergenceRow) => row.trials),
  mean: money((row: ConvergenceRow) => row.mean),
  se: money((row: ConvergenceRow) => row.se),
  lower: money((row: ConvergenceRow) => row.mean - CONVERGENCE_BAND_SE * row.se),
  upper: money((row: ConvergenceRow) => row.mean + CONVERGENCE_BAND_SE * row.se),
});

/** The columns of convergence.csv. */
export const CONVERGENCE_COLUMNS = CONVERGENCE_TABLE.columns;

/** One row of convergence.csv read back: the mean annual loss of the first `trials` trials, ± 2 standard errors. */
export type ConvergenceRecord = RecordOf<typeof CONVERGENCE_TABLE>;

/**
 * Renders convergence.csv: per strategy and bearer, the running mean annual loss of the first
 * 1,000 · 2^k trials and of all of them, its standard error, and mean ∓ 2 SE.
 */
export function convergenceCsv(rows: readonly ConvergenceRow[]): string {
  return CONVERGENCE_TABLE.render(rows);
}
