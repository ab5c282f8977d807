import type { SeverityDistribution } from './distribution-spec.ts';
import { lognormalParameters } from './sample-severity.ts';

/**
 * The expected value of a validated severity spec, as `createSeveritySampler` draws it (with its
 * optional `min`/`max` clamps), in closed form: constant, uniform, triangular, pert, the
 * empirical weighted mean, and the clamped normal, lognormal (also from p05/p95) and Pareto.
 * A Pareto with shape ≤ 1 and no `max` has an infinite mean: `Infinity`.
 *
 * @example severityMean({ dist: 'triangular', min: 0, mode: 1, max: 5 }) // 2
 */
export function severityMean(spec: SeverityDistribution): number {
  switch (spec.dist) {
    case 'constant':
      return clamp(spec.value, spec.min ?? -Infinity, spec.max ?? Infinity);
    case 'uniform':
      return (spec.min + spec.max) / 2;
    case 'triangular':
      return (spec.min + spec.mode + spec.max) / 3;
    case 'pert':
      return (spec.min + 4 * spec.mode + spec.max) / 6;
    case 'normal':
      return clampedNormalMean(spec.mean, spec.sd, spec.min ?? -Infinity, spec.max ?? Infinity);
    case 'lognormal': {
      const { mu, sigma } = lognormalParameters(spec);
      return clampedLognormalMean(mu, sigma, spec.min ?? -Infinity, spec.max ?? Infinity);
    }
    case 'pareto':
      return clampedParetoMean(spec.scale, spec.shape, spec.min ?? -Infinity, spec.max ?? Infinity);
    case 'empirical': {
      const lower = spec.min ?? -Infinity;
      const upper = spec.max ?? Infinity;
      let total = 0;
      let weighted = 0;
      spec.values.forEach((value, index) => {
        const weight = spec.weights?.[index] ?? 1;
        total += weight;
        weighted += weight * clamp(value, lower, upper);
      });
      return weighted / total;
    }
  }
}

/** E[clamp(X, a, b)] for X ~ Normal(mean, sd): a·Φ(α) + b·(1 − Φ(β)) + mean·(Φ(β) − Φ(α)) + sd·(φ(α) − φ(β)). */
function clampedNormalMean(mean: number, sd: number, a: number, b: number): number {
  if (sd === 0) return clamp(mean, a, b);
  const alpha = (a - mean) / sd;
  const beta = (b - mean) / sd;
  const below = a === -Infinity ? 0 : a * normalCdf(alpha);
  const above = b === Infinity ? 0 : b * (1 - normalCdf(beta));
  return below + above + mean * (normalCdf(beta) - normalCdf(alpha)) + sd * (normalDensity(alpha) - normalDensity(beta));
}

/** E[clamp(X, a, b)] for ln X ~ Normal(mu, sigma): a·F(a) + b·(1 − F(b)) + e^(mu + sigma²/2)·(Φ(β − sigma) − Φ(α − sigma)). */
function clampedLognormalMean(mu: number, sigma: number, a: number, b: number): number {
  if (sigma === 0) return clamp(Math.exp(mu), a, b);
  const alpha = a > 0 ? (Math.log(a) - mu) / sigma : -Infinity;
  const beta = b === Infinity ? Infinity : b > 0 ? (Math.log(b) - mu) / sigma : -Infinity;
  if (beta === -Infinity) return b;
  const below = alpha === -Infinity ? 0 : a * normalCdf(alpha);
  const above = beta === Infinity ? 0 : b * (1 - normalCdf(beta));
  return below + above + Math.exp(mu + (sigma * sigma) / 2) * (normalCdf(beta - sigma) - normalCdf(alpha - sigma));
}

/**
 * E[clamp(X, a, b)] for a Pareto of `scale` and `shape` (survival S(x) = (scale/x)^shape):
 * m + ∫ₘᵇ S(x) dx with m = max(a, scale), or b when b ≤ m.
 */
function clampedParetoMean(scale: number, shape: number, a: number, b: number): number {
  const m = Math.max(a, scale);
  if (b <= m) return b;
  if (shape === 1) return b === Infinity ? Infinity : m + scale * Math.log(b / m);
  if (b === Infinity) return shape < 1 ? Infinity : m + (m * Math.pow(scale / m, shape)) / (shape - 1);
  return m + (m * Math.pow(scale / m, shape) - b * Math.pow(scale / b, shape)) / (shape - 1);
}

/** The standard normal density φ(z). */
function normalDensity(z: number): number {
  return Number.isFinite(z) ? Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI) : 0;
}

/** The standard normal CDF Φ(z) = erfc(−z/√2)/2. */
export function normalCdf(z: number): number {
  if (z === Infinity) return 1;
  if (z === -Infinity) return 0;
  return erfc(-z / Math.SQRT2) / 2;
}

/** The complementary error function by its Chebyshev fit (Numerical Recipes' erfcc), relative error below 1.2e-7. */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + z / 2);
  const y =
    t *
    Math.exp(
      -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? y : 2 - y;
}

/** Clamps `value` to [lower, upper]. */
function clamp(value: number, lower: number, upper: number): number {
  return value < lower ? lower : value > upper ? upper : value;
}
