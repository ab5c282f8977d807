import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { quantile, quantileRank, scaledProbability } from '../../src/stats/quantile.ts';

/** The ascending sample 1, 2, …, count, so that x(k) = k. */
function oneTo(count: number): Float64Array {
  return Float64Array.from({ length: count }, (_, index) => index + 1);
}

describe('quantileRank', () => {
  it('is ⌈p·N⌉ on the edge cases the definitions are about', () => {
    expect(quantileRank(0.995, 1000)).toBe(995);
    expect(quantileRank(1 - 1 / 200, 200)).toBe(199);
    expect(quantileRank(0.95, 10)).toBe(10);
    expect(quantileRank(0.95, 20)).toBe(19);
    expect(quantileRank(0.99, 1000)).toBe(990);
    expect(quantileRank(0.999, 1000)).toBe(999);
    expect(quantileRank(0.5, 3)).toBe(2);
    expect(quantileRank(0.5, 4)).toBe(2);
  });

  it('is exact where p·N in float64 lies just off an integer', () => {
    // 0.07 × 100 = 7.000000000000001 in float64: a naive ceiling gives 8.
    expect(0.07 * 100).toBeGreaterThan(7);
    expect(quantileRank(0.07, 100)).toBe(7);
    // 0.57 × 100 = 56.99999999999999: the ceiling is right either way, the floor is not.
    expect(0.57 * 100).toBeLessThan(57);
    expect(quantileRank(0.57, 100)).toBe(57);
    expect(scaledProbability(0.57, 100)).toBe(57);
  });

  it('is exact at 10^8 trials for the summary levels and return periods', () => {
    const count = 100_000_000;
    expect(quantileRank(0.995, count)).toBe(99_500_000);
    expect(quantileRank(0.999, count)).toBe(99_900_000);
    expect(quantileRank(1 - 1 / 250, count)).toBe(99_600_000);
    // Truly fractional products are not snapped: 0.996 × 99,999,999 = 99,599,999.004.
    expect(quantileRank(1 - 1 / 250, count - 1)).toBe(99_600_000);
    expect(Math.floor(scaledProbability(1 - 1 / 250, count - 1))).toBe(99_599_999);
    // 0.9999 × 99,999,999 = 99,989,999.0001, a ten-thousandth above an integer.
    expect(quantileRank(0.9999, count - 1)).toBe(99_990_000);
  });

  it('clamps the rank to 1..N', () => {
    expect(quantileRank(0, 10)).toBe(1);
    expect(quantileRank(1e-9, 10)).toBe(1);
    expect(quantileRank(1, 10)).toBe(10);
    expect(quantileRank(0.5, 1)).toBe(1);
  });

  it('rejects probabilities outside [0, 1] and empty samples, naming the value', () => {
    expect(() => quantileRank(-0.1, 10)).toThrow(/got -0\.1/);
    expect(() => quantileRank(1.5, 10)).toThrow(/got 1\.5/);
    expect(() => quantileRank(NaN, 10)).toThrow(RangeError);
    expect(() => quantileRank(0.5, 0)).toThrow(/size 0/);
  });
});

describe('quantile', () => {
  it('picks x(⌈p·N⌉) from a small sorted sample', () => {
    const sample = Float64Array.of(10, 20, 30, 40);
    expect(quantile(sample, 0)).toBe(10);
    expect(quantile(sample, 0.25)).toBe(10);
    expect(quantile(sample, 0.26)).toBe(20);
    expect(quantile(sample, 0.5)).toBe(20);
    expect(quantile(sample, 0.75)).toBe(30);
    expect(quantile(sample, 0.9)).toBe(40);
    expect(quantile(sample, 1)).toBe(40);
  });

  it('returns the value at the exact rank for the edge cases', () => {
    expect(quantile(oneTo(1000), 0.995)).toBe(995);
    expect(quantile(oneTo(200), 1 - 1 / 200)).toBe(199);
    expect(quantile(oneTo(10), 0.95)).toBe(10);
    expect(quantile(oneTo(20), 0.95)).toBe(19);
    expect(quantile(oneTo(100), 0.07)).toBe(7);
  });

  it('returns the only value of a one-trial sample at every p', () => {
    const sample = Float64Array.of(42);
    for (const probability of [0, 0.5, 0.99, 1]) expect(quantile(sample, probability)).toBe(42);
  });

  it('throws on an empty sample', () => {
    expect(() => quantile(new Float64Array(0), 0.5)).toThrow(RangeError);
  });

  it('is monotone in p', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 300 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, first, second) => {
          const sorted = Float64Array.from(values).sort();
          const [lower, upper] = first <= second ? [first, second] : [second, first];
          expect(quantile(sorted, lower)).toBeLessThanOrEqual(quantile(sorted, upper));
        },
      ),
    );
  });

  it('has at least ⌈p·N⌉ values at or below it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 200 }), fc.integer({ min: 0, max: 1000 }), (values, permille) => {
        const sorted = Float64Array.from(values).sort();
        const probability = permille / 1000;
        const value = quantile(sorted, probability);
        const atOrBelow = values.filter((x) => x <= value).length;
        const below = values.filter((x) => x < value).length;
        const rank = Math.max(1, Math.ceil((permille * values.length) / 1000 - 1e-12));
        expect(atOrBelow).toBeGreaterThanOrEqual(rank);
        expect(below).toBeLessThan(rank);
      }),
    );
  });
});
