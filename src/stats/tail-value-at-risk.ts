/**
 * Tail value at risk (TVaR, expected shortfall) of a sorted sample, as MODEL §10 defines it.
 *
 * For sorted losses x(1) ≤ … ≤ x(N), TVaR at p is the mean of the N − ⌊p·N⌋ largest values. The
 * floor uses the same snapped product as the quantile (`scaledProbability`), so TVaR at 0.99 over
 * 1000 trials averages exactly the 10 largest values even though 0.99 × 1000 is not exactly 990
 * in float64.
 *
 * Since every value in the tail is at least x(⌊p·N⌋ + 1), and ⌈p·N⌉ ≤ ⌊p·N⌋ + 1, TVaR at p is
 * never below the quantile at p, and never above the maximum.
 */

import { scaledProbability } from './quantile.ts';
import { sumCompensated } from './neumaier-sum.ts';

/**
 * Returns the number of largest values TVaR at `probability` averages: N − ⌊p·N⌋, at least 1.
 *
 * At p = 1 the definition gives an empty tail; it is taken as the single largest value, so that
 * TVaR(1) is the maximum.
 *
 * @example
 * tailCount(0.99, 1000); // 10
 * tailCount(0.95, 10); // 1 (⌊9.5⌋ = 9)
 */
export function tailCount(probability: number, count: number): number {
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`TVaR needs at least one value, got a sample of size ${count}`);
  }
  const tailSize = count - Math.floor(scaledProbability(probability, count));
  return Math.min(count, Math.max(1, tailSize));
}

/**
 * Returns the mean of the N − ⌊p·N⌋ largest values of an ascending-sorted sample.
 *
 * The sample must already be sorted ascending; it is not checked. The tail is summed with
 * Neumaier compensation and the mean clamped to the range of the tail. Throws a RangeError for an
 * empty sample or p outside [0, 1].
 *
 * @example
 * tailValueAtRisk(Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 0.8); // 9.5: mean of 9 and 10
 */
export function tailValueAtRisk(sorted: Float64Array, probability: number): number {
  const size = tailCount(probability, sorted.length);
  const tail = sorted.subarray(sorted.length - size);
  const mean = sumCompensated(tail) / size;
  // A mean lies between the least and the greatest value averaged; clamping removes the last-bit
  // rounding that could otherwise put it a hair outside, so TVaR ≥ quantile and TVaR ≤ max hold
  // exactly.
  return Math.min(tail[size - 1] as number, Math.max(tail[0] as number, mean));
}
