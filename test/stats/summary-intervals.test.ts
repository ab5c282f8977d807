import { describe, expect, it } from 'vitest';
import { convergenceCheckpoints, runningMean } from '../../src/stats/running-mean.ts';
import { summarizeLosses } from '../../src/stats/summarize-losses.ts';
import { INTERVAL_Z, summaryIntervals, tailValueAtRiskInterval } from '../../src/stats/summary-intervals.ts';

/** The ascending sample 1, 2, …, count. */
function oneTo(count: number): Float64Array {
  return Float64Array.from({ length: count }, (_, index) => index + 1);
}

describe('tailValueAtRiskInterval', () => {
  it('is TVaR ± z·√((s²_tail + p·(TVaR − VaR)²)/k), worked out for 1, …, 1000 at p = 0.99', () => {
    // Tail 991..1000: TVaR 995.5, s² = 55/6 (the variance of ten consecutive integers), VaR x(990) = 990.
    const se = Math.sqrt((55 / 6 + 0.99 * 5.5 ** 2) / 10);
    const interval = tailValueAtRiskInterval(oneTo(1000), 0.99);
    expect(interval.low).toBeCloseTo(995.5 - INTERVAL_Z * se, 9);
    expect(interval.high).toBeCloseTo(995.5 + INTERVAL_Z * se, 9);
  });

  it('is missing when the tail holds fewer than 10 values', () => {
    // N − ⌊0.99·N⌋ ≥ 10 from N = 901; N − ⌊0.95·N⌋ ≥ 10 from N = 181.
    expect(tailValueAtRiskInterval(oneTo(900), 0.99)).toEqual({ low: undefined, high: undefined });
    expect(tailValueAtRiskInterval(oneTo(901), 0.99).low).toBeDefined();
    expect(tailValueAtRiskInterval(oneTo(180), 0.95)).toEqual({ low: undefined, high: undefined });
    expect(tailValueAtRiskInterval(oneTo(181), 0.95).low).toBeDefined();
  });
});

describe('summaryIntervals', () => {
  it('gives the mean ± z·se_mean from 10 values, and nothing below', () => {
    const sorted = oneTo(10);
    const summary = summarizeLosses(sorted);
    const { mean } = summaryIntervals(sorted, summary);
    expect(mean.low).toBeCloseTo(summary.mean - INTERVAL_Z * summary.seMean, 9);
    expect(mean.high).toBeCloseTo(summary.mean + INTERVAL_Z * summary.seMean, 9);
    const nine = oneTo(9);
    expect(summaryIntervals(nine, summarizeLosses(nine)).mean).toEqual({ low: undefined, high: undefined });
  });

  it('has every interval around its statistic, and degenerate ones for a bearer without a loss', () => {
    const losses = Float64Array.from({ length: 5000 }, (_, i) => ((i * 7919) % 5003) ** 2);
    const sorted = Float64Array.from(losses).sort();
    const summary = summarizeLosses(losses, sorted);
    const intervals = summaryIntervals(sorted, summary);
    const values = {
      mean: summary.mean,
      p50: summary.p50,
      p90: summary.p90,
      p95: summary.p95,
      p99: summary.p99,
      p99_5: summary.p99_5,
      p99_9: summary.p99_9,
      tvar95: summary.tvar95,
      tvar99: summary.tvar99,
    };
    for (const [statistic, value] of Object.entries(values)) {
      const interval = intervals[statistic as keyof typeof values];
      expect(interval.low!, statistic).toBeLessThan(value);
      expect(interval.high!, statistic).toBeGreaterThan(value);
    }
    const zeros = new Float64Array(5000); // 0.999^5000 < 5%: every side bounded
    for (const interval of Object.values(summaryIntervals(zeros, summarizeLosses(zeros, zeros)))) expect(interval).toEqual({ low: 0, high: 0 });
  });
});

describe('runningMean', () => {
  it('is taken at 1,000 · 2^k below N, then at N', () => {
    expect(convergenceCheckpoints(5000)).toEqual([1000, 2000, 4000, 5000]);
    expect(convergenceCheckpoints(4000)).toEqual([1000, 2000, 4000]);
    expect(convergenceCheckpoints(600)).toEqual([600]);
    expect(convergenceCheckpoints(1)).toEqual([1]);
  });

  it('is the mean and se_mean of each prefix in trial order, the last those of the whole', () => {
    const losses = Float64Array.from({ length: 2500 }, (_, i) => (i % 3 === 0 ? i : 0));
    const points = runningMean(losses);
    expect(points.map((point) => point.trials)).toEqual([1000, 2000, 2500]);
    const first = summarizeLosses(losses.subarray(0, 1000));
    expect(points[0]).toEqual({ trials: 1000, mean: first.mean, se: first.seMean });
    const whole = summarizeLosses(losses);
    expect(points[2]).toEqual({ trials: 2500, mean: whole.mean, se: whole.seMean });
  });
});
