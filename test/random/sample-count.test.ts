import { describe, it, expect } from 'vitest';
import seedrandom from 'seedrandom';
import { expectMoments } from '../helpers/expect-moments.ts';
import type { RandomStream } from '../../src/random/random-stream.ts';
import { createGammaSampler } from '../../src/random/create-gamma-sampler.ts';
import { logGamma } from '../../src/random/log-gamma.ts';
import { createCountSampler } from '../../src/random/sample-count.ts';
import { createPoissonSampler, samplePoisson } from '../../src/random/sample-poisson.ts';
import type { CountDistribution } from '../../src/scenario/schema/distribution-schema.ts';

const SAMPLE_COUNT = 200_000;

/** Draws `count` samples from a fixed-seed stream. */
function drawSamples(sample: (random: RandomStream) => number, count = SAMPLE_COUNT, seed = 'count'): Float64Array {
  const random = seedrandom.alea(seed);
  const samples = new Float64Array(count);
  for (let index = 0; index < count; index++) samples[index] = sample(random);
  return samples;
}

/** Checks the frequency of each count in `counts` within 4 binomial standard errors of its Poisson probability. */
function expectPoissonFrequencies(samples: Float64Array, mean: number, counts: number[]): void {
  for (const count of counts) {
    const probability = Math.exp(-mean + count * Math.log(mean) - logGamma(count + 1));
    const frequency = samples.filter((sample) => sample === count).length / samples.length;
    expect(Math.abs(frequency - probability), `P(X = ${count})`).toBeLessThan(4 * Math.sqrt((probability * (1 - probability)) / samples.length));
  }
}

/** A stream that fails the test if a sampler draws from it. */
const forbiddenStream: RandomStream = () => {
  throw new Error('expected no draw, got one');
};

describe('logGamma', () => {
  it.each([
    [1, 0],
    [2, 0],
    [0.5, Math.log(Math.sqrt(Math.PI))],
    [5, Math.log(24)],
    [11, Math.log(3_628_800)],
    [101, 363.73937555556347], // ln 100!
  ])('ln Γ(%d) = %d', (x, expected) => {
    expect(Math.abs(logGamma(x) - expected)).toBeLessThan(1e-12 * Math.max(1, expected));
  });
});

describe('createGammaSampler', () => {
  it.each([0.3, 1, 2.5, 40])('Gamma(%d, 1) has mean and variance equal to its shape', (shape) => {
    expectMoments(drawSamples(createGammaSampler(shape)), shape, shape);
  });
});

describe('createCountSampler', () => {
  it.each([3, 50, 10_000])('poisson with mean %d has mean and variance equal to it', (mean) => {
    const samples = drawSamples(createCountSampler({ dist: 'poisson', mean }));
    expectMoments(samples, mean, mean);
    expect(samples.every((sample) => Number.isInteger(sample) && sample >= 0)).toBe(true);
  });

  it('poisson by inversion matches the probabilities of small counts', () => {
    expectPoissonFrequencies(drawSamples(createCountSampler({ dist: 'poisson', mean: 3 })), 3, [0, 1, 2, 3, 4, 6, 9]);
  });

  it('poisson by transformed rejection matches the probabilities across the body and tails', () => {
    expectPoissonFrequencies(drawSamples(createCountSampler({ dist: 'poisson', mean: 50 })), 50, [30, 40, 45, 50, 55, 60, 70]);
  });

  it('poisson stays fast and centred at a mean of 1e6', () => {
    const samples = drawSamples(createCountSampler({ dist: 'poisson', mean: 1e6 }), 100_000);
    expectMoments(samples, 1e6, 1e6);
  });

  it('poisson takes one uniform per draw below a mean of 30, and a mean of 0 takes none', () => {
    let calls = 0;
    const counting: RandomStream = () => (calls++, 0.7);
    const sample = createPoissonSampler(29);
    sample(counting);
    expect(calls).toBe(1);
    expect(createCountSampler({ dist: 'poisson', mean: 0 })(forbiddenStream)).toBe(0);
  });

  it('poisson by inversion is monotone in its uniform', () => {
    const sample = createPoissonSampler(4);
    let previous = 0;
    for (let uniform = 0; uniform < 1; uniform += 1e-3) {
      const count = sample(() => uniform);
      expect(count).toBeGreaterThanOrEqual(previous);
      previous = count;
    }
  });

  it('samplePoisson with a varying mean agrees with the fixed-mean sampler', () => {
    for (const mean of [0.5, 12, 400]) {
      expectMoments(
        drawSamples((random) => samplePoisson(random, mean)),
        mean,
        mean,
      );
    }
  });

  it.each([
    [10, 2],
    [4, 0.5],
    [1_000, 50],
  ])('negative_binomial with mean %d and dispersion %d has variance mean + mean²/dispersion', (mean, dispersion) => {
    const samples = drawSamples(createCountSampler({ dist: 'negative_binomial', mean, dispersion }));
    expectMoments(samples, mean, mean + mean ** 2 / dispersion);
  });

  it('negative_binomial with mean 0 gives 0 without drawing', () => {
    expect(createCountSampler({ dist: 'negative_binomial', mean: 0, dispersion: 2 })(forbiddenStream)).toBe(0);
  });

  it('bernoulli has mean p and variance p(1 − p)', () => {
    const samples = drawSamples(createCountSampler({ dist: 'bernoulli', p: 0.3 }));
    expect(samples.every((sample) => sample === 0 || sample === 1)).toBe(true);
    expectMoments(samples, 0.3, 0.21);
  });

  it('bernoulli with p 0 or 1 is certain', () => {
    expect(drawSamples(createCountSampler({ dist: 'bernoulli', p: 0 }), 1_000).every((sample) => sample === 0)).toBe(true);
    expect(drawSamples(createCountSampler({ dist: 'bernoulli', p: 1 }), 1_000).every((sample) => sample === 1)).toBe(true);
  });

  it('fixed gives its value without drawing', () => {
    const spec: CountDistribution = { dist: 'fixed', value: 4 };
    expect(createCountSampler(spec)(forbiddenStream)).toBe(4);
  });
});
