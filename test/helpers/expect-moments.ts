import { expect } from 'vitest';

/**
 * Checks a sample's mean within 4 standard errors of `mean`, and its variance within 4 standard
 * errors of `variance`. The variance's standard error is the delta-method one, √((m₄ − s⁴)/n)
 * with m₄ the sample fourth central moment: valid when the fourth moment is finite (hence pareto
 * with shape 5 and moderate lognormal sigmas in the tests).
 */
export function expectMoments(samples: Float64Array, mean: number, variance: number): void {
  const count = samples.length;
  let sum = 0;
  for (const value of samples) sum += value;
  const sampleMean = sum / count;
  let squares = 0;
  let fourths = 0;
  for (const value of samples) {
    const deviation = (value - sampleMean) ** 2;
    squares += deviation;
    fourths += deviation * deviation;
  }
  const sampleVariance = squares / (count - 1);
  const fourthMoment = fourths / count;
  expect(Math.abs(sampleMean - mean)).toBeLessThan(4 * Math.sqrt(variance / count));
  expect(Math.abs(sampleVariance - variance)).toBeLessThan(4 * Math.sqrt((fourthMoment - sampleVariance ** 2) / count));
}
