import { describe, expect, it } from 'vitest';
import { exceedanceCurve, RETURN_PERIODS } from '../../src/stats/exceedance-curve.ts';
import { quantile } from '../../src/stats/quantile.ts';
import { quantileInterval } from '../../src/stats/quantile-interval.ts';

/** The ascending sample 1, 2, …, count, so that x(k) = k. */
function oneTo(count: number): Float64Array {
  return Float64Array.from({ length: count }, (_, index) => index + 1);
}

/** The curve as [returnPeriod, loss] pairs, for compact expectations. */
function pairs(sorted: Float64Array, returnPeriods?: readonly number[]): [number, number][] {
  return exceedanceCurve(sorted, returnPeriods).map((point) => [point.returnPeriod, point.loss]);
}

describe('exceedanceCurve', () => {
  it('uses the return periods of MODEL §10 by default', () => {
    expect(RETURN_PERIODS).toEqual([2, 5, 10, 25, 50, 100, 200, 250, 500, 1000]);
  });

  it('reports nothing for one trial', () => {
    expect(exceedanceCurve(Float64Array.of(5))).toEqual([]);
  });

  it('reports only R ≤ N', () => {
    expect(pairs(oneTo(4))).toEqual([[2, 2]]);
    expect(pairs(oneTo(10))).toEqual([
      [2, 5],
      [5, 8],
      [10, 9],
    ]);
  });

  it('gives the quantile at 1 − 1/R for 250 trials', () => {
    expect(pairs(oneTo(250))).toEqual([
      [2, 125],
      [5, 200],
      [10, 225],
      [25, 240],
      [50, 245],
      [100, 248], // ⌈247.5⌉
      [200, 249], // ⌈248.75⌉
      [250, 249],
    ]);
  });

  it('gives every return period for 1000 trials, at exact ranks', () => {
    expect(pairs(oneTo(1000))).toEqual([
      [2, 500],
      [5, 800],
      [10, 900],
      [25, 960],
      [50, 980],
      [100, 990],
      [200, 995],
      [250, 996],
      [500, 998],
      [1000, 999],
    ]);
  });

  it('reads the same way for an OEP input of largest occurrences', () => {
    // Largest single occurrence in each of 10 years, sorted; years without incidents are 0.
    const largestOccurrences = Float64Array.of(0, 0, 0, 0, 0, 100, 250, 400, 900, 5000);
    expect(exceedanceCurve(largestOccurrences)).toMatchObject([
      { returnPeriod: 2, loss: 0 },
      { returnPeriod: 5, loss: 400 },
      { returnPeriod: 10, loss: 900 },
    ]);
  });

  it('accepts custom return periods in the order given', () => {
    expect(pairs(oneTo(100), [100, 4, 1, 1000])).toEqual([
      [100, 99],
      [4, 75],
      [1, 1], // 1 − 1/1 = 0: the smallest value
    ]);
  });

  it('rejects return periods below 1 year, naming the value', () => {
    expect(() => exceedanceCurve(oneTo(10), [0.5])).toThrow(/got 0\.5/);
    expect(() => exceedanceCurve(oneTo(10), [NaN])).toThrow(RangeError);
    expect(() => exceedanceCurve(oneTo(10), [Infinity])).toThrow(RangeError);
  });
});

describe('exceedanceCurve at large return periods', () => {
  it('ranks a whole return period exactly where the float product (1 − 1/R)·N would snap to the wrong integer', () => {
    // N = 1,499,999 and R = 750,000: (1 − 1/R)·N = 1,499,997.0000013, within the quantile's 1e-12
    // relative snap of 1,499,997, but its ceiling is 1,499,998 = N − ⌊N/R⌋.
    const n = 1_499_999;
    const sorted = new Float64Array(n);
    for (let i = 0; i < n; i++) sorted[i] = i + 1; // x(k) = k
    expect(quantile(sorted, 1 - 1 / 750_000)).toBe(1_499_997); // the float route
    expect(exceedanceCurve(sorted, [750_000])).toMatchObject([{ returnPeriod: 750_000, loss: 1_499_998 }]);
    expect(exceedanceCurve(sorted, [2, 1000, 10_000])).toMatchObject([
      { returnPeriod: 2, loss: n - Math.floor(n / 2) },
      { returnPeriod: 1000, loss: n - Math.floor(n / 1000) },
      { returnPeriod: 10_000, loss: n - Math.floor(n / 10_000) },
    ]);
    expect(exceedanceCurve(Float64Array.of(3, 4, 5), [1])).toMatchObject([{ returnPeriod: 1, loss: 3 }]);
  });
});

describe('exceedanceCurve intervals', () => {
  it('gives each point the order-statistic interval of the quantile at 1 − 1/R', () => {
    const sorted = oneTo(1000); // x(k) = k, so the interval is the ranks
    const points = exceedanceCurve(sorted, [2, 100, 1000]);
    expect(points.map((point) => point.interval)).toEqual([
      quantileInterval(sorted, 0.5),
      { low: 985, high: 996 }, // binomial(1000, 0.99): as p99
      { low: 997, high: undefined }, // 0.999^1000 = 37% > 5%: no upper bound
    ]);
    for (const point of points) expect(point.interval.low!).toBeLessThanOrEqual(point.loss);
  });
});
