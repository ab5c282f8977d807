/**
 * The running mean of a bearer's annual loss by trial count, with its standard error (MODEL §10):
 * how the estimate settles as trials are added, the convergence table and chart of a run.
 */

import { sumCompensated } from './neumaier-sum.ts';
import { sampleStandardDeviation } from './summarize-losses.ts';

/** The first trial count of the running mean; the next ones double it (1,000, 2,000, 4,000, …). */
export const FIRST_CHECKPOINT = 1000;

/** The mean annual loss of the first `trials` trials, with its standard error. */
export interface RunningMeanPoint {
  trials: number;
  mean: number;
  /** sd / √trials over those trials (0 for a single trial). */
  se: number;
}

/**
 * The trial counts of the running mean for a run of N trials: 1,000 · 2^k below N, then N.
 *
 * @example
 * convergenceCheckpoints(5000); // [1000, 2000, 4000, 5000]
 * convergenceCheckpoints(600); // [600]
 */
export function convergenceCheckpoints(trials: number): number[] {
  const checkpoints: number[] = [];
  for (let count = FIRST_CHECKPOINT; count < trials; count *= 2) checkpoints.push(count);
  checkpoints.push(trials);
  return checkpoints;
}

/**
 * Returns the mean and standard error of the first n annual losses, in trial order, at each
 * checkpoint n. Each point is computed over its prefix as `summarizeLosses` computes the whole
 * (compensated sum, corrected two-pass sd), so the last point's mean and se are those of
 * summary.csv; and since the year loss table is in trial order, the points are the same for any
 * worker count, chunk size or shard split.
 *
 * @param annual annual losses indexed by trial − 1 (a year loss table column).
 */
export function runningMean(annual: Float64Array): RunningMeanPoint[] {
  return convergenceCheckpoints(annual.length).map((trials) => {
    const prefix = annual.subarray(0, trials);
    const mean = sumCompensated(prefix) / trials;
    return { trials, mean, se: sampleStandardDeviation(prefix, mean) / Math.sqrt(trials) };
  });
}
