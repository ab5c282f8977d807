import type { RandomStream } from './random-stream.ts';
import { logGamma } from './log-gamma.ts';

/**
 * Poisson draws: inversion below a mean of 30, Hörmann's PTRS above it.
 *
 * Inversion uses exactly one uniform and is monotone in it, which keeps common random numbers
 * aligned between strategies; its cost grows with the mean. PTRS ("transformed rejection with
 * squeeze", W. Hörmann, Insurance: Mathematics and Economics 12, 1993) is exact, valid for
 * means ≥ 10, and takes about 1.1 tries of two uniforms whatever the mean (1e6 and beyond).
 */

const INVERSION_MEAN_LIMIT = 30;

/** A count no inversion search goes beyond: P(X > it) is below 1e-80 for means under 30. */
function inversionCountLimit(mean: number): number {
  return Math.ceil(mean + 40 * Math.sqrt(mean) + 40);
}

/** Smallest k with u < P(X ≤ k), searching up from 0; `probabilityOfZero` is e^(−mean). */
function invertPoisson(uniform: number, mean: number, probabilityOfZero: number, countLimit: number): number {
  let count = 0;
  let probability = probabilityOfZero;
  let cumulative = probabilityOfZero;
  while (uniform >= cumulative && count < countLimit) {
    count++;
    probability *= mean / count;
    cumulative += probability;
  }
  return count;
}

/** One PTRS draw; the arguments after the mean are its constants, derived from the mean alone. */
function rejectPoisson(random: RandomStream, mean: number, logMean: number, a: number, b: number, logInverseAlpha: number, acceptBelow: number): number {
  for (;;) {
    const u = random() - 0.5;
    const v = random();
    const us = 0.5 - Math.abs(u);
    const count = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= acceptBelow) return count;
    if (count < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + logInverseAlpha - Math.log(a / (us * us) + b) <= -mean + count * logMean - logGamma(count + 1)) {
      return count;
    }
  }
}

/**
 * Returns one Poisson draw with the given mean (≥ 0), computing the method's constants per call.
 *
 * For a mean that changes every draw, such as the gamma-mixed rate of a negative binomial; use
 * `createPoissonSampler` when the mean is fixed.
 */
export function samplePoisson(random: RandomStream, mean: number): number {
  if (mean < INVERSION_MEAN_LIMIT) return invertPoisson(random(), mean, Math.exp(-mean), inversionCountLimit(mean));
  const b = 0.931 + 2.53 * Math.sqrt(mean);
  const a = -0.059 + 0.02483 * b;
  const logInverseAlpha = Math.log(1.1239 + 1.1328 / (b - 3.4));
  return rejectPoisson(random, mean, Math.log(mean), a, b, logInverseAlpha, 0.9277 - 3.6224 / (b - 2));
}

/**
 * Returns a sampler of Poisson draws with a fixed mean (≥ 0), its constants precomputed.
 *
 * A mean of 0 always gives 0 without drawing.
 */
export function createPoissonSampler(mean: number): (random: RandomStream) => number {
  if (mean === 0) return () => 0;
  if (mean < INVERSION_MEAN_LIMIT) {
    const probabilityOfZero = Math.exp(-mean);
    const countLimit = inversionCountLimit(mean);
    return (random) => invertPoisson(random(), mean, probabilityOfZero, countLimit);
  }
  const logMean = Math.log(mean);
  const b = 0.931 + 2.53 * Math.sqrt(mean);
  const a = -0.059 + 0.02483 * b;
  const logInverseAlpha = Math.log(1.1239 + 1.1328 / (b - 3.4));
  const acceptBelow = 0.9277 - 3.6224 / (b - 2);
  return (random) => rejectPoisson(random, mean, logMean, a, b, logInverseAlpha, acceptBelow);
}
