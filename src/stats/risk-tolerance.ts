/**
 * Risk tolerance (MODEL §10): a bearer's acceptable exceedance curve against the simulated one.
 *
 * A tolerance curve is a list of points (loss L_i, probability q_i), losses increasing and
 * probabilities decreasing, read as a step curve: the acceptable probability of a year losing
 * more than x is q_i of the last point with L_i ≤ x, and 1 below the first point. A strategy is
 * within tolerance when at every point the simulated AEP, the share of years with an annual net
 * loss above L_i, is at most q_i. Since the simulated AEP never rises with the loss, testing the
 * points tests the whole step curve.
 */

import type { ToleranceCurve } from '../scenario/schema/risk-appetite-schema.ts';

/** Two-sided 95% normal quantile, as compare-strategies.ts's NOISE_Z. */
const NOISE_Z = 1.96;

/** One tolerance point tested against a simulated year loss table column. */
export interface TolerancePointTest {
  loss: number;
  /** The largest acceptable probability a year of a loss above `loss`. */
  acceptable: number;
  /** Years with an annual net loss above `loss`. */
  yearsExceeding: number;
  /** yearsExceeding / trials: the simulated AEP at `loss`. */
  simulated: number;
  within: boolean;
  /**
   * |simulated − acceptable| ≤ 1.96 √(acceptable (1 − acceptable) / N): a share of years that
   * close to the limit could fall on either side of it with other draws (the binomial standard
   * error at the limit), so the test cannot be sure at this many trials.
   */
  withinNoise: boolean;
}

/** A strategy's tolerance test for one bearer. */
export interface ToleranceTest {
  points: TolerancePointTest[];
  /** Every point within. */
  within: boolean;
  /** The breached point with the largest simulated ÷ acceptable ratio (the first of equals); none when within. */
  worstBreach?: TolerancePointTest;
}

/**
 * The acceptable probability a year of exceeding `loss` on a step tolerance curve: the
 * probability of the last point at or below `loss`, 1 below the first point.
 *
 * @example
 * const curve = [{ loss: 10, probability: 0.1 }, { loss: 50, probability: 0.01 }];
 * acceptableProbability(curve, 5); // 1
 * acceptableProbability(curve, 10); // 0.1
 * acceptableProbability(curve, 49); // 0.1
 * acceptableProbability(curve, 80); // 0.01
 */
export function acceptableProbability(curve: ToleranceCurve, loss: number): number {
  let probability = 1;
  for (const point of curve) if (point.loss <= loss) probability = point.probability;
  return probability;
}

/**
 * Tests annual losses (one strategy and bearer, any order) against a tolerance curve.
 *
 * @example
 * testTolerance(Float64Array.of(0, 5, 20, 60), [{ loss: 10, probability: 0.25 }]);
 * // 2 of 4 years exceed 10: simulated 0.5 > 0.25, a breach
 */
export function testTolerance(annual: Float64Array, curve: ToleranceCurve): ToleranceTest {
  const trials = annual.length;
  const points = curve.map((point): TolerancePointTest => {
    let yearsExceeding = 0;
    for (let i = 0; i < trials; i++) if (annual[i]! > point.loss) yearsExceeding++;
    const simulated = trials > 0 ? yearsExceeding / trials : 0;
    const noise = NOISE_Z * Math.sqrt((point.probability * (1 - point.probability)) / Math.max(1, trials));
    return {
      loss: point.loss,
      acceptable: point.probability,
      yearsExceeding,
      simulated,
      within: simulated <= point.probability,
      withinNoise: Math.abs(simulated - point.probability) <= noise,
    };
  });
  let worstBreach: TolerancePointTest | undefined;
  for (const point of points) {
    if (!point.within && (!worstBreach || breachRatio(point) > breachRatio(worstBreach))) worstBreach = point;
  }
  return { points, within: worstBreach === undefined, ...(worstBreach ? { worstBreach } : {}) };
}

/** How far a point is exceeded: simulated ÷ acceptable (above 1 for a breach). */
export function breachRatio(point: { simulated: number; acceptable: number }): number {
  return point.simulated / point.acceptable;
}
