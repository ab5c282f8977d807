import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { pairedTailDifference } from '../../src/stats/paired-tail-difference.ts';
import { tailValueAtRisk } from '../../src/stats/tail-value-at-risk.ts';

/**
 * The paired differences of mean, TVaR 99 and mean plus a cost of capital (MODEL §10), by hand
 * and against the spread of repeated runs.
 */

const sorted = (values: Float64Array) => Float64Array.from(values).sort();

describe('pairedTailDifference by hand', () => {
  // 200 trials: TVaR 99 is the mean of the 2 largest (k = 200 − ⌊198⌋ = 2); the threshold v is the 198th value.
  const a = Float64Array.from({ length: 200 }, (_, i) => i); // 0 … 199: TVaR = 198.5, v = 197
  const b = Float64Array.from({ length: 200 }, (_, i) => (i === 199 ? 400 : i)); // TVaR = 299, v = 197

  it('gives TVaR_a − TVaR_b exactly as summary.csv computes them', () => {
    const result = pairedTailDifference(a, b);
    expect(result.tvar99.difference).toBe(tailValueAtRisk(sorted(a), 0.99) - tailValueAtRisk(sorted(b), 0.99));
    expect(result.tvar99.difference).toBe(198.5 - 299);
  });

  it('gives the TVaR difference the standard error of the mean of the paired influence terms (N/k)(x − v)⁺', () => {
    // Terms: a has 100 × (1, 2) at trials 199 and 200, b has 100 × (1, 203): differences 0 everywhere but the last, −20,100.
    const d = new Float64Array(200);
    d[199] = 100 * 2 - 100 * 203;
    const mean = d.reduce((sum, x) => sum + x, 0) / 200;
    const sd = Math.sqrt(d.reduce((sum, x) => sum + (x - mean) ** 2, 0) / 199);
    expect(pairedTailDifference(a, b).tvar99.se).toBeCloseTo(sd / Math.sqrt(200), 9);
  });

  it('is exactly 0 with standard errors 0 for the same losses', () => {
    const result = pairedTailDifference(a, Float64Array.from(a));
    expect(result).toEqual({ mean: { difference: 0, se: 0 }, tvar99: { difference: 0, se: 0 }, withCapital: { difference: 0, se: 0 } });
  });

  it('adds rate × (TVaR − mean) or rate × TVaR to the mean difference, as the capital measure says', () => {
    const meanDifference = (a.reduce((s, x) => s + x, 0) - b.reduce((s, x) => s + x, 0)) / 200; // −1
    const tvarDifference = 198.5 - 299;
    const overMean = pairedTailDifference(a, b, { rate: 0.1, on: 'tvar_99_over_mean' });
    expect(overMean.mean.difference).toBeCloseTo(meanDifference, 12);
    expect(overMean.withCapital.difference).toBeCloseTo(meanDifference + 0.1 * (tvarDifference - meanDifference), 10);
    const whole = pairedTailDifference(a, b, { rate: 0.1, on: 'tvar_99' });
    expect(whole.withCapital.difference).toBeCloseTo(meanDifference + 0.1 * tvarDifference, 10);
    // Without a cost of capital, the with-capital difference is the mean's.
    expect(pairedTailDifference(a, b).withCapital).toEqual(pairedTailDifference(a, b).mean);
  });
});

describe('the TVaR standard error against repeated runs', () => {
  it('is close to the spread of TVaR differences over 300 independent runs of 4,000 paired years', () => {
    // Strategy b is a with its large losses 30% larger: paired, correlated, different tails.
    const random = seedrandom('tvar-se');
    const runs = 300;
    const trials = 4000;
    const differences: number[] = [];
    const errors: number[] = [];
    for (let run = 0; run < runs; run++) {
      const a = new Float64Array(trials);
      const b = new Float64Array(trials);
      for (let t = 0; t < trials; t++) {
        const loss = -Math.log(1 - random()) * 1000 * (random() < 0.1 ? 10 : 1);
        a[t] = loss;
        b[t] = loss > 5000 ? loss * 1.3 : loss;
      }
      const result = pairedTailDifference(a, b);
      differences.push(result.tvar99.difference);
      errors.push(result.tvar99.se);
    }
    const mean = differences.reduce((s, x) => s + x, 0) / runs;
    const spread = Math.sqrt(differences.reduce((s, x) => s + (x - mean) ** 2, 0) / (runs - 1));
    const typicalError = errors.reduce((s, x) => s + x, 0) / runs;
    // The sd of 300 draws is itself uncertain by about 1/√(2·299) ≈ 4%; 20% leaves room for the estimator's small-tail bias.
    expect(typicalError / spread).toBeGreaterThan(0.8);
    expect(typicalError / spread).toBeLessThan(1.2);
  });
});
