/**
 * Summary statistics of one bearer's annual losses over all trials (MODEL §10).
 *
 * The summary is the record `stats/` hands to `report/`: the moments, the probability of any loss,
 * the quantiles (VaR) at the levels in `SUMMARY_QUANTILES`, TVaR at 95% and 99%, and the maximum.
 * It is computed from the per-trial losses in trial order (for the moments) and from a sorted copy
 * (for everything else); the input is never mutated.
 */

import { quantile } from './quantile.ts';
import { CompensatedSum, sumCompensated } from './neumaier-sum.ts';
import { tailValueAtRisk } from './tail-value-at-risk.ts';
import { sortLosses } from './sort-losses.ts';

/** Summary of N annual losses; amounts are in currency units. */
export interface LossSummary {
  /** N, the number of trials (simulated years). */
  trials: number;
  /** Mean annual loss (average annual loss). */
  mean: number;
  /** Sample standard deviation of the annual loss (divisor N − 1; 0 when N = 1). */
  sd: number;
  /** Standard error of the mean, sd / √N. */
  seMean: number;
  /** Share of years with a loss greater than 0. */
  probLoss: number;
  /** Median: the quantile at 0.5. */
  p50: number;
  /** Quantile at 0.9. */
  p90: number;
  /** Quantile at 0.95. */
  p95: number;
  /** Quantile at 0.99. */
  p99: number;
  /** Quantile at 0.995. */
  p99_5: number;
  /** Quantile at 0.999. */
  p99_9: number;
  /** Tail value at risk at 0.95: mean of the N − ⌊0.95·N⌋ largest losses. */
  tvar95: number;
  /** Tail value at risk at 0.99: mean of the N − ⌊0.99·N⌋ largest losses. */
  tvar99: number;
  /** Largest annual loss. */
  max: number;
}

/** The quantile fields of `LossSummary` and the probability each is taken at. */
export const SUMMARY_QUANTILES = {
  p50: 0.5,
  p90: 0.9,
  p95: 0.95,
  p99: 0.99,
  p99_5: 0.995,
  p99_9: 0.999,
} as const satisfies Record<string, number>;

/**
 * Returns the summary statistics of the annual losses of N ≥ 1 trials, without mutating them.
 *
 * The mean is a Neumaier-compensated sum in trial order divided by N, so it is deterministic and
 * accurate to the last few bits. The standard deviation uses the corrected two-pass algorithm:
 * the compensated sums of the deviations d = x − mean and of d², with
 * variance = (Σd² − (Σd)²/N) / (N − 1); the correction term removes most of the error left in
 * the mean. Throws a RangeError for an empty input. A caller that already holds the losses sorted
 * (as the exceedance curve needs them) passes them as `sorted` to spare a sort.
 *
 * @example
 * summarizeLosses(Float64Array.of(0, 0, 10, 30)).probLoss; // 0.5
 */
export function summarizeLosses(annualLosses: Float64Array, sorted = sortLosses(Float64Array.from(annualLosses))): LossSummary {
  const trials = annualLosses.length;
  if (trials < 1) {
    throw new RangeError('Cannot summarize losses of 0 trials');
  }

  const mean = sumCompensated(annualLosses) / trials;
  const sd = sampleStandardDeviation(annualLosses, mean);

  let lossYears = 0;
  for (let index = 0; index < trials; index += 1) {
    if ((annualLosses[index] as number) > 0) {
      lossYears += 1;
    }
  }

  return {
    trials,
    mean,
    sd,
    seMean: sd / Math.sqrt(trials),
    probLoss: lossYears / trials,
    p50: quantile(sorted, SUMMARY_QUANTILES.p50),
    p90: quantile(sorted, SUMMARY_QUANTILES.p90),
    p95: quantile(sorted, SUMMARY_QUANTILES.p95),
    p99: quantile(sorted, SUMMARY_QUANTILES.p99),
    p99_5: quantile(sorted, SUMMARY_QUANTILES.p99_5),
    p99_9: quantile(sorted, SUMMARY_QUANTILES.p99_9),
    tvar95: tailValueAtRisk(sorted, 0.95),
    tvar99: tailValueAtRisk(sorted, 0.99),
    max: sorted[trials - 1] as number,
  };
}

/** Returns the sample standard deviation (divisor N − 1) by the corrected two-pass algorithm; 0 for fewer than 2 values. */
export function sampleStandardDeviation(values: Float64Array, mean: number): number {
  const count = values.length;
  if (count < 2) {
    return 0;
  }
  const sumOfDeviations = new CompensatedSum();
  const sumOfSquares = new CompensatedSum();
  for (let index = 0; index < count; index += 1) {
    const deviation = (values[index] as number) - mean;
    sumOfDeviations.add(deviation);
    sumOfSquares.add(deviation * deviation);
  }
  const correction = sumOfDeviations.value();
  const variance = (sumOfSquares.value() - (correction * correction) / count) / (count - 1);
  return Math.sqrt(Math.max(0, variance));
}
