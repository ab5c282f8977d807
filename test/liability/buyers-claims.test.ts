import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/engine/simulation-model.ts';
import { findNegligence } from '../../src/incidents/negligence.ts';
import { FLAT_MARKET, constant, expectCents, marketScenario } from '../helpers/fixed-trial.ts';
import { allocationsOf, carriedBy, expectAllocations, expectConserved, liabilityTrial, marketWithSolvency, overchargeBug } from '../helpers/liability-trial.ts';
import { simulateTrial } from '../../src/engine/simulate-chunk.ts';
import { explainYear } from '../../src/report/explain-year.ts';
import { buildScenario } from '../helpers/build-scenario.ts';
import { marketplaceArbitrary } from '../helpers/random-scenario.ts';

/**
 * Buyers as a party that can lose (MODEL §13 "Buyers' own loss", "Bounded misconduct"): they file
 * only `market.buyers.claim_rate` of what they are owed; the buyer guarantee pays at most
 * `guarantee_order_cap` an order and nothing for the kinds in `guarantee_exclusions`; a seller's
 * misconduct is bounded by its own sales in `window_days`; seller segments set their own
 * `security_posture` for their negligence finding.
 */

/** A small seller's undelivered goods on 15 August: 100 orders of 50 → buyers lose 5,000. */
const UNDELIVERED = { type: 'seller_misconduct', name: 'gone', kind: 'undelivered', segment: 'small', at: '2027-08-15', orders: constant(100), order_value: constant(50) };
const OWED = ['fault:caused_by_sellers:small', 'statute:seller_owes_buyers'];
const GUARANTEED = 'contract:buyer_guarantee_paid_recovery_failed';

/** The flat market with buyers filing these shares of their claims. */
function claiming(claimRate: Record<string, number>, base: Record<string, unknown> = FLAT_MARKET): Record<string, unknown> {
  return { ...base, buyers: { ...FLAT_MARKET.buyers, claim_rate: claimRate } };
}

function misconduct(market: Record<string, unknown>, sellerTerms: Record<string, unknown> = {}, incident: Record<string, unknown> = {}) {
  return liabilityTrial({ inject: [{ ...UNDELIVERED, ...incident }], contracts: { seller_terms: sellerTerms } }, { market });
}

describe('buyers file only their claim rate', () => {
  it('keeps the unfiled share of a loss from a seller with the buyers; the seller pays the filed share', () => {
    const record = misconduct(claiming({ losses: 0.4 }));
    expectAllocations(record.allocations, [
      ['buyer_loss', 'buyers', 'buyers', 3_000, [...OWED, 'claim:not_claimed']],
      ['buyer_loss', 'buyers', 'sellers:small', 2_000, [...OWED, 'claim:claimed', 'solvency:debtor_paid']],
    ]);
    const unfiled = record.allocations.find((a) => a.trail.some((s) => s.reason === 'not_claimed'))!;
    expect(unfiled.trail.at(-1)).toMatchObject({ rule: 'claim', reason: 'not_claimed', claimRate: 0.4 });
    expectCents(unfiled.trail.at(-1)!.amount!, 3_000);
    expectConserved(record);
  });

  it('files nothing at claim rate 0 (no solvency draw), and everything at 1, as without the field', () => {
    const none = misconduct(claiming({ losses: 0 }));
    expectAllocations(none.allocations, [['buyer_loss', 'buyers', 'buyers', 5_000, [...OWED, 'claim:not_claimed']]]);
    const all = misconduct(claiming({ losses: 1 }));
    expectAllocations(all.allocations, [['buyer_loss', 'buyers', 'sellers:small', 5_000, [...OWED, 'solvency:debtor_paid']]]);
    // Refunds' rate does not touch losses.
    const refundsOnly = misconduct(claiming({ refunds: 0 }));
    expectAllocations(refundsOnly.allocations, [['buyer_loss', 'buyers', 'sellers:small', 5_000, [...OWED, 'solvency:debtor_paid']]]);
  });

  it('applies the refunds rate to overcharges the platform owes', () => {
    // Touched = 0.5 × 10 h × 10,000 = 50,000: the overcharge is 10,000; buyers claim 30% of it.
    const bug = overchargeBug({ origin: 'platform' });
    const record = liabilityTrial({ inject: [bug] }, { market: claiming({ refunds: 0.3, losses: 0 }) });
    const fault = 'fault:caused_by_platform';
    expectAllocations(
      allocationsOf(record).filter((a) => a.component.kind === 'overcharge'),
      [
        ['overcharge', 'buyers', 'buyers', 7_000, [fault, 'statute:refund_owed', 'claim:not_claimed']],
        ['overcharge', 'buyers', 'platform', 3_000, [fault, 'statute:refund_owed', 'claim:claimed']],
      ],
    );
    expectConserved(record);
  });

  it("splits the filed share of a pricing algorithm's overcharge among the segments by GMV share", () => {
    const bug = overchargeBug({ origin: 'algorithm' });
    const record = liabilityTrial({ inject: [bug] }, { market: claiming({ refunds: 0.5 }) });
    const overcharge = allocationsOf(record).filter((a) => a.component.kind === 'overcharge');
    // 10,000 owed: 5,000 unfiled; of 5,000 filed, small owes 40% (2,000) and large 60% (3,000).
    expectCents(carriedBy(overcharge, 'buyers'), 5_000);
    expectCents(carriedBy(overcharge, 'sellers:small'), 2_000);
    expectCents(carriedBy(overcharge, 'sellers:large'), 3_000);
    expectConserved(record);
  });
});

