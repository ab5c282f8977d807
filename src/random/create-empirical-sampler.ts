import type { RandomStream } from './random-stream.ts';

/**
 * Returns a sampler that draws one of `values` with probability proportional to `weights`
 * (equal weights when absent), by binary search of one uniform in the cumulative weights.
 *
 * Inversion keeps the draw monotone in the uniform (values are taken in the order given), so
 * common random numbers line up across strategies. Values of zero weight are never drawn.
 * Requires a non-empty `values`, and `weights` of the same length, ≥ 0, with a positive sum.
 */
export function createEmpiricalSampler(values: readonly number[], weights?: readonly number[]): (random: RandomStream) => number {
  const count = values.length;
  const outcomes = Float64Array.from(values);
  const cumulativeWeights = new Float64Array(count);
  let total = 0;
  let lastDrawable = 0;
  for (let index = 0; index < count; index++) {
    const weight = weights === undefined ? 1 : (weights[index] ?? 0);
    total += weight;
    cumulativeWeights[index] = total;
    if (weight > 0) lastDrawable = index;
  }
  if (count === 1) {
    const only = outcomes[0]!;
    return (random) => {
      random();
      return only;
    };
  }
  return (random) => {
    const target = random() * total;
    // Smallest index whose cumulative weight exceeds the target; rounding can at worst reach the end.
    let low = 0;
    let high = lastDrawable;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cumulativeWeights[middle]! > target) high = middle;
      else low = middle + 1;
    }
    return outcomes[low]!;
  };
}
