import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/engine/simulation-model.ts';
import { simulateTrial } from '../../src/engine/simulate-chunk.ts';
import type { InsuredTrial } from '../../src/insurance/recovery.ts';
import { buildScenario } from '../helpers/build-scenario.ts';
import { constant, expectCents, fixed } from '../helpers/fixed-trial.ts';
import { expectConserved, trailCodes } from '../helpers/liability-trial.ts';

/**
 * Drop-down layers through the whole stage, by hand: two losses of 60 borne by the platform in
 * one year, a primary of limit 10 (aggregate 10, used up by the first loss) and two layers
 * stacked end to end over it, 50 xs 10 and 50 xs 60, each with an aggregate of 1,000.
 */
function tower(dropDown: [boolean, boolean]): InsuredTrial {
  const scenario = buildScenario({
    incidents: [{ type: 'loss_event', name: 'claim', frequency: fixed(2), loss: constant(60), bearer: 'platform', coverage: 'third_party_damages' }],
    insurance: {
      policies: [{ name: 'primary', insured: 'platform', covers: ['third_party_damages'], limit: 10 }],
      layers: [
        { name: 'first', over: 'primary', attachment: 10, limit: 50, aggregate_limit: 1000, drop_down: dropDown[0] },
        { name: 'second', over: 'primary', attachment: 60, limit: 50, aggregate_limit: 1000, drop_down: dropDown[1] },
      ],
    },
  });
  const record = simulateTrial(compileModel(scenario, 1), 1);
  expect(record.incidents).toHaveLength(2);
  expectConserved(record);
  return record;
}

/** Recovery amounts by policy for the n-th loss (0-based). */
function paidFor(record: InsuredTrial, n: number): Record<string, number> {
  const incident = record.incidents[n]!;
  return Object.fromEntries(record.recoveries.filter((r) => r.incident === incident).map((r) => [r.policy, r.amount]));
}

const total = (paid: Record<string, number>) => Object.values(paid).reduce((a, b) => a + b, 0);

describe('drop-down layers', () => {
  it('the first loss: the primary pays 10 and is used up, the first layer pays 50', () => {
    const paid = paidFor(tower([true, false]), 0);
    expect(Object.keys(paid)).toEqual(['primary', 'first']);
    expectCents(paid.primary!, 10);
    expectCents(paid.first!, 50);
  });

  it('the lowest layer dropping down: once the primary is used up it attaches at the retention (0)', () => {
    const record = tower([true, false]);
    const paid = paidFor(record, 1);
    // The primary is denied by its aggregate; the first layer pays 50 of 60; the second (at 60) is not reached.
    expect(Object.keys(paid)).toEqual(['primary', 'first']);
    expectCents(paid.primary!, 0);
    expectCents(paid.first!, 50);
    const first = record.recoveries.find((r) => r.incident === record.incidents[1] && r.policy === 'first')!;
    expect(trailCodes(first.trail)).toEqual(['insurance:dropped_down', 'insurance:limit']);
  });

  it('no layer dropping down: the second loss is paid only above 10 by the first layer', () => {
    const paid = paidFor(tower([false, false]), 1);
    expectCents(paid.primary!, 0);
    expectCents(paid.first!, 50);
    expect(paid.second).toBeUndefined();
  });

  // Both layers drop down: the first takes the used-up primary's place (50 xs 0) and the second
  // sits on it (50 xs 50): 50 + 10, the whole loss of 60.
  it('both layers dropping down: the first attaches at the retention, the second on top of it', () => {
    const paid = paidFor(tower([true, true]), 1);
    expectCents(paid.first!, 50);
    expectCents(paid.second!, 10);
    expectCents(total(paid), 60);
  });

  // Only the upper layer drops down: the first still attaches at 10 and takes up 10–60, so the
  // second cannot drop past it and stays at 60: 50 + 0, the insured keeps the first 10.
  it('only the upper layer dropping down: it cannot drop past the layer below, which did not', () => {
    const paid = paidFor(tower([false, true]), 1);
    expectCents(paid.first!, 50);
    expectCents(paid.second ?? 0, 0);
    expectCents(total(paid), 50);
  });

  it('drops through a layer below that is used up, down to the retention (the lower layer does not drop itself)', () => {
    // Primary limit 10 and "first" 50 xs 10 (aggregate 50) are both used up by the first loss of
    // 60; "second" 100 xs 60 drops down through both and pays the whole second loss: 60.
    const record = simulateTrial(
      compileModel(
        buildScenario({
          incidents: [{ type: 'loss_event', name: 'claim', frequency: fixed(2), loss: constant(60), bearer: 'platform', coverage: 'third_party_damages' }],
          insurance: {
            policies: [{ name: 'primary', insured: 'platform', covers: ['third_party_damages'], limit: 10 }],
            layers: [
              { name: 'first', over: 'primary', attachment: 10, limit: 50, aggregate_limit: 50 },
              { name: 'second', over: 'primary', attachment: 60, limit: 100, aggregate_limit: 1000, drop_down: true },
            ],
          },
        }),
        1,
      ),
      1,
    );
    expectConserved(record);
    const paid = paidFor(record, 1);
    expectCents(paid.second!, 60);
    expectCents(total(paid), 60);
  });

  it('does not drop into a band a co-participant still pays (participations of one layer)', () => {
    // "a" and "b" share 50 xs 10 at 0.5 each; b's aggregate (25) is used up by the first loss,
    // a's is not: the band 10–60 is still taken, so "c" (drop-down, 50 xs 60) stays at 60.
    const record = simulateTrial(
      compileModel(
        buildScenario({
          incidents: [{ type: 'loss_event', name: 'claim', frequency: fixed(2), loss: constant(60), bearer: 'platform', coverage: 'third_party_damages' }],
          insurance: {
            policies: [{ name: 'primary', insured: 'platform', covers: ['third_party_damages'], limit: 10 }],
            layers: [
              { name: 'a', over: 'primary', attachment: 10, limit: 50, share: 0.5, aggregate_limit: 1000 },
              { name: 'b', over: 'primary', attachment: 10, limit: 50, share: 0.5, aggregate_limit: 25 },
              { name: 'c', over: 'primary', attachment: 60, limit: 50, aggregate_limit: 1000, drop_down: true },
            ],
          },
        }),
        1,
      ),
      1,
    );
    expectConserved(record);
    const paid = paidFor(record, 1);
    expectCents(paid.a!, 25);
    expectCents(paid.c ?? 0, 0);
    expect(total(paid)).toBeLessThanOrEqual(60);
  });
});
