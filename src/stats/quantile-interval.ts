/**
 * Distribution-free confidence intervals for quantiles from order statistics (MODEL §10).
 *
 * Of N independent years, the number B that fall at or below the true quantile ξ at p is
 * binomial(N, p). The sorted sample's x(l) lies above ξ exactly when B < l, and x(u) below ξ only
 * when B ≥ u; so with l the largest rank where P(B ≤ l − 1) ≤ 5% and u the smallest where
 * P(B ≤ u − 1) ≥ 95%, the interval [x(l), x(u)] holds ξ with probability at least 90% whatever the
 * loss distribution (ties only widen it). The binomial probabilities are summed exactly (no
 * normal approximation), outward from the mode, in time proportional to √(N·p·(1 − p)).
 *
 * A side the sample cannot bound is missing: with (1 − p)^N > 5% even x(1) may lie above ξ (no
 * lower bound), and with p^N > 5% even x(N) may lie below it (no upper bound, e.g. p99 under
 * 300 trials).
 */

import { assertProbability } from './quantile.ts';

/** The two-sided confidence of every interval the statistics report: 90%. */
export const INTERVAL_CONFIDENCE = 0.9;

/** A confidence interval; a bound the sample cannot give is undefined (an empty cell in the CSVs). */
export interface Interval {
  low: number | undefined;
  high: number | undefined;
}

/** The 1-based ranks [l, u] of an order-statistic interval; either may be undefined. */
export interface RankInterval {
  low: number | undefined;
  high: number | undefined;
}

/** A binomial term this far below the mode's (relative) is taken as 0: the rest of the tail is far below float precision. */
const NEGLIGIBLE_TERM = 1e-20;

/**
 * Rounding allowance when a cumulative probability is compared with 5% or 95%: a rank whose
 * probability is exactly at the limit (P(B ≤ 0) = 1/20 for N = 1, p = 0.95) counts as within it,
 * as the definition says, whatever the last bits of the sums.
 */
const ROUNDING = 1e-12;

/**
 * Returns the ranks l and u of the order-statistic interval for the quantile at `probability` of
 * `count` values, at `confidence` (two-sided, each side missing at most (1 − confidence)/2).
 *
 * @example
 * quantileRankInterval(10, 0.5); // { low: 2, high: 9 }: P(B ≤ 1) = 1.1%, P(B ≤ 8) = 98.9%
 * quantileRankInterval(100, 0.99); // { low: 97, high: undefined }: P(B ≤ 96) = 1.8%, and 0.99^100 = 37% > 5%
 */
export function quantileRankInterval(count: number, probability: number, confidence = INTERVAL_CONFIDENCE): RankInterval {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`A quantile interval needs at least one value, got a sample of size ${count}`);
  assertProbability(probability);
  const tail = (1 - confidence) / 2;
  const { first, pmf } = binomialProbabilities(count, probability);
  // cumulative = P(B ≤ k): (numerically) 0 below `first`, 1 at the end of the window.
  let low: number | undefined;
  let high: number | undefined;
  let cumulative = 0;
  if (first > 0) low = first; // P(B ≤ first − 1) ≈ 0 ≤ tail
  for (let index = 0; index < pmf.length; index++) {
    const k = first + index;
    cumulative += pmf[index]!;
    // Rank k + 1 has P(B ≤ k) = cumulative below it.
    if (cumulative <= tail + ROUNDING && k + 1 <= count) low = k + 1;
    if (high === undefined && cumulative >= 1 - tail - ROUNDING && k + 1 <= count) high = k + 1;
  }
  return { low, high };
}

/**
 * Returns the order-statistic interval [x(l), x(u)] for the quantile at `probability` of an
 * ascending-sorted sample (see `quantileRankInterval`).
 *
 * @example
 * quantileInterval(Float64Array.from({ length: 10 }, (_, i) => i + 1), 0.5); // { low: 2, high: 9 }
 */
export function quantileInterval(sorted: Float64Array, probability: number, confidence = INTERVAL_CONFIDENCE): Interval {
  const ranks = rankIntervalOf(sorted.length, probability, confidence);
  return {
    low: ranks.low === undefined ? undefined : sorted[ranks.low - 1],
    high: ranks.high === undefined ? undefined : sorted[ranks.high - 1],
  };
}

/**
 * The ranks depend on the sample's size, the probability and the confidence alone, not on its
 * values: a run asks for the same few thousand (every bearer, peril and return period of N
 * trials), so each is summed once and kept (a few dozen distinct keys a run).
 */
const RANKS = new Map<string, RankInterval>();

function rankIntervalOf(count: number, probability: number, confidence: number): RankInterval {
  const key = `${count}:${probability}:${confidence}`;
  let ranks = RANKS.get(key);
  if (ranks === undefined) {
    if (RANKS.size >= 4_096) RANKS.clear(); // a long-lived process (a batch, the library) keeps it bounded
    ranks = quantileRankInterval(count, probability, confidence);
    RANKS.set(key, ranks);
  }
  return ranks;
}

/**
 * The binomial(N, p) probabilities P(B = k) for k = first, first + 1, …: every term within
 * `NEGLIGIBLE_TERM` of the mode's, found by the ratio of neighbouring terms from the mode out and
 * normalised to sum to 1 (no factorials, so no overflow at any N).
 */
function binomialProbabilities(count: number, probability: number): { first: number; pmf: number[] } {
  if (probability === 0) return { first: 0, pmf: [1] };
  if (probability === 1) return { first: count, pmf: [1] };
  const odds = probability / (1 - probability);
  const mode = Math.min(count, Math.floor((count + 1) * probability));
  const below: number[] = [];
  for (let k = mode, term = 1; k > 0; k--) {
    term *= k / (count - k + 1) / odds; // P(B = k − 1) / P(B = k)
    if (term < NEGLIGIBLE_TERM) break;
    below.push(term);
  }
  const above: number[] = [];
  for (let k = mode, term = 1; k < count; k++) {
    term *= ((count - k) / (k + 1)) * odds; // P(B = k + 1) / P(B = k)
    if (term < NEGLIGIBLE_TERM) break;
    above.push(term);
  }
  const terms = [...below.reverse(), 1, ...above];
  let total = 0;
  for (const term of terms) total += term;
  return { first: mode - below.length, pmf: terms.map((term) => term / total) };
}
