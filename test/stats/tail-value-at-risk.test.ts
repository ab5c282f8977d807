import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { quantile } from '../../src/stats/quantile.ts';
import { tailCount, tailValueAtRisk } from '../../src/stats/tail-value-at-risk.ts';

/** The ascending sample 1, 2, …, count, so that x(k) = k. */
function oneTo(count: number): Float64Array {
  return Float64Array.from({ length: count }, (_, index) => index + 1);
}

describe('tailCount', () => {
  it('is N − ⌊p·N⌋ on the edge cases', () => {
    expect(tailCount(0.99, 1000)).toBe(10);
    expect(tailCount(0.995, 1000)).toBe(5);
    expect(tailCount(0.95, 10)).toBe(1);
    expect(tailCount(0.95, 20)).toBe(1);
    expect(tailCount(0.95, 100)).toBe(5);
    expect(tailCount(0.9, 15)).toBe(2);
    expect(tailCount(1 - 1 / 200, 200)).toBe(1);
  });

  it('floors the exact product where float64 lands just below an integer', () => {
    // 0.57 × 100 = 56.99999999999999 in float64: a naive floor gives 56 and a tail of 44.
    expect(tailCount(0.57, 100)).toBe(43);
    expect(tailCount(0.29, 100)).toBe(71);
  });

  it('covers every value at p = 0 and the largest alone at p = 1', () => {
    expect(tailCount(0, 7)).toBe(7);
    expect(tailCount(1, 7)).toBe(1);
  });

  it('rejects bad input', () => {
    expect(() => tailCount(0.5, 0)).toThrow(RangeError);
    expect(() => tailCount(2, 10)).toThrow(/got 2/);
  });
});

describe('tailValueAtRisk', () => {
  it('averages the N − ⌊p·N⌋ largest values', () => {
    expect(tailValueAtRisk(oneTo(10), 0.8)).toBe(9.5);
    expect(tailValueAtRisk(oneTo(10), 0.85)).toBe(9.5); // ⌊8.5⌋ = 8: the 2 largest
    expect(tailValueAtRisk(oneTo(10), 0.95)).toBe(10);
    expect(tailValueAtRisk(oneTo(100), 0.95)).toBe(98); // mean of 96..100
    expect(tailValueAtRisk(oneTo(100), 0.99)).toBe(100);
    expect(tailValueAtRisk(oneTo(4), 0)).toBe(2.5);
    expect(tailValueAtRisk(oneTo(4), 1)).toBe(4);
  });

  it('averages exactly the 10 largest of 1000 at 0.99', () => {
    const sample = oneTo(1000);
    // Mean of 991..1000 is 995.5; one more or one fewer value would give 995 or 996.
    expect(tailValueAtRisk(sample, 0.99)).toBe(995.5);
    expect(tailValueAtRisk(sample, 0.995)).toBe(998); // mean of 996..1000
  });

  it('handles a sample of zeros and a single trial', () => {
    expect(tailValueAtRisk(new Float64Array(50), 0.99)).toBe(0);
    expect(tailValueAtRisk(Float64Array.of(7), 0.99)).toBe(7);
  });

  it('lies between the quantile and the maximum, and grows with p', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 300 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, first, second) => {
          const sorted = Float64Array.from(values).sort();
          const max = sorted[sorted.length - 1] as number;
          for (const probability of [first, second]) {
            const tail = tailValueAtRisk(sorted, probability);
            expect(tail).toBeGreaterThanOrEqual(quantile(sorted, probability));
            expect(tail).toBeLessThanOrEqual(max);
          }
          const [lower, upper] = first <= second ? [first, second] : [second, first];
          const atLower = tailValueAtRisk(sorted, lower);
          const atUpper = tailValueAtRisk(sorted, upper);
          expect(atUpper).toBeGreaterThanOrEqual(atLower - 1e-12 * Math.abs(atLower));
        },
      ),
    );
  });
});
