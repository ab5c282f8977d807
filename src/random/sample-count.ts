import type { CountDistribution } from './distribution-spec.ts';
import type { RandomStream } from './random-stream.ts';
import { createGammaSampler } from './create-gamma-sampler.ts';
import { createPoissonSampler, samplePoisson } from './sample-poisson.ts';

/**
 * Compiles a validated count spec into a sampler of non-negative whole numbers of events.
 *
 * - `poisson`: inversion with one uniform below a mean of 30, Hörmann's PTRS above (see
 *   `createPoissonSampler`); a mean of 0 gives 0 without drawing.
 * - `negative_binomial`: Poisson(Λ) with Λ ~ Gamma(shape = dispersion, scale = mean / dispersion),
 *   so the variance is mean + mean² / dispersion.
 * - `bernoulli`: 1 when one uniform is below p, else 0.
 * - `fixed`: the value, without drawing.
 *
 * Everything that depends only on the spec is computed here, once; the returned sampler does not
 * allocate.
 *
 * @example createCountSampler({ dist: 'poisson', mean: 3 })(seedrandom.alea('seed')) // e.g. 2
 */
export function createCountSampler(spec: CountDistribution): (random: RandomStream) => number {
  switch (spec.dist) {
    case 'poisson':
      return createPoissonSampler(spec.mean);
    case 'negative_binomial':
      return createNegativeBinomialSampler(spec.mean, spec.dispersion);
    case 'bernoulli': {
      const probability = spec.p;
      return (random) => (random() < probability ? 1 : 0);
    }
    case 'fixed': {
      const value = spec.value;
      return () => value;
    }
  }
}

/** Negative binomial draws as a gamma–Poisson mixture; a mean of 0 gives 0 without drawing. */
function createNegativeBinomialSampler(mean: number, dispersion: number): (random: RandomStream) => number {
  if (mean === 0) return () => 0;
  const sampleGamma = createGammaSampler(dispersion);
  const rateScale = mean / dispersion;
  return (random) => samplePoisson(random, sampleGamma(random) * rateScale);
}
