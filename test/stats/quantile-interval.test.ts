import { describe, expect, it } from 'vitest';
import { quantileInterval, quantileRankInterval } from '../../src/stats/quantile-interval.ts';
import { quantileRank } from '../../src/stats/quantile.ts';

/**
 * The ranks by their definition, from the exact binomial(n, num/den) in integers: l the largest
 * with P(B ≤ l − 1) ≤ 5%, u the smallest with P(B ≤ u − 1) ≥ 95%, each within 1..n.
 */
function ranksByDefinition(n: number, num: number, den: number): { low: number | undefined; high: number | undefined } {
  const whole = BigInt(den) ** BigInt(n);
  let low: number | undefined;
  let high: number | undefined;
  let below = 0n; // den^n · P(B ≤ rank − 1)
  let choose = 1n;
  for (let rank = 1; rank <= n; rank++) {
    const i = rank - 1;
    if (i > 0) choose = (choose * BigInt(n - i + 1)) / BigInt(i);
    below += choose * BigInt(num) ** BigInt(i) * BigInt(den - num) ** BigInt(n - i);
    if (20n * below <= whole) low = rank;
    if (high === undefined && 20n * below >= 19n * whole) high = rank;
  }
  return { low, high };
}

describe('quantileRankInterval', () => {
  it('gives the ranks worked out by hand for small N', () => {
    // N = 10, p = 0.5: P(B ≤ 1) = 11/1024 = 1.1%, P(B ≤ 2) = 56/1024 = 5.5%: l = 2;
    // P(B ≤ 7) = 968/1024 = 94.5%, P(B ≤ 8) = 1013/1024 = 98.9%: u = 9.
    expect(quantileRankInterval(10, 0.5)).toEqual({ low: 2, high: 9 });
    // N = 20, p = 0.9: P(B ≤ 15) = 4.3%, P(B ≤ 16) = 13.3%: l = 16; P(B ≤ 19) = 1 − 0.9^20 = 87.8% < 95%: no u.
    expect(quantileRankInterval(20, 0.9)).toEqual({ low: 16, high: undefined });
    // N = 5, p = 0.5: P(B ≤ 0) = 1/32 = 3.1%, P(B ≤ 1) = 6/32 = 18.8%: l = 1; P(B ≤ 4) = 31/32 = 96.9%: u = 5.
    expect(quantileRankInterval(5, 0.5)).toEqual({ low: 1, high: 5 });
    // N = 4, p = 0.5: P(B ≤ 0) = 1/16 = 6.25% > 5%: no l; P(B ≤ 3) = 15/16 = 93.75% < 95%: no u.
    expect(quantileRankInterval(4, 0.5)).toEqual({ low: undefined, high: undefined });
    // N = 100, p = 0.99: P(B ≤ 96) = 1.8%, P(B ≤ 97) = 7.9%: l = 97; 0.99^100 = 36.6% > 5%: no u.
    expect(quantileRankInterval(100, 0.99)).toEqual({ low: 97, high: undefined });
  });

  it('agrees with the exact binomial in integers for every N up to 60 and several p', () => {
    for (const [num, den] of [
      [1, 2],
      [9, 10],
      [19, 20],
      [99, 100],
      [1, 10],
      [4, 5],
    ] as const) {
      for (let n = 1; n <= 60; n++) {
        expect(quantileRankInterval(n, num / den), `N ${n}, p ${num}/${den}`).toEqual(ranksByDefinition(n, num, den));
      }
    }
  });

  it('agrees with the exact binomial at the p99 of 1,000 and 2,000 trials', () => {
    expect(quantileRankInterval(1000, 0.99)).toEqual(ranksByDefinition(1000, 99, 100));
    expect(quantileRankInterval(1000, 0.99)).toEqual({ low: 985, high: 996 });
    expect(quantileRankInterval(2000, 0.99)).toEqual(ranksByDefinition(2000, 99, 100));
  });

  it('brackets the point estimate’s rank ⌈p·N⌉ and tends to ±1.645 binomial sd at large N', () => {
    for (const count of [1000, 10_000, 100_000, 10_000_000]) {
      for (const probability of [0.5, 0.9, 0.99, 0.999]) {
        const { low, high } = quantileRankInterval(count, probability);
        const rank = quantileRank(probability, count);
        if (high === undefined) {
          expect(probability ** count).toBeGreaterThan(0.05); // even x(N) may lie below the quantile
          continue;
        }
        expect(low!, `${count} ${probability}`).toBeLessThanOrEqual(rank);
        expect(high!, `${count} ${probability}`).toBeGreaterThanOrEqual(rank);
        const sd = Math.sqrt(count * probability * (1 - probability));
        if (sd > 30) expect((high! - low!) / (2 * 1.6448536269514722 * sd), `${count} ${probability}`).toBeCloseTo(1, 1);
      }
    }
  });

  it('handles p = 0 and p = 1, and refuses an empty sample or a p outside [0, 1]', () => {
    expect(quantileRankInterval(5, 0)).toEqual({ low: undefined, high: 1 });
    expect(quantileRankInterval(5, 1)).toEqual({ low: 5, high: undefined });
    expect(() => quantileRankInterval(0, 0.5)).toThrow(RangeError);
    expect(() => quantileRankInterval(10, 1.5)).toThrow(/got 1\.5/);
  });
});

describe('quantileInterval', () => {
  it('reads the order statistics at those ranks', () => {
    const sorted = Float64Array.from({ length: 10 }, (_, i) => (i + 1) * 10);
    expect(quantileInterval(sorted, 0.5)).toEqual({ low: 20, high: 90 });
    expect(
      quantileInterval(
        Float64Array.from({ length: 20 }, (_, i) => i + 1),
        0.9,
      ),
    ).toEqual({ low: 16, high: undefined });
  });
});
