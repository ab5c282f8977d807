import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { createSeveritySampler } from '../../src/random/sample-severity.ts';
import { normalCdf, severityMean } from '../../src/random/severity-mean.ts';
import type { SeverityDistribution } from '../../src/scenario/schema/distribution-schema.ts';

const SAMPLE_COUNT = 200_000;

/** The mean and standard error of `count` draws of `spec` from a fixed-seed stream. */
function sampledMean(spec: SeverityDistribution, count = SAMPLE_COUNT): { mean: number; se: number } {
  const sample = createSeveritySampler(spec);
  const random = seedrandom.alea('severity-mean');
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < count; i++) {
    const x = sample(random);
    sum += x;
    squares += x * x;
  }
  const mean = sum / count;
  const variance = Math.max(0, (squares - count * mean * mean) / (count - 1));
  return { mean, se: Math.sqrt(variance / count) };
}

const SPECS: [string, SeverityDistribution][] = [
  ['constant', { dist: 'constant', value: 7 }],
  ['clamped constant', { dist: 'constant', value: 7, max: 5 }],
  ['uniform', { dist: 'uniform', min: 2, max: 10 }],
  ['triangular', { dist: 'triangular', min: 0, mode: 1, max: 5 }],
  ['pert', { dist: 'pert', min: 10, mode: 20, max: 60 }],
  ['normal', { dist: 'normal', mean: 100, sd: 30 }],
  ['normal clamped at 0 and 120', { dist: 'normal', mean: 50, sd: 60, min: 0, max: 120 }],
  ['lognormal from mu, sigma', { dist: 'lognormal', mu: 9, sigma: 0.8 }],
  ['lognormal from p05, p95', { dist: 'lognormal', p05: 5_000, p95: 200_000 }],
  ['lognormal clamped', { dist: 'lognormal', p05: 5_000, p95: 200_000, min: 10_000, max: 100_000 }],
  ['pareto', { dist: 'pareto', scale: 1_000, shape: 3 }],
  ['pareto with a max', { dist: 'pareto', scale: 1_000, shape: 1.2, max: 50_000 }],
  ['pareto shape 1 with a max', { dist: 'pareto', scale: 1_000, shape: 1, max: 50_000 }],
  ['pareto with a min above its scale', { dist: 'pareto', scale: 1_000, shape: 2.5, min: 3_000 }],
  ['empirical', { dist: 'empirical', values: [1, 5, 20] }],
  ['weighted empirical, clamped', { dist: 'empirical', values: [1, 5, 20], weights: [3, 1, 1], max: 10 }],
];

describe('severityMean', () => {
  it.each(SPECS)('%s: the closed form agrees with the mean of 200,000 draws', (_, spec) => {
    const expected = severityMean(spec);
    const { mean, se } = sampledMean(spec);
    expect(Number.isFinite(expected)).toBe(true);
    expect(Math.abs(mean - expected)).toBeLessThanOrEqual(4 * se + 1e-9 * Math.abs(expected) + 1e-12);
  });

  it('gives the textbook values exactly where they are simple', () => {
    expect(severityMean({ dist: 'triangular', min: 0, mode: 1, max: 5 })).toBe(2);
    expect(severityMean({ dist: 'pert', min: 0, mode: 3, max: 6 })).toBe(3);
    expect(severityMean({ dist: 'lognormal', mu: 0, sigma: 1 })).toBeCloseTo(Math.exp(0.5), 6);
    expect(severityMean({ dist: 'pareto', scale: 2, shape: 3 })).toBeCloseTo(3, 12);
    expect(severityMean({ dist: 'empirical', values: [1, 3], weights: [1, 3] })).toBe(2.5);
  });

  it('is infinite for a Pareto without a finite mean and no max', () => {
    expect(severityMean({ dist: 'pareto', scale: 1, shape: 1 })).toBe(Infinity);
    expect(severityMean({ dist: 'pareto', scale: 1, shape: 0.7 })).toBe(Infinity);
  });

  it('uses a normal CDF accurate to 1e-7', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.6448536269514722)).toBeCloseTo(0.95, 7);
    expect(normalCdf(-1.959963984540054)).toBeCloseTo(0.025, 7);
  });
});
