import { describe, expect, it } from 'vitest';
import { resolveDispute } from '../../src/liability/resolve-dispute.ts';
import { compileLiability } from '../../src/liability/liability-model.ts';
import { constant, expectCents, marketScenario } from '../helpers/fixed-trial.ts';
import { CARELESS_MARKET, carriedBy, expectAllocations, expectConserved, liabilityTrial, type ExpectedAllocation } from '../helpers/liability-trial.ts';

/**
 * Dispute resolution (MODEL §8 step 5): each contested claim goes to negotiation, arbitration or
 * litigation by one draw against the channels' probabilities; the channel's settlement share of
 * the claim is paid, and each side bears its own legal costs, booked as new `legal_costs`
 * components (trail `dispute:own_legal_costs`). Conservation: ground-up + legal costs = carried.
 *
 * The claims: a 10 h full-scope outage on 1 March by a grossly negligent platform (posture 0,
 * base 1, gross_share 1): lost GMV 75,000; the small segment claims its lost margin 7,500, the
 * large 4,500 (exclusion void, no cap); the platform keeps its commission 7,500.
 */
const OUTAGE = { type: 'outage', name: 'down', at: '2027-03-01T00:00', duration_hours: constant(10), scope: constant(1) };
const CLAIM = ['fault:caused_by_platform', 'negligence:gross_negligence', 'contract:exclusion_void_gross_negligence'];

type Channel = 'negotiation' | 'arbitration' | 'litigation';

/** A dispute section in which `chosen` is certain with the given settlement share and costs. */
function certain(chosen: Channel, settlement: number | Record<string, unknown>, claimant: number, defendant: number) {
  const channels: Record<string, unknown> = { negotiation: { probability: 0 }, arbitration: { probability: 0 }, litigation: { probability: 0 } };
  channels[chosen] = { probability: 1, settlement: typeof settlement === 'number' ? constant(settlement) : settlement, claimant_costs: constant(claimant), defendant_costs: constant(defendant) };
  return channels;
}

function disputeTrial(dispute: Record<string, unknown>, trial = 1) {
  return liabilityTrial({ inject: [OUTAGE], negligence: { base: 1, gross_share: 1 }, dispute }, { market: CARELESS_MARKET, trial });
}

/** The allocations of one channel outcome: the split of both claims and both sides' legal costs per claim. */
function outcome(reason: string, share: number, claimant: number, defendant: number): ExpectedAllocation[] {
  const trail = [...CLAIM, `dispute:${reason}`];
  const legal = [...trail, 'dispute:own_legal_costs'];
  return [
    ['seller_lost_margin', 'sellers:small', 'platform', 7_500 * share, trail],
    ['seller_lost_margin', 'sellers:small', 'sellers:small', 7_500 * (1 - share), trail],
    ['seller_lost_margin', 'sellers:large', 'platform', 4_500 * share, trail],
    ['seller_lost_margin', 'sellers:large', 'sellers:large', 4_500 * (1 - share), trail],
    ['legal_costs', 'sellers:small', 'sellers:small', claimant, legal],
    ['legal_costs', 'platform', 'platform', defendant, legal],
    ['legal_costs', 'sellers:large', 'sellers:large', claimant, legal],
    ['legal_costs', 'platform', 'platform', defendant, legal],
    ['platform_lost_commission', 'platform', 'platform', 7_500, ['fault:caused_by_platform']],
  ];
}

