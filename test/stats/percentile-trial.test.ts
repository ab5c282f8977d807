import { describe, expect, it } from 'vitest';
import { percentileTrial } from '../../src/stats/percentile-trial.ts';
import { quantile } from '../../src/stats/quantile.ts';

/** The trial at a quantile of annual losses (MODEL §10), as `faultline explain` picks it. */
describe('percentileTrial', () => {
  it('finds the trial whose loss is x(⌈p·N⌉)', () => {
    expect(percentileTrial(Float64Array.of(5, 40, 10, 30), 0.5)).toEqual({ trial: 3, loss: 10, rank: 2, tiedTrials: 1 });
    // ⌈0.99 · 4⌉ = 4: the largest.
    expect(percentileTrial(Float64Array.of(5, 40, 10, 30), 0.99)).toEqual({ trial: 2, loss: 40, rank: 4, tiedTrials: 1 });
  });

  it('takes the smallest trial number among equal losses', () => {
    expect(percentileTrial(Float64Array.of(0, 7, 0, 7, 7, 1), 0.99)).toEqual({ trial: 2, loss: 7, rank: 6, tiedTrials: 3 });
    expect(percentileTrial(new Float64Array(100), 0.99)).toEqual({ trial: 1, loss: 0, rank: 99, tiedTrials: 100 });
  });

  it('agrees with the quantile of the sorted sample and leaves its input unsorted', () => {
    const losses = Float64Array.from({ length: 1000 }, (_, i) => ((i * 7919) % 1009) * 1.5);
    const copy = Float64Array.from(losses);
    const chosen = percentileTrial(losses, 0.99);
    expect(chosen.loss).toBe(quantile(Float64Array.from(losses).sort(), 0.99));
    expect(losses[chosen.trial - 1]).toBe(chosen.loss);
    expect(chosen.rank).toBe(990);
    expect(losses).toEqual(copy);
  });
});
