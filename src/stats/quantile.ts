/**
 * Empirical quantile (value at risk) of a sorted sample, as MODEL §10 defines it.
 *
 * For sorted losses x(1) ≤ … ≤ x(N), the quantile at probability p is x(⌈p·N⌉), with the 1-based
 * index clamped to 1..N. No interpolation: the answer is always one of the simulated values.
 *
 * The definition is about the exact rational p·N, but the product in float64 is not exact:
 * 0.995 × 1000 is 995.0000000000001, whose naive ceiling is 996. `scaledProbability` therefore
 * snaps the product to the nearest integer when it lies within a relative 1e-12 of it. The float
 * error of p·N is a few parts in 1e16, far inside that tolerance; and for any p with denominator
 * d ≤ 10^4 (every percentile used here, 1 − 1/R for R ≤ 1000, even 0.9999) a product that is
 * truly non-integer lies at least 1/d away from an integer, which exceeds 1e-12 · N for all
 * N ≤ 10^8. So the index is exact for those p and N.
 */

/** Relative distance from an integer within which p·N is taken to be that integer. */
const INTEGER_SNAP_TOLERANCE = 1e-12;

/**
 * Returns p·N, snapped to the nearest integer when float rounding is the only reason it is not one.
 *
 * Callers take the ceiling (quantile rank) or the floor (TVaR tail size) of the result.
 *
 * @param probability p in [0, 1].
 * @param count N, the number of trials.
 */
export function scaledProbability(probability: number, count: number): number {
  assertProbability(probability);
  const product = probability * count;
  const nearest = Math.round(product);
  if (Math.abs(product - nearest) <= INTEGER_SNAP_TOLERANCE * Math.max(1, Math.abs(product))) {
    return nearest;
  }
  return product;
}

/**
 * Returns the 1-based rank ⌈p·N⌉ of the quantile at `probability`, clamped to 1..N.
 *
 * @example
 * quantileRank(0.995, 1000); // 995, not 996
 * quantileRank(0.95, 10); // 10
 */
export function quantileRank(probability: number, count: number): number {
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`Quantile needs at least one value, got a sample of size ${count}`);
  }
  const rank = Math.ceil(scaledProbability(probability, count));
  return Math.min(count, Math.max(1, rank));
}

/**
 * Returns the quantile x(⌈p·N⌉) of an ascending-sorted sample (index clamped to 1..N).
 *
 * The sample must already be sorted ascending (`Float64Array.prototype.sort` does this
 * numerically); it is not checked. Throws a RangeError for an empty sample or p outside [0, 1].
 *
 * @example
 * quantile(Float64Array.of(10, 20, 30, 40), 0.5); // 20: rank ⌈0.5 · 4⌉ = 2
 * quantile(Float64Array.of(10, 20, 30, 40), 0.9); // 40: rank ⌈3.6⌉ = 4
 */
export function quantile(sorted: Float64Array, probability: number): number {
  const rank = quantileRank(probability, sorted.length);
  return sorted[rank - 1] as number;
}

/** Throws a RangeError naming the value unless it is a probability in [0, 1]. */
export function assertProbability(probability: number): void {
  if (!(probability >= 0 && probability <= 1)) {
    throw new RangeError(`Probability must be in [0, 1], got ${probability}`);
  }
}
