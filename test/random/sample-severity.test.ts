import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { expectMoments } from '../helpers/expect-moments.ts';
import type { RandomStream } from '../../src/random/random-stream.ts';
import { inverseNormalCdf, standardNormalFromUniform } from '../../src/random/inverse-normal-cdf.ts';
import { createSeveritySampler, lognormalParameters } from '../../src/random/sample-severity.ts';
import { severityDistributionSchema, type SeverityDistribution } from '../../src/scenario/schema/distribution-schema.ts';

const SAMPLE_COUNT = 200_000;

/** Draws `count` samples of `spec` from a fixed-seed stream. */
function drawSamples(spec: SeverityDistribution, count = SAMPLE_COUNT, seed = 'severity'): Float64Array {
  const sample = createSeveritySampler(spec);
  const random = seedrandom.alea(seed);
  const samples = new Float64Array(count);
  for (let index = 0; index < count; index++) samples[index] = sample(random);
  return samples;
}

/** The empirical q-quantile of the samples (sorted copy). */
function quantile(samples: Float64Array, q: number): number {
  const sorted = Float64Array.from(samples).sort();
  return sorted[Math.floor(q * (sorted.length - 1))]!;
}

/** The smallest sample. */
function minimumOf(samples: Float64Array): number {
  return samples.reduce((smallest, value) => Math.min(smallest, value), Infinity);
}

/** The largest sample. */
function maximumOf(samples: Float64Array): number {
  return samples.reduce((largest, value) => Math.max(largest, value), -Infinity);
}

/** A stream that fails the test if a sampler draws from it. */
const forbiddenStream: RandomStream = () => {
  throw new Error('expected no draw, got one');
};

describe('inverseNormalCdf', () => {
  it.each([
    [0.975, 1.959963984540054],
    [0.05, -1.6448536269514722],
    [0.5, 0],
    [0.8413447460685429, 1], // Φ(1)
    [0.001, -3.090232306167813],
    [1e-10, -6.361340902404056],
    [1e-7, -5.199337582192817],
  ])('Φ⁻¹(%d) = %d to 1e-12 relative', (probability, expected) => {
    expect(Math.abs(inverseNormalCdf(probability) - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
  });

  it('is −∞ at 0, +∞ at 1 and NaN outside [0, 1]', () => {
    expect(inverseNormalCdf(0)).toBe(-Infinity);
    expect(inverseNormalCdf(1)).toBe(Infinity);
    expect(inverseNormalCdf(-0.1)).toBeNaN();
  });

  it('gives a finite draw for a uniform of 0', () => {
    expect(standardNormalFromUniform(0)).toBeGreaterThan(-9);
    expect(standardNormalFromUniform(0)).toBeLessThan(-8);
  });

  it('is antisymmetric: Φ⁻¹(q) = −Φ⁻¹(1 − q)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 0.5, noNaN: true }), (p) => {
        const q = 1 - p; // 1 − q is then exact
        if (q === 1) return;
        const sum = inverseNormalCdf(q) + inverseNormalCdf(1 - q);
        expect(Math.abs(sum)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(inverseNormalCdf(q))));
      }),
    );
  });
});

