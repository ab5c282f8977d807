import type { RandomStream } from './random-stream.ts';
import { standardNormalFromUniform } from './inverse-normal-cdf.ts';

/**
 * Gamma(shape, 1) variates by Marsaglia and Tsang's method (2000).
 *
 * For shape ≥ 1 it squeezes a transformed normal and accepts ~96–99% of proposals, each using
 * two uniforms (one for the normal via Φ⁻¹, one for the test). For shape < 1 it draws
 * Gamma(shape + 1) and multiplies by U^(1/shape). The number of uniforms per draw varies.
 */

/**
 * Returns a sampler of Gamma(shape, scale 1) draws; multiply a draw by a scale to rescale it.
 *
 * Requires shape > 0; the constants are computed once so the sampler does not allocate.
 */
export function createGammaSampler(shape: number): (random: RandomStream) => number {
  const boosted = shape < 1;
  const d = (boosted ? shape + 1 : shape) - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  const inverseShape = 1 / shape;
  const sampleAtLeastOne = (random: RandomStream): number => {
    for (;;) {
      let normal: number;
      let v: number;
      do {
        normal = standardNormalFromUniform(random());
        v = 1 + c * normal;
      } while (v <= 0);
      v = v * v * v;
      const uniform = random();
      const normalSquared = normal * normal;
      if (uniform < 1 - 0.0331 * normalSquared * normalSquared) return d * v;
      if (Math.log(uniform) < 0.5 * normalSquared + d * (1 - v + Math.log(v))) return d * v;
    }
  };
  if (!boosted) return sampleAtLeastOne;
  return (random) => sampleAtLeastOne(random) * Math.pow(random(), inverseShape);
}
