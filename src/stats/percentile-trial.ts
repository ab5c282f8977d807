import { quantileRank } from './quantile.ts';
import { sortLosses } from './sort-losses.ts';

/** The trial at a quantile of a bearer's annual losses. */
export interface PercentileTrial {
  /** 1-based trial number: the smallest whose loss equals the quantile. */
  trial: number;
  /** The quantile x(⌈p·N⌉) of the sorted losses. */
  loss: number;
  /** Its 1-based rank ⌈p·N⌉ in the sorted losses. */
  rank: number;
  /** How many trials have exactly that loss. */
  tiedTrials: number;
}

/**
 * Finds the trial whose annual loss is the quantile at `probability` (MODEL §10: x(⌈p·N⌉) of the
 * sorted losses, index clamped to 1..N). When several trials share that loss, the smallest trial
 * number is taken, so the answer does not depend on how the sort orders equal values.
 *
 * @param losses annual losses indexed by trial − 1 (a year loss table column), not sorted.
 * @example
 * percentileTrial(Float64Array.of(5, 40, 10, 40), 0.5); // { trial: 3, loss: 10, rank: 2, tiedTrials: 1 }
 */
export function percentileTrial(losses: Float64Array, probability: number): PercentileTrial {
  const rank = quantileRank(probability, losses.length);
  const loss = sortLosses(Float64Array.from(losses))[rank - 1]!;
  let trial = 0;
  let tiedTrials = 0;
  losses.forEach((value, index) => {
    if (value !== loss) return;
    if (tiedTrials++ === 0) trial = index + 1;
  });
  return { trial, loss, rank, tiedTrials };
}