describe('createSeveritySampler moments', () => {
  it('constant uses no draw and clamps', () => {
    expect(createSeveritySampler({ dist: 'constant', value: 7 })(forbiddenStream)).toBe(7);
    expect(createSeveritySampler({ dist: 'constant', value: 7, max: 3 })(forbiddenStream)).toBe(3);
    expect(createSeveritySampler({ dist: 'constant', value: -7, min: 0 })(forbiddenStream)).toBe(0);
  });

  it('uniform', () => {
    expectMoments(drawSamples({ dist: 'uniform', min: 2, max: 12 }), 7, 100 / 12);
  });

  it('triangular', () => {
    const [a, c, b] = [1, 3, 10];
    expectMoments(drawSamples({ dist: 'triangular', min: a, mode: c, max: b }), (a + b + c) / 3, (a * a + b * b + c * c - a * b - a * c - b * c) / 18);
  });

  it.each([
    [0, 2, 10],
    [100, 100, 200],
    [0, 1, 1],
  ])('pert from %d to %d (mode) to %d', (min, mode, max) => {
    const range = max - min;
    const alpha = 1 + (4 * (mode - min)) / range;
    const beta = 1 + (4 * (max - mode)) / range;
    const mean = min + (range * alpha) / (alpha + beta);
    const variance = (range ** 2 * alpha * beta) / ((alpha + beta) ** 2 * (alpha + beta + 1));
    const samples = drawSamples({ dist: 'pert', min, mode, max });
    expectMoments(samples, mean, variance);
    expect(minimumOf(samples)).toBeGreaterThanOrEqual(min);
    expect(maximumOf(samples)).toBeLessThanOrEqual(max);
  });

  it('normal', () => {
    expectMoments(drawSamples({ dist: 'normal', mean: -5, sd: 3 }), -5, 9);
  });

  it('lognormal from mu and sigma', () => {
    const [mu, sigma] = [2, 0.5];
    const mean = Math.exp(mu + sigma ** 2 / 2);
    expectMoments(drawSamples({ dist: 'lognormal', mu, sigma }), mean, (Math.exp(sigma ** 2) - 1) * mean ** 2);
  });

  it('lognormal from p05 and p95 hits both percentiles within 1%', () => {
    const samples = drawSamples({ dist: 'lognormal', p05: 1_000, p95: 250_000 });
    expect(Math.abs(quantile(samples, 0.05) / 1_000 - 1)).toBeLessThan(0.01);
    expect(Math.abs(quantile(samples, 0.95) / 250_000 - 1)).toBeLessThan(0.01);
    const { mu, sigma } = lognormalParameters({ dist: 'lognormal', p05: 1_000, p95: 250_000 });
    expect(Math.exp(mu)).toBeCloseTo(Math.sqrt(1_000 * 250_000), 6);
    expect(sigma).toBeCloseTo(Math.log(250) / (2 * 1.6448536269514722), 12);
  });

  it('pareto with shape 5 (finite fourth moment)', () => {
    const [scale, shape] = [1_000, 5];
    const variance = (scale ** 2 * shape) / ((shape - 1) ** 2 * (shape - 2));
    const samples = drawSamples({ dist: 'pareto', scale, shape }, 1_000_000);
    expectMoments(samples, (shape * scale) / (shape - 1), variance);
    expect(minimumOf(samples)).toBeGreaterThanOrEqual(scale);
  });

  it('empirical frequencies match the weights', () => {
    const values = [10, 20, 30, 40];
    const weights = [1, 0, 3, 6];
    const samples = drawSamples({ dist: 'empirical', values, weights });
    values.forEach((value, index) => {
      const probability = weights[index]! / 10;
      const frequency = samples.filter((sample) => sample === value).length / samples.length;
      expect(Math.abs(frequency - probability)).toBeLessThanOrEqual(4 * Math.sqrt((probability * (1 - probability)) / samples.length));
    });
  });

  it('empirical without weights draws each value equally often', () => {
    const samples = drawSamples({ dist: 'empirical', values: [3, 1, 2] });
    expectMoments(samples, 2, 2 / 3);
  });
});

