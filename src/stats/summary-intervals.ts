/**
 * The 90% sampling intervals of a loss summary (MODEL §10): how far each statistic of N simulated
 * years may lie from the value an endless run would give.
 *
 * - Quantiles: the distribution-free order-statistic interval (`quantileInterval`), at least 90%
 *   whatever the distribution.
 * - Mean: mean ± z·se_mean, z = Φ⁻¹(0.95) = 1.645 (the central limit theorem).
 * - TVaR at p: TVaR ± z·se, with the delta-method (influence function) standard error of the
 *   mean of the k = N − ⌊p·N⌋ largest values,
 *     se² = (s²_tail + p·(TVaR − VaR)²) / k,
 *   s²_tail the variance of those k values (divisor k − 1) and VaR the quantile at p: the first
 *   term is the spread of the tail, the second the uncertainty of where the tail begins.
 *
 * A normal interval needs at least `MIN_VALUES_FOR_SE` values behind its standard error (N ≥ 10
 * for the mean; a tail of 10 for TVaR, so N ≥ 901 for TVaR 99 and N ≥ 181 for TVaR 95); with
 * fewer, it is missing rather than a number that only looks like one.
 */

import type { LossSummary } from './summarize-losses.ts';
import { SUMMARY_QUANTILES } from './summarize-losses.ts';
import { CompensatedSum } from './neumaier-sum.ts';
import { quantile } from './quantile.ts';
import { quantileInterval, type Interval } from './quantile-interval.ts';
import { tailCount, tailValueAtRisk } from './tail-value-at-risk.ts';

/** Φ⁻¹(0.95): a normal 90% interval is the estimate ± this many standard errors. */
export const INTERVAL_Z = 1.6448536269514722;

/** The fewest values a standard error is taken from before a normal interval is given. */
export const MIN_VALUES_FOR_SE = 10;

/** The statistics of `LossSummary` that get an interval: the mean, the quantiles and the TVaRs. */
export type IntervalStatistic = 'mean' | keyof typeof SUMMARY_QUANTILES | 'tvar95' | 'tvar99';

/** A 90% interval for each of the statistics that get one. */
export type SummaryIntervals = Record<IntervalStatistic, Interval>;

/**
 * Returns the 90% intervals of a summary's mean, quantiles and TVaRs, from the same losses
 * sorted ascending.
 *
 * @example
 * summaryIntervals(sorted, summarizeLosses(annual, sorted)).p99; // { low: x(985), high: x(996) } at N = 1000
 */
export function summaryIntervals(sorted: Float64Array, summary: LossSummary): SummaryIntervals {
  const quantiles = Object.fromEntries(Object.entries(SUMMARY_QUANTILES).map(([field, probability]) => [field, quantileInterval(sorted, probability)])) as Record<
    keyof typeof SUMMARY_QUANTILES,
    Interval
  >;
  return {
    mean: meanInterval(summary.mean, summary.seMean, summary.trials),
    ...quantiles,
    tvar95: tailValueAtRiskInterval(sorted, 0.95),
    tvar99: tailValueAtRiskInterval(sorted, 0.99),
  };
}

/** mean ± z·se, with N ≥ `MIN_VALUES_FOR_SE`; otherwise missing. */
export function meanInterval(mean: number, seMean: number, count: number): Interval {
  return count >= MIN_VALUES_FOR_SE ? normalInterval(mean, seMean) : { low: undefined, high: undefined };
}

/**
 * TVaR at `probability` ± z times its delta-method standard error (see the module comment), for
 * an ascending-sorted sample whose tail holds at least `MIN_VALUES_FOR_SE` values; otherwise missing.
 *
 * @example
 * tailValueAtRiskInterval(Float64Array.from({ length: 999 }, (_, i) => i + 1), 0.99); // missing: a tail of 9
 */
export function tailValueAtRiskInterval(sorted: Float64Array, probability: number): Interval {
  const size = tailCount(probability, sorted.length);
  if (size < MIN_VALUES_FOR_SE) return { low: undefined, high: undefined };
  const tvar = tailValueAtRisk(sorted, probability);
  const threshold = quantile(sorted, probability);
  const squares = new CompensatedSum();
  for (const value of sorted.subarray(sorted.length - size)) squares.add((value - tvar) ** 2);
  const tailVariance = squares.value() / (size - 1);
  const se = Math.sqrt((tailVariance + probability * (tvar - threshold) ** 2) / size);
  return normalInterval(tvar, se);
}

function normalInterval(estimate: number, se: number): Interval {
  return { low: estimate - INTERVAL_Z * se, high: estimate + INTERVAL_Z * se };
}