describe("the buyer guarantee's cap per order and exclusions", () => {
  const insolvent = marketWithSolvency(0, 1);

  it('pays each order of an insolvent seller up to the cap; the rest stays with the buyers', () => {
    // 100 orders of 50, cap 20: the platform pays 100 × 20 = 2,000; buyers keep 3,000.
    const record = misconduct(insolvent, { buyer_guarantee: true, guarantee_order_cap: 20 });
    const insolventSteps = [...OWED, 'solvency:debtor_insolvent'];
    expectAllocations(record.allocations, [
      ['buyer_loss', 'buyers', 'platform', 2_000, [...insolventSteps, GUARANTEED, 'contract:guarantee_cap_binding']],
      ['buyer_loss', 'buyers', 'buyers', 3_000, [...insolventSteps, 'contract:guarantee_cap_binding']],
    ]);
    const cap = record.allocations[1]!.trail.at(-1)!;
    expect(cap).toMatchObject({ orderCap: 20, claimPerOrder: 50 });
    expectCents(cap.amount!, 3_000);
    expectConserved(record);
  });

  it('pays in full when no order claims more than the cap, and leaves a solvent seller paying in full', () => {
    const under = misconduct(insolvent, { buyer_guarantee: true, guarantee_order_cap: 50 });
    expectAllocations(under.allocations, [['buyer_loss', 'buyers', 'platform', 5_000, [...OWED, 'solvency:debtor_insolvent', GUARANTEED]]]);
    const solvent = misconduct(marketWithSolvency(1, 1), { buyer_guarantee: true, guarantee_order_cap: 1, guarantee_exclusions: ['undelivered'] });
    expectAllocations(solvent.allocations, [['buyer_loss', 'buyers', 'sellers:small', 5_000, [...OWED, 'solvency:debtor_paid']]]);
  });

  it('pays nothing for an excluded kind, and the usual for one not excluded', () => {
    const excluded = misconduct(insolvent, { buyer_guarantee: true, guarantee_exclusions: ['counterfeit', 'undelivered'] });
    expectAllocations(excluded.allocations, [['buyer_loss', 'buyers', 'buyers', 5_000, [...OWED, 'solvency:debtor_insolvent', 'contract:guarantee_excluded']]]);
    expectConserved(excluded);
    const covered = misconduct(insolvent, { buyer_guarantee: true, guarantee_exclusions: ['counterfeit'] });
    expectAllocations(covered.allocations, [['buyer_loss', 'buyers', 'platform', 5_000, [...OWED, 'solvency:debtor_insolvent', GUARANTEED]]]);
  });

  it("caps an insolvent seller's overcharge refunds per average order", () => {
    // One large seller: touched 3,000 (60 orders of 50), overcharge 600, 10 an order. Cap 4:
    // the guarantee pays 600 × 4 / 10 = 240; buyers keep 360.
    const bug = overchargeBug({ origin: 'seller', segment: 'large' });
    const record = liabilityTrial({ inject: [bug], contracts: { seller_terms: { buyer_guarantee: true, guarantee_order_cap: 4 } } }, { market: marketWithSolvency(1, 0) });
    const steps = ['fault:caused_by_sellers:large', 'statute:refund_owed', 'solvency:debtor_insolvent'];
    expectAllocations(
      allocationsOf(record).filter((a) => a.component.kind === 'overcharge'),
      [
        ['overcharge', 'buyers', 'platform', 240, [...steps, GUARANTEED, 'contract:guarantee_cap_binding']],
        ['overcharge', 'buyers', 'buyers', 360, [...steps, 'contract:guarantee_cap_binding']],
      ],
    );
    expectConserved(record);
  });

  it('caps the filed share only: claim rate 0.5 and cap 20', () => {
    // 2,500 unfiled; of 2,500 filed (50 orders' worth), the guarantee pays 50 × 20 = 1,000.
    const record = misconduct(claiming({ losses: 0.5 }, insolvent), { buyer_guarantee: true, guarantee_order_cap: 20 });
    expectCents(carriedBy(record.allocations, 'platform'), 1_000);
    expectCents(carriedBy(record.allocations, 'buyers'), 4_000);
    expectConserved(record);
  });
});