describe('createSeveritySampler truncation', () => {
  it('leaves the mean of a normal alone for a far-away bound', () => {
    const far = drawSamples({ dist: 'normal', mean: 10, sd: 2, min: -100, max: 100 });
    expect(far).toEqual(drawSamples({ dist: 'normal', mean: 10, sd: 2 }));
  });

  it('clamps a normal at its mean: max(0, Z) has mean φ(0) and variance 1/2 − φ(0)²', () => {
    const samples = drawSamples({ dist: 'normal', mean: 0, sd: 1, min: 0 });
    const density = 1 / Math.sqrt(2 * Math.PI);
    expectMoments(samples, density, 0.5 - density ** 2);
    expect(minimumOf(samples)).toBe(0);
  });

  it('clamps lognormal, pareto and empirical draws into [min, max]', () => {
    const specs: SeverityDistribution[] = [
      { dist: 'lognormal', mu: 0, sigma: 2, min: 0.5, max: 3 },
      { dist: 'pareto', scale: 1, shape: 1, max: 4 },
      { dist: 'empirical', values: [-5, 1, 9], min: 0, max: 8 },
    ];
    for (const spec of specs) {
      const samples = drawSamples(spec, 20_000);
      expect(minimumOf(samples)).toBeGreaterThanOrEqual(spec.min ?? -Infinity);
      expect(maximumOf(samples)).toBeLessThanOrEqual(spec.max ?? Infinity);
    }
    const empirical = drawSamples({ dist: 'empirical', values: [-5, 1, 9], min: 0, max: 8 }, 30_000);
    expect(new Set(empirical)).toEqual(new Set([0, 1, 8]));
  });
});

describe('createSeveritySampler common random numbers', () => {
  const oneDrawSpecs: SeverityDistribution[] = [
    { dist: 'uniform', min: -2, max: 5 },
    { dist: 'triangular', min: 0, mode: 7, max: 10 },
    { dist: 'normal', mean: 3, sd: 2 },
    { dist: 'lognormal', p05: 10, p95: 1_000 },
    { dist: 'pareto', scale: 2, shape: 1.2 },
    { dist: 'empirical', values: [1, 4, 9, 16], weights: [1, 2, 0, 1] },
  ];

  it.each(oneDrawSpecs)('$dist takes exactly one uniform per draw and is monotone in it', (spec) => {
    const sample = createSeveritySampler(spec);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (u, v) => {
        let calls = 0;
        const stream =
          (uniform: number): RandomStream =>
          () => (calls++, uniform);
        const [low, high] = u <= v ? [u, v] : [v, u];
        const atLow = sample(stream(low));
        const atHigh = sample(stream(high));
        expect(calls).toBe(2);
        expect(Number.isFinite(atLow)).toBe(true);
        expect(atLow).toBeLessThanOrEqual(atHigh);
      }),
    );
  });

  it('scaling a lognormal (mu + ln k) scales the same draw by k', () => {
    const base = drawSamples({ dist: 'lognormal', mu: 8, sigma: 1 }, 1_000);
    const scaled = drawSamples({ dist: 'lognormal', mu: 8 + Math.log(0.4), sigma: 1 }, 1_000);
    base.forEach((value, index) => expect(scaled[index]! / value).toBeCloseTo(0.4, 10));
  });
});

describe('createSeveritySampler on validated specs', () => {
  const parameter = fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constantFrom(0, 1, -1, 1e-9, Number.NaN, Infinity, -Infinity));
  const candidate = fc.record(
    {
      dist: fc.constantFrom('constant', 'uniform', 'triangular', 'pert', 'normal', 'lognormal', 'pareto', 'empirical'),
      value: parameter,
      min: parameter,
      mode: parameter,
      max: parameter,
      mean: parameter,
      sd: parameter,
      mu: parameter,
      sigma: parameter,
      p05: parameter,
      p95: parameter,
      scale: parameter,
      shape: parameter,
      values: fc.array(parameter, { maxLength: 4 }),
      weights: fc.array(parameter, { maxLength: 4 }),
    },
    { requiredKeys: ['dist'] },
  );

  it('never draws NaN from a spec the schema accepts', () => {
    const random = seedrandom.alea('validated');
    fc.assert(
      fc.property(candidate, (input) => {
        const parsed = severityDistributionSchema.safeParse(input);
        if (!parsed.success) return;
        const sample = createSeveritySampler(parsed.data);
        for (let draw = 0; draw < 20; draw++) expect(sample(random)).not.toBeNaN();
      }),
      { numRuns: 3_000 },
    );
  });
});
