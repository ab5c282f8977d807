import type { RandomStream } from './random-stream.ts';
import { createGammaSampler } from './create-gamma-sampler.ts';

/**
 * Returns a sampler of Beta(alpha, beta) draws on [0, 1], as X / (X + Y) with X ~ Gamma(alpha)
 * and Y ~ Gamma(beta).
 *
 * Requires alpha > 0 and beta > 0. Used for beta-PERT, where both are at least 1.
 */
export function createBetaSampler(alpha: number, beta: number): (random: RandomStream) => number {
  const sampleX = createGammaSampler(alpha);
  const sampleY = createGammaSampler(beta);
  return (random) => {
    const x = sampleX(random);
    const y = sampleY(random);
    const total = x + y;
    // Only reachable when both shapes are below 1 and both draws underflow to 0.
    if (total === 0) return alpha / (alpha + beta);
    return x / total;
  };
}
