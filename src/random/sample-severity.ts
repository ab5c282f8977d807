import type { SeverityDistribution } from './distribution-spec.ts';
import type { RandomStream } from './random-stream.ts';
import { createBetaSampler } from './create-beta-sampler.ts';
import { createEmpiricalSampler } from './create-empirical-sampler.ts';
import { standardNormalFromUniform } from './inverse-normal-cdf.ts';

/** z such that Φ(z) = 0.95: the lognormal p05 and p95 lie 1.645 log-sds either side of mu. */
const NORMAL_QUANTILE_95 = 1.6448536269514722;

/** A compiled severity: one draw per call, from the given stream. */
export type SeveritySampler = (random: RandomStream) => number;

/**
 * Compiles a validated severity spec into a sampler, by inverse-CDF wherever a closed form exists.
 *
 * Each draw of uniform, triangular, normal, lognormal, pareto and empirical uses exactly one
 * uniform and is monotone in it, so a strategy that scales a severity scales the same draw
 * (common random numbers); constant uses none; pert uses a variable number (gamma variates).
 * Optional `min`/`max` clamp the draw afterwards (for uniform, triangular and pert they are the
 * parameters). Everything that depends only on the spec is computed here, once; the returned
 * sampler does not allocate.
 *
 * @example createSeveritySampler({ dist: 'lognormal', p05: 1_000, p95: 100_000 })(random)
 */
export function createSeveritySampler(spec: SeverityDistribution): SeveritySampler {
  switch (spec.dist) {
    case 'constant': {
      const value = clamp(spec.value, spec.min ?? -Infinity, spec.max ?? Infinity);
      return () => value;
    }
    case 'uniform': {
      const { min } = spec;
      const width = spec.max - spec.min;
      return (random) => min + random() * width;
    }
    case 'triangular':
      return createTriangularSampler(spec.min, spec.mode, spec.max);
    case 'pert':
      return createPertSampler(spec.min, spec.mode, spec.max);
    case 'normal': {
      const { mean, sd } = spec;
      return withClamp((random) => mean + sd * standardNormalFromUniform(random()), spec.min, spec.max);
    }
    case 'lognormal': {
      const { mu, sigma } = lognormalParameters(spec);
      return withClamp((random) => Math.exp(mu + sigma * standardNormalFromUniform(random())), spec.min, spec.max);
    }
    case 'pareto': {
      const { scale } = spec;
      const exponent = -1 / spec.shape;
      return withClamp((random) => scale * Math.pow(1 - random(), exponent), spec.min, spec.max);
    }
    case 'empirical': {
      const lower = spec.min ?? -Infinity;
      const upper = spec.max ?? Infinity;
      return createEmpiricalSampler(
        spec.values.map((value) => clamp(value, lower, upper)),
        spec.weights,
      );
    }
  }
}

/**
 * Returns the log-scale parameters of a lognormal spec, converting p05/p95 when given:
 * mu = (ln p05 + ln p95) / 2, sigma = (ln p95 − ln p05) / (2 · 1.6448536269514722).
 */
export function lognormalParameters(spec: Extract<SeverityDistribution, { dist: 'lognormal' }>): { mu: number; sigma: number } {
  if (spec.mu !== undefined && spec.sigma !== undefined) return { mu: spec.mu, sigma: spec.sigma };
  if (spec.p05 !== undefined && spec.p95 !== undefined) {
    const logP05 = Math.log(spec.p05);
    const logP95 = Math.log(spec.p95);
    return { mu: (logP05 + logP95) / 2, sigma: (logP95 - logP05) / (2 * NORMAL_QUANTILE_95) };
  }
  throw new Error('expected a validated lognormal with (mu, sigma) or (p05, p95), got neither pair');
}

/** Triangular by inversion: the CDF is quadratic on each side of the mode. */
function createTriangularSampler(min: number, mode: number, max: number): SeveritySampler {
  const range = max - min;
  if (range === 0) {
    return (random) => {
      random(); // Keep one draw per call so later draws stay aligned if a strategy widens the range.
      return min;
    };
  }
  const modeFraction = (mode - min) / range;
  const lowerProduct = range * (mode - min);
  const upperProduct = range * (max - mode);
  return (random) => {
    const uniform = random();
    return uniform < modeFraction ? min + Math.sqrt(uniform * lowerProduct) : max - Math.sqrt((1 - uniform) * upperProduct);
  };
}

/** Beta-PERT with lambda 4: min + (max − min) · Beta(1 + 4(mode − min)/range, 1 + 4(max − mode)/range). */
function createPertSampler(min: number, mode: number, max: number): SeveritySampler {
  const range = max - min;
  const sampleBeta = createBetaSampler(1 + (4 * (mode - min)) / range, 1 + (4 * (max - mode)) / range);
  return (random) => min + range * sampleBeta(random);
}

/** Wraps a sampler so its draws are clamped to [min, max]; returns it unchanged without bounds. */
function withClamp(sampler: SeveritySampler, min: number | undefined, max: number | undefined): SeveritySampler {
  if (min === undefined && max === undefined) return sampler;
  const lower = min ?? -Infinity;
  const upper = max ?? Infinity;
  return (random) => clamp(sampler(random), lower, upper);
}

/** Clamps `value` to [lower, upper]. */
function clamp(value: number, lower: number, upper: number): number {
  return value < lower ? lower : value > upper ? upper : value;
}