describe("a seller's misconduct bounded by its own sales in the window", () => {
  // A small seller sells 87.6M × 0.4 / 1,000 = 35,040 a year: 35,040 × 30 / 365 = 2,880 in 30 days.
  it("caps the buyers' loss at the seller's sales in the window, with the unbounded amount in the trail", () => {
    const record = misconduct(FLAT_MARKET, {}, { window_days: 30 });
    expectAllocations(record.allocations, [
      ['buyer_loss', 'buyers', 'sellers:small', 2_880, ['fault:caused_by_sellers:small', 'bound:bounded_by_seller_sales', 'statute:seller_owes_buyers', 'solvency:debtor_paid']],
    ]);
    const bound = record.allocations[0]!.trail[1]!;
    expect(bound).toMatchObject({ boundedBy: 'seller_sales_in_window', windowDays: 30, unboundedAmount: 5_000 });
    expectConserved(record);
  });

  it('shows the bound, the window and the unbounded amount in explain', () => {
    const scenario = marketScenario({ inject: [{ ...UNDELIVERED, window_days: 30 }] });
    const model = compileModel(scenario, 1);
    const explanation = explainYear(simulateTrial(model, 1), { model, seed: 1, selection: { method: 'given' } });
    const [incident] = explanation.incidents;
    expect(incident!.details).toMatchObject({ window_days: 30 });
    expectCents(incident!.details.seller_sales_in_window as number, 2_880);
    const steps = incident!.components.flatMap((component) => component.allocations.flatMap((allocation) => allocation.trail));
    expect(steps).toContainEqual(
      expect.objectContaining({
        rule: 'bound',
        reason: 'bounded_by_seller_sales',
        other: expect.objectContaining({ bounded_by: 'seller_sales_in_window', window_days: 30, unbounded_amount: 5_000 }),
      }),
    );
  });

  it("leaves a loss within the window's sales alone, with no bound step", () => {
    const record = misconduct(FLAT_MARKET, {}, { window_days: 365 });
    expectAllocations(record.allocations, [['buyer_loss', 'buyers', 'sellers:small', 5_000, [...OWED, 'solvency:debtor_paid']]]);
  });

  it('bounds a large seller by its own, larger, sales', () => {
    // 87.6M × 0.6 / 10 × 1 / 365 = 14,400 in a day: 100 orders of 500 = 50,000 → 14,400.
    const record = misconduct(FLAT_MARKET, {}, { window_days: 1, segment: 'large', order_value: constant(500) });
    expectCents(carriedBy(record.allocations, 'sellers:large'), 14_400);
  });
});

