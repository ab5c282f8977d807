/**
 * Paired differences of two strategies' annual losses for one bearer: of the mean, of TVaR 99,
 * and of the mean plus a cost of capital on TVaR, each with its standard error (MODEL §10).
 *
 * The TVaR standard error uses the influence function of the estimator. With k = N − ⌊p·N⌋ the
 * tail size and v = x(N − k) the largest value outside the tail, TVaR = v + (1/k) Σ (x_i − v)⁺
 * exactly, so TVaR is the mean of the per-trial terms h_i = v + (N/k)(x_i − v)⁺. The threshold's
 * own sampling error does not enter to first order (the derivative of v + E(X − v)⁺/(1 − p) in v
 * is 0 at the quantile), so the standard error of a TVaR difference is that of the mean of the
 * paired h^a_i − h^b_i: sd/√N, the asymptotic variance (Var(X | tail) + p·(TVaR − VaR)²)/(N(1 − p))
 * of Manistre and Hancock (2005) for one strategy, paired over the common random numbers for two.
 * It is a large-sample figure: with a tail of 10 or 20 years it is a rough one, and says so by
 * being large.
 */

import type { CapitalCost } from '../scenario/schema/risk-appetite-schema.ts';
import { CompensatedSum } from './neumaier-sum.ts';
import { tailCount, tailValueAtRisk } from './tail-value-at-risk.ts';
import { sortLosses } from './sort-losses.ts';

/** The TVaR level of the comparison, the capital measure and the verdict. */
export const TVAR_LEVEL = 0.99;

/** An estimated difference (a − b) and its paired standard error. */
export interface PairedEstimate {
  difference: number;
  se: number;
}

/** The paired differences a − b of one bearer's annual losses under two strategies. */
export interface PairedTailDifference {
  /** Of the mean annual loss. */
  mean: PairedEstimate;
  /** Of TVaR 99 (exactly TVaR_a − TVaR_b as summary.csv computes them). */
  tvar99: PairedEstimate;
  /** Of mean + rate × capital (without a cost of capital: the mean's). */
  withCapital: PairedEstimate;
}

/**
 * Returns the paired differences of a and b (the same trials, in order) and their standard errors.
 *
 * @example
 * pairedTailDifference(Float64Array.of(1, 2, 3), Float64Array.of(1, 2, 3)); // all differences 0, SEs 0
 */
export function pairedTailDifference(a: Float64Array, b: Float64Array, capital?: CapitalCost): PairedTailDifference {
  const n = a.length;
  const tailA = tailTerms(a);
  const tailB = tailTerms(b);
  const rate = capital?.rate ?? 0;
  const overMean = capital?.on !== 'tvar_99';
  const meanSeries = new Float64Array(n);
  const tvarSeries = new Float64Array(n);
  const capitalSeries = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const loss = a[i]! - b[i]!;
    const tail = tailA.term(a[i]!) - tailB.term(b[i]!);
    meanSeries[i] = loss;
    tvarSeries[i] = tail;
    capitalSeries[i] = loss + rate * (tail - (overMean ? loss : 0));
  }
  const mean = meanAndError(meanSeries);
  const tvarDifference = tailA.tvar - tailB.tvar;
  const capitalDifference = mean.difference + rate * (tvarDifference - (overMean ? mean.difference : 0));
  return {
    mean,
    tvar99: { difference: tvarDifference, se: meanAndError(tvarSeries).se },
    withCapital: { difference: rate === 0 ? mean.difference : capitalDifference, se: rate === 0 ? mean.se : meanAndError(capitalSeries).se },
  };
}

/** TVaR 99 of a sample and the function of its per-trial influence terms. */
interface TailTerms {
  tvar: number;
  term: (loss: number) => number;
}

/**
 * The tail of each year loss table column already sorted: a comparison pairs every strategy with
 * the baseline (and the verdict a few more pairs), and sorting a column of 10^6 years each time
 * would cost more than the rest of the statistics. Keyed by the column itself, which a finished
 * run never changes; a column no longer referenced is dropped with it.
 */
const tails = new WeakMap<Float64Array, TailTerms>();

/** TVaR 99 of a sample and its per-trial influence terms (N/k)(x − v)⁺ (v, the same in every trial, shifts the terms without spreading them, and is left out). */
function tailTerms(losses: Float64Array): TailTerms {
  const known = tails.get(losses);
  if (known) return known;
  const computed = computeTailTerms(losses);
  tails.set(losses, computed);
  return computed;
}

function computeTailTerms(losses: Float64Array): TailTerms {
  const n = losses.length;
  if (n === 0) return { tvar: 0, term: () => 0 };
  const sorted = sortLosses(Float64Array.from(losses));
  const k = tailCount(TVAR_LEVEL, n);
  const threshold = sorted[Math.max(0, n - k - 1)]!;
  const scale = n / k;
  return { tvar: tailValueAtRisk(sorted, TVAR_LEVEL), term: (loss) => (loss > threshold ? scale * (loss - threshold) : 0) };
}

/** The mean of a series and the standard error of that mean (0 for fewer than 2 values). */
function meanAndError(series: Float64Array): PairedEstimate {
  const n = series.length;
  if (n === 0) return { difference: 0, se: 0 };
  const sum = new CompensatedSum();
  for (let i = 0; i < n; i++) sum.add(series[i]!);
  const mean = sum.value() / n;
  const squares = new CompensatedSum();
  for (let i = 0; i < n; i++) squares.add((series[i]! - mean) ** 2);
  // As pairedDifference computes it, to the last bit.
  return { difference: mean, se: n > 1 ? Math.sqrt(squares.value() / (n - 1)) / Math.sqrt(n) : 0 };
}
