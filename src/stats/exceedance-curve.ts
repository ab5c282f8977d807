/**
 * Exceedance probability curves: the loss at each return period (MODEL §10).
 *
 * The loss with return period R is the one exceeded on average once in R years: the quantile at
 * 1 − 1/R. One function serves both curves; the caller chooses the input:
 * - AEP (aggregate exceedance probability): the sorted annual aggregate losses;
 * - OEP (occurrence exceedance probability): the sorted largest single occurrence loss of each year.
 *
 * A return period is reported only when there are at least R trials (N ≥ R); with fewer, the
 * sample says nothing about a 1-in-R year.
 */

import { quantile } from './quantile.ts';
import { quantileInterval, type Interval } from './quantile-interval.ts';

/** The return periods, in years, of the AEP and OEP curves (MODEL §10), unless `--return-periods` chooses others (each only with N ≥ R). */
export const RETURN_PERIODS = [2, 5, 10, 25, 50, 100, 200, 250, 500, 1000] as const;

/** One point of an exceedance curve: the loss exceeded on average once per `returnPeriod` years. */
export interface ExceedancePoint {
  /** R, in years. */
  returnPeriod: number;
  /** The quantile of the input at 1 − 1/R, in currency units. */
  loss: number;
  /** Its 90% order-statistic interval (`quantileInterval` at 1 − 1/R); a side N cannot bound is undefined. */
  interval: Interval;
}

/**
 * Returns the loss at each return period R with N ≥ R, with its 90% interval, in the order given.
 *
 * The sample must already be sorted ascending; it is not checked. Throws a RangeError naming a
 * return period that is not a finite number ≥ 1.
 *
 * @example
 * // 10 trials: only R = 2, 5 and 10 are reported.
 * exceedanceCurve(Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
 * // [{ returnPeriod: 2, loss: 5, interval: { low: 2, high: 9 } }, { returnPeriod: 5, loss: 8, … }, { returnPeriod: 10, loss: 9, … }]
 */
export function exceedanceCurve(sorted: Float64Array, returnPeriods: readonly number[] = RETURN_PERIODS): ExceedancePoint[] {
  const points: ExceedancePoint[] = [];
  for (const returnPeriod of returnPeriods) {
    if (!(Number.isFinite(returnPeriod) && returnPeriod >= 1)) {
      throw new RangeError(`Return period must be a finite number of years ≥ 1, got ${returnPeriod}`);
    }
    if (sorted.length >= returnPeriod) {
      // For a whole R the rank ⌈(1 − 1/R)·N⌉ = N − ⌊N/R⌋ is computed in integers, exact at any N
      // and R (the float product (1 − 1/R)·N is exact only for small R; see quantile.ts).
      // Clamped to rank 1, as quantile.ts clamps (R = 1 is the quantile at 0: the smallest value).
      const rank = Math.max(1, sorted.length - Math.floor(sorted.length / returnPeriod));
      const loss = Number.isInteger(returnPeriod) ? sorted[rank - 1]! : quantile(sorted, 1 - 1 / returnPeriod);
      points.push({ returnPeriod, loss, interval: quantileInterval(sorted, 1 - 1 / returnPeriod) });
    }
  }
  return points;
}