describe("seller segments' own security posture", () => {
  /** A seller's integration bug; negligence base 0.8: probability = 0.8 × (1 − posture). */
  function negligenceOf(origin: string, sellers: Record<string, unknown>[]) {
    const bug = {
      type: 'bug',
      name: 'glitch',
      at: '2027-03-01T00:00',
      origin,
      ...(origin === 'seller' ? { segment: 'large' } : {}),
      error: 'overcharge',
      window_hours: constant(1),
      share: constant(0.1),
      price_error: constant(0.1),
    };
    const scenario = marketScenario({ inject: [bug], negligence: { base: 0.8 } }, { ...FLAT_MARKET, sellers });
    const model = compileModel(scenario, 1);
    const [incident] = simulateTrial(model, 1).incidents;
    return findNegligence(incident!, model.liability).probability;
  }
  const [small, large] = FLAT_MARKET.sellers;

  it("uses the segment's posture for its sellers' negligence, 0.5 by default", () => {
    expect(negligenceOf('seller', [small, large])).toBeCloseTo(0.4, 12);
    expect(negligenceOf('seller', [small, { ...large, security_posture: 0.25 }])).toBeCloseTo(0.6, 12);
    expect(negligenceOf('seller', [small, { ...large, security_posture: 1 }])).toBe(0);
  });

  it('uses the GMV-weighted posture for all sellers at once (a pricing algorithm)', () => {
    // 0.4 × 0.5 + 0.6 × 0.25 = 0.35: 0.8 × 0.65 = 0.52.
    expect(negligenceOf('algorithm', [small, { ...large, security_posture: 0.25 }])).toBeCloseTo(0.52, 12);
    expect(negligenceOf('algorithm', [small, large])).toBe(0.4);
  });
});

describe('conservation with every new field at random', () => {
  it('holds ground-up + legal costs = carried, incident by incident, and every mechanism is reached', () => {
    const fields = fc.record({
      refunds: fc.double({ min: 0, max: 1, noNaN: true }),
      losses: fc.double({ min: 0, max: 1, noNaN: true }),
      orderCap: fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }),
      excluded: fc.boolean(),
      windowDays: fc.option(fc.double({ min: 0.001, max: 366, noNaN: true }), { nil: undefined }),
      posture: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    const reasons = new Set<string>();
    fc.assert(
      fc.property(marketplaceArbitrary, fields, fc.integer({ min: 1, max: 10_000 }), ({ seed, input }, f, trial) => {
        const market = input.market as Record<string, unknown>;
        const sellers = (market.sellers as Record<string, unknown>[]).map((segment, index) => (index === 0 ? { ...segment, security_posture: f.posture } : segment));
        const terms = (input.contracts as Record<string, Record<string, unknown>>).seller_terms!;
        const limits = terms.buyer_guarantee ? { ...(f.orderCap === undefined ? {} : { guarantee_order_cap: f.orderCap }), ...(f.excluded ? { guarantee_exclusions: ['undelivered'] } : {}) } : {};
        const incidents = (input.incidents as Record<string, unknown>[]).map((incident) =>
          incident.type === 'seller_misconduct' && f.windowDays !== undefined ? { ...incident, window_days: f.windowDays } : incident,
        );
        const scenario = buildScenario({
          ...input,
          market: { ...market, sellers, buyers: { ...(market.buyers as object), claim_rate: { refunds: f.refunds, losses: f.losses } } },
          contracts: { ...(input.contracts as object), seller_terms: { ...terms, ...limits } },
          incidents,
        });
        const record = simulateTrial(compileModel(scenario, seed), trial);
        for (const allocation of record.allocations) for (const step of allocation.trail) reasons.add(`${step.rule}:${step.reason}`);
        expectConserved(record);
      }),
      { numRuns: 60, seed: 17 },
    );
    expect([...reasons].filter((r) => /not_claimed|guarantee_(cap|excluded)|bounded_by/.test(r)).sort()).toEqual([
      'bound:bounded_by_seller_sales',
      'claim:not_claimed',
      'contract:guarantee_cap_binding',
      'contract:guarantee_excluded',
    ]);
  });
});
