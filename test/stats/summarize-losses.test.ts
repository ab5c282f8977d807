import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { SUMMARY_QUANTILES, summarizeLosses } from '../../src/stats/summarize-losses.ts';
import type { LossSummary } from '../../src/stats/summarize-losses.ts';

describe('summarizeLosses', () => {
  it('computes every field of a small sample by hand', () => {
    // 0, 10, …, 190 in a scrambled order: one year in twenty without a loss.
    const ascending = Array.from({ length: 20 }, (_, index) => index * 10);
    const scrambled = Float64Array.from(ascending.map((_, index) => ascending[(index * 7) % 20] as number));
    const summary = summarizeLosses(scrambled);
    // The variance of 0..19 with divisor N − 1 is N(N + 1)/12 = 35; the losses are ten times that.
    const expected: LossSummary = {
      trials: 20,
      mean: 95,
      sd: 10 * Math.sqrt(35),
      seMean: (10 * Math.sqrt(35)) / Math.sqrt(20),
      probLoss: 0.95,
      p50: 90, // x(10)
      p90: 170, // x(18)
      p95: 180, // x(19)
      p99: 190, // x(⌈19.8⌉)
      p99_5: 190,
      p99_9: 190,
      tvar95: 190, // 20 − 19 = 1 value
      tvar99: 190,
      max: 190,
    };
    expect(Object.keys(summary).sort()).toEqual(Object.keys(expected).sort());
    for (const [field, value] of Object.entries(expected)) {
      expect(summary[field as keyof LossSummary], field).toBeCloseTo(value, 10);
    }
  });

  it('computes TVaR over several values and probLoss with many zeros', () => {
    // 60 zero years and 40 loss years 1..40.
    const losses = new Float64Array(100);
    for (let year = 0; year < 40; year += 1) losses[60 + year] = year + 1;
    const summary = summarizeLosses(losses);
    expect(summary.probLoss).toBe(0.4);
    expect(summary.mean).toBe(8.2); // 820 / 100
    expect(summary.p50).toBe(0);
    expect(summary.p90).toBe(30); // x(90) = 90 − 60
    expect(summary.p95).toBe(35);
    expect(summary.p99).toBe(39);
    expect(summary.p99_5).toBe(40);
    expect(summary.tvar95).toBe(38); // mean of 36..40
    expect(summary.tvar99).toBe(40);
    expect(summary.max).toBe(40);
    // Σx² = 40·41·81/6 = 22140; variance = (22140 − 100·8.2²)/99.
    expect(summary.sd).toBeCloseTo(Math.sqrt((22140 - 100 * 8.2 ** 2) / 99), 12);
  });

  it('gives sd 0 and every quantile equal to the value for one trial', () => {
    const summary = summarizeLosses(Float64Array.of(42));
    expect(summary).toEqual({
      trials: 1,
      mean: 42,
      sd: 0,
      seMean: 0,
      probLoss: 1,
      p50: 42,
      p90: 42,
      p95: 42,
      p99: 42,
      p99_5: 42,
      p99_9: 42,
      tvar95: 42,
      tvar99: 42,
      max: 42,
    });
    expect(summarizeLosses(Float64Array.of(0)).probLoss).toBe(0);
  });

  it('uses the divisor N − 1 for sd', () => {
    const summary = summarizeLosses(Float64Array.of(1, 3));
    expect(summary.sd).toBeCloseTo(Math.SQRT2, 15); // √((1 + 1) / 1), not √((1 + 1) / 2) = 1
    expect(summary.seMean).toBeCloseTo(1, 15);
  });

  it('stays accurate with a large common offset', () => {
    // A one-pass Σx² − N·mean² would lose every digit here.
    const losses = Float64Array.from({ length: 20 }, (_, index) => 1e12 + index);
    const summary = summarizeLosses(losses);
    expect(summary.mean).toBe(1e12 + 9.5);
    expect(summary.sd).toBeCloseTo(Math.sqrt(35), 9);
  });

  it('does not mutate its input', () => {
    const losses = Float64Array.of(5, 0, 3, 9, 1, 0, 7);
    const before = Array.from(losses);
    summarizeLosses(losses);
    expect(Array.from(losses)).toEqual(before);
  });

  it('throws for no trials', () => {
    expect(() => summarizeLosses(new Float64Array(0))).toThrow(RangeError);
  });

  it('takes each quantile at its named level', () => {
    expect(SUMMARY_QUANTILES).toEqual({ p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99, p99_5: 0.995, p99_9: 0.999 });
  });

  it('has the arithmetic mean and ordered quantiles for any sample', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 300 }), (values) => {
        const summary = summarizeLosses(Float64Array.from(values));
        const arithmeticMean = values.reduce((sum, value) => sum + value, 0) / values.length;
        expect(Math.abs(summary.mean - arithmeticMean)).toBeLessThanOrEqual(1e-9 * Math.abs(arithmeticMean));
        expect(summary.sd).toBeGreaterThanOrEqual(0);
        const ordered = [summary.p50, summary.p90, summary.p95, summary.p99, summary.p99_5, summary.p99_9];
        for (let index = 1; index < ordered.length; index += 1) {
          expect(ordered[index]).toBeGreaterThanOrEqual(ordered[index - 1] as number);
        }
        expect(summary.tvar95).toBeGreaterThanOrEqual(summary.p95);
        expect(summary.tvar99).toBeGreaterThanOrEqual(summary.p99);
        expect(summary.max).toBeGreaterThanOrEqual(summary.tvar99);
        expect(summary.max).toBe(Math.max(...values));
      }),
    );
  });

  it('matches the uniform(0, 1) distribution on 10^6 draws', () => {
    const random = seedrandom.alea('x');
    const draws = Float64Array.from({ length: 1_000_000 }, () => random());
    const summary = summarizeLosses(draws);
    // Standard errors at N = 10^6: mean 2.9e-4, sd 1.3e-4, p99 1.0e-4, tvar99 ~3e-5.
    expect(summary.trials).toBe(1_000_000);
    expect(Math.abs(summary.mean - 0.5)).toBeLessThan(0.0015);
    expect(Math.abs(summary.sd - 1 / Math.sqrt(12))).toBeLessThan(0.001);
    expect(summary.seMean).toBeCloseTo(summary.sd / 1000, 15);
    expect(Math.abs(summary.p50 - 0.5)).toBeLessThan(0.002);
    expect(Math.abs(summary.p90 - 0.9)).toBeLessThan(0.0015);
    expect(Math.abs(summary.p99 - 0.99)).toBeLessThan(0.001);
    expect(Math.abs(summary.p99_9 - 0.999)).toBeLessThan(0.0005);
    expect(Math.abs(summary.tvar95 - 0.975)).toBeLessThan(0.0005);
    expect(Math.abs(summary.tvar99 - 0.995)).toBeLessThan(0.0005);
    expect(summary.probLoss).toBeGreaterThan(0.999_99);
    expect(summary.max).toBeLessThan(1);
    expect(summary.max).toBeGreaterThan(0.9999);
  });
});