describe('dispute resolution', () => {
  const cases: [Channel, number, number, number, string][] = [
    // channel, settlement share, claimant's costs, defendant's costs, trail reason
    ['negotiation', 0.9, 1_000, 2_000, 'settled_in_negotiation'],
    ['arbitration', 0.6, 5_000, 8_000, 'settled_in_arbitration'],
    ['litigation', 0.3, 20_000, 30_000, 'settled_in_litigation'],
  ];
  for (const [channel, share, claimant, defendant, reason] of cases) {
    it(`settles in ${channel} when it is certain: ${share * 100}% paid, each side its own costs`, () => {
      // Platform pays share × (7,500 + 4,500); two claims → each side's costs twice.
      // Ground-up 19,500; legal 2 × (claimant + defendant); carried = their sum.
      const record = disputeTrial(certain(channel, share, claimant, defendant));
      expectAllocations(record.allocations, outcome(reason, share, claimant, defendant));
      const totals = expectConserved(record).get('down')!;
      expectCents(totals.groundUp, 19_500);
      expectCents(totals.legal, 2 * (claimant + defendant));
      expectCents(totals.carried, 19_500 + 2 * (claimant + defendant));
      expectCents(carriedBy(record.allocations, 'platform'), 7_500 + share * 12_000 + 2 * defendant);
      expectCents(carriedBy(record.allocations, 'sellers:small'), 7_500 * (1 - share) + claimant);
    });
  }

  it('records the channel draw in the trail and picks the channel by cumulative probability', () => {
    // Negotiation 0.2, arbitration 0.5, litigation 0.3: [0, 0.2) → negotiation, [0.2, 0.7) → arbitration, else litigation.
    const dispute = {
      negotiation: { probability: 0.2, settlement: constant(0.9) },
      arbitration: { probability: 0.5, settlement: constant(0.6) },
      litigation: { probability: 0.3, settlement: constant(0.3) },
    };
    const seen = new Set<string>();
    for (let trial = 1; trial <= 40; trial++) {
      const record = disputeTrial(dispute, trial);
      for (const allocation of record.allocations.filter((a) => a.component.kind === 'seller_lost_margin')) {
        const step = allocation.trail.at(-1)!;
        expect(step.rule).toBe('dispute');
        const draw = step.draw!;
        const expected = draw < 0.2 ? 'settled_in_negotiation' : draw < 0.7 ? 'settled_in_arbitration' : 'settled_in_litigation';
        expect(step.reason).toBe(expected);
        seen.add(expected);
      }
      expectConserved(record);
    }
    expect(seen.size).toBe(3);
  });

  it('clamps a settlement share outside [0, 1]', () => {
    // 1.5 → 1: the platform pays the claims in full. −0.5 → 0: it pays nothing, but costs are still booked.
    // Drawn (a uniform of no width): a constant outside [0, 1] is refused when the scenario is read.
    const drawn = (share: number) => ({ dist: 'uniform', min: share, max: share });
    expectAllocations(
      disputeTrial(certain('arbitration', drawn(1.5), 0, 0)).allocations.filter((a) => a.bearer === 'platform'),
      [
        ['seller_lost_margin', 'sellers:small', 'platform', 7_500, [...CLAIM, 'dispute:settled_in_arbitration']],
        ['seller_lost_margin', 'sellers:large', 'platform', 4_500, [...CLAIM, 'dispute:settled_in_arbitration']],
        ['platform_lost_commission', 'platform', 'platform', 7_500, ['fault:caused_by_platform']],
      ],
    );
    const nothing = disputeTrial(certain('litigation', drawn(-0.5), 1_000, 3_000));
    expectAllocations(
      nothing.allocations,
      outcome('settled_in_litigation', 0, 1_000, 3_000).filter((a) => a[3] !== 0 || a[2] !== 'platform'),
    );
    expectConserved(nothing);
  });

  it('resolveDispute draws the channel, then the settlement and both sides’ costs from the incident’s stream', () => {
    const liability = compileLiability(
      marketScenario({
        dispute: {
          negotiation: { probability: 0.5, settlement: { dist: 'uniform', min: 0.4, max: 0.6 } },
          arbitration: { probability: 0.5, settlement: constant(0.7), claimant_costs: { dist: 'uniform', min: 100, max: 200 }, defendant_costs: constant(500) },
        },
      }),
      undefined,
    );
    // A scripted stream: channel draw 0.75 → arbitration (0.75 ≥ 0.5); the claimant's costs use the next draw.
    const draws = [0.75, 0.25, 0.5, 0.5];
    let next = 0;
    const settlement = resolveDispute(() => draws[next++]!, liability.channels);
    expect(settlement.channel).toBe('arbitration');
    expect(settlement.share).toBe(0.7);
    expect(settlement.defendantCosts).toBe(500);
    expect(settlement.claimantCosts).toBeGreaterThanOrEqual(100);
    expect(settlement.claimantCosts).toBeLessThanOrEqual(200);
    expect(settlement.trail).toEqual([{ rule: 'dispute', reason: 'settled_in_arbitration', draw: 0.75, share: 0.7 }]);
  });
});
