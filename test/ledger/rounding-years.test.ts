import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/engine/simulation-model.ts';
import { simulateChunk } from '../../src/engine/simulate-chunk.ts';
import { constant, fixed, marketScenario } from '../helpers/fixed-trial.ts';

/**
 * A net below half a cent is rounding, not a loss: a per-seller policy that pays each of 7 sellers
 * its seventh of every loss in full leaves the segment a net of about 1e-11 per occurrence, which
 * must not make the year a loss year (prob_loss, the histogram).
 */
describe('the ledger and sub-cent nets', () => {
  it('books no loss year for a segment whose per-seller cover pays every loss in full', () => {
    const scenario = marketScenario(
      {
        incidents: [{ type: 'loss_event', name: 'claim', frequency: fixed(3), loss: constant(999.99), bearer: 'sellers:large', coverage: 'forensics' }],
        insurance: { policies: [{ name: 'each', insured: 'sellers:large', covers: ['forensics'], per_seller: true, limit: 1_000_000, aggregate_limit: 1e9 }] },
      },
      undefined,
    );
    scenario.market!.sellers = scenario.market!.sellers.map((segment) => (segment.name === 'large' ? { ...segment, count: 7 } : segment));
    const model = compileModel(scenario, 1);
    const result = simulateChunk(model, 1, 50);
    const large = model.bearers.indexOf('sellers:large');
    const annual = result.annual.subarray(large * 50, (large + 1) * 50);
    expect([...annual].every((amount) => amount === 0)).toBe(true);
    const insurer = model.bearers.indexOf('insurer:each');
    expect(result.annual[insurer * 50]).toBeCloseTo(2_999.97, 6);
  });
});
