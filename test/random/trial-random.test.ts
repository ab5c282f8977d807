import { describe, expect, it } from 'vitest';
import { createStream, generatorKey, seedKey } from '../../src/random/trial-random.ts';

const seed = seedKey(42);
const generator = generatorKey('incident:fraud:severity');

function firstDraws(stream: () => number, count: number): number[] {
  return Array.from({ length: count }, () => stream());
}

describe('createStream', () => {
  it('gives the same draws for the same (seed, trial, generator)', () => {
    expect(firstDraws(createStream(seed, 17, generator), 5)).toEqual(firstDraws(createStream(seed, 17, generator), 5));
  });

  it('gives different draws when the seed, the trial or the generator differs', () => {
    const base = firstDraws(createStream(seed, 17, generator), 3);
    expect(firstDraws(createStream(seedKey(43), 17, generator), 3)).not.toEqual(base);
    expect(firstDraws(createStream(seed, 18, generator), 3)).not.toEqual(base);
    expect(firstDraws(createStream(seed, 17, generatorKey('incident:fraud:time')), 3)).not.toEqual(base);
    expect(firstDraws(createStream(seed, 17 + 2 ** 32, generator), 3)).not.toEqual(base);
  });

  it('treats a numeric seed and its decimal text alike, and other strings as other seeds', () => {
    expect(seedKey(7)).toBe(seedKey('7'));
    expect(seedKey('seven')).not.toBe(seedKey(7));
  });

  it('spreads the first draw of consecutive trials uniformly over [0, 1) (chi-square over 20 bins)', () => {
    const trials = 100_000;
    const bins = new Array<number>(20).fill(0);
    let lowest = 1;
    let highest = 0;
    for (let trial = 1; trial <= trials; trial++) {
      const u = createStream(seed, trial, generator)();
      lowest = Math.min(lowest, u);
      highest = Math.max(highest, u);
      bins[Math.floor(u * 20)]!++;
    }
    expect(lowest).toBeGreaterThanOrEqual(0);
    expect(highest).toBeLessThan(1);
    const expected = trials / 20;
    const chiSquare = bins.reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
    expect(chiSquare).toBeLessThan(43.8); // 99.9th percentile of chi-square with 19 degrees of freedom
  });

  it('leaves consecutive trials and sibling generators uncorrelated', () => {
    const n = 50_000;
    const other = generatorKey('incident:fraud:time');
    let sameGenerator = 0;
    let siblings = 0;
    for (let trial = 1; trial <= n; trial++) {
      const a = createStream(seed, trial, generator)() - 0.5;
      sameGenerator += a * (createStream(seed, trial + 1, generator)() - 0.5);
      siblings += a * (createStream(seed, trial, other)() - 0.5);
    }
    // Each correlation estimate has a standard error of 1/√n ≈ 0.0045; allow 4.5 of them.
    expect(Math.abs(sameGenerator / n / (1 / 12))).toBeLessThan(0.02);
    expect(Math.abs(siblings / n / (1 / 12))).toBeLessThan(0.02);
  });
});
