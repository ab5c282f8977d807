import { describe, expect, it } from 'vitest';
import { constant, expectCents } from '../helpers/fixed-trial.ts';
import { allocationsOf, expectAllocations, expectConserved, liabilityTrial, marketWithSolvency, overchargeBug } from '../helpers/liability-trial.ts';

/**
 * Debts owed by statute (MODEL §8 steps 4 and 6): buyers' losses from a seller's goods and
 * refunds of overcharges are owed by the responsible party, without caps or disputes. A seller
 * pays with its segment's `solvency` probability (one draw, recorded in the trail); when it does
 * not, the platform pays under the buyer guarantee (its recovery from the insolvent seller
 * failing), or the buyers keep the loss. Solvency 0 and 1 make the draw certain.
 */

/** A small seller's undelivered goods on 15 August: 100 orders of 50 → buyers lose 5,000. */
const UNDELIVERED = { type: 'seller_misconduct', name: 'gone', kind: 'undelivered', segment: 'small', at: '2027-08-15', orders: constant(100), order_value: constant(50) };
const OWED = ['fault:caused_by_sellers:small', 'statute:seller_owes_buyers'];

function misconduct(solvency: number, guarantee: boolean) {
  return liabilityTrial({ inject: [UNDELIVERED], contracts: { seller_terms: { buyer_guarantee: guarantee } } }, { market: marketWithSolvency(solvency, 1) });
}

describe('an insolvent seller, with and without the buyer guarantee', () => {
  it('leaves the loss with the buyers when the seller cannot pay and there is no guarantee', () => {
    const record = misconduct(0, false);
    expectAllocations(record.allocations, [['buyer_loss', 'buyers', 'buyers', 5_000, [...OWED, 'solvency:debtor_insolvent']]]);
    // The solvency step records its draw (never below solvency 0).
    const step = record.allocations[0]!.trail[2]!;
    expect(step.draw).toBeGreaterThanOrEqual(0);
    expect(step.draw).toBeLessThan(1);
    expectConserved(record);
  });

  it('makes the platform pay under the buyer guarantee; its recovery from the insolvent seller fails', () => {
    const record = misconduct(0, true);
    expectAllocations(record.allocations, [['buyer_loss', 'buyers', 'platform', 5_000, [...OWED, 'solvency:debtor_insolvent', 'contract:buyer_guarantee_paid_recovery_failed']]]);
    expectConserved(record);
  });

  it('makes a solvent seller pay, guarantee or not', () => {
    for (const guarantee of [false, true]) {
      const record = misconduct(1, guarantee);
      expectAllocations(record.allocations, [['buyer_loss', 'buyers', 'sellers:small', 5_000, [...OWED, 'solvency:debtor_paid']]]);
    }
  });

  it('decides solvency by the recorded draw: paid exactly when draw < solvency', () => {
    let paid = 0;
    for (let trial = 1; trial <= 60; trial++) {
      const record = liabilityTrial({ inject: [UNDELIVERED] }, { market: marketWithSolvency(0.5, 1), trial });
      const [allocation] = record.allocations;
      const step = allocation!.trail.find((s) => s.rule === 'solvency')!;
      const solvent = step.draw! < 0.5;
      expect(step.reason).toBe(solvent ? 'debtor_paid' : 'debtor_insolvent');
      expect(allocation!.bearer).toBe(solvent ? 'sellers:small' : 'buyers');
      if (solvent) paid++;
    }
    // Both outcomes occur.
    expect(paid).toBeGreaterThan(0);
    expect(paid).toBeLessThan(60);
  });
});

describe('refunds of overcharges, owed by statute', () => {
  it("by a seller's integration: the seller refunds the buyers if it can", () => {
    // One large seller sells 0.6 / 10 = 6% of GMV: touched = 0.5 × 10 h × 10,000 × 0.06 = 3,000
    // (60 orders of 50). Overcharge = 3,000 × 0.2 = 600; handling 60 × 2 = 120; remediation 8,000.
    const fault = 'fault:caused_by_sellers:large';
    const solvent = liabilityTrial({ inject: [overchargeBug({ origin: 'seller', segment: 'large' })] });
    expectAllocations(solvent.allocations, [
      ['overcharge', 'buyers', 'sellers:large', 600, [fault, 'statute:refund_owed', 'solvency:debtor_paid']],
      ['refund_handling', 'sellers:large', 'sellers:large', 120, [fault]],
      ['remediation', 'sellers:large', 'sellers:large', 8_000, [fault]],
    ]);
    expectConserved(solvent);

    // An insolvent large seller: buyers keep the overcharge, or the platform refunds under the guarantee.
    const insolvent = liabilityTrial({ inject: [overchargeBug({ origin: 'seller', segment: 'large' })] }, { market: marketWithSolvency(1, 0) });
    expectAllocations(
      allocationsOf(insolvent).filter((a) => a.component.kind === 'overcharge'),
      [['overcharge', 'buyers', 'buyers', 600, [fault, 'statute:refund_owed', 'solvency:debtor_insolvent']]],
    );
    const guaranteed = liabilityTrial(
      { inject: [overchargeBug({ origin: 'seller', segment: 'large' })], contracts: { seller_terms: { buyer_guarantee: true } } },
      { market: marketWithSolvency(1, 0) },
    );
    expectAllocations(
      allocationsOf(guaranteed).filter((a) => a.component.kind === 'overcharge'),
      [['overcharge', 'buyers', 'platform', 600, [fault, 'statute:refund_owed', 'solvency:debtor_insolvent', 'contract:buyer_guarantee_paid_recovery_failed']]],
    );
  });

  it("by the platform's code: the platform refunds, uncapped and undisputed, whatever the terms", () => {
    // Touched = 0.5 × 10 h × 10,000 = 50,000 (1,000 orders). Overcharge 10,000; handling 2,000.
    const record = liabilityTrial({ inject: [overchargeBug({ origin: 'platform' })], contracts: { seller_terms: { liability_cap_months: 0 } } });
    const fault = 'fault:caused_by_platform';
    expectAllocations(record.allocations, [
      ['overcharge', 'buyers', 'platform', 10_000, [fault, 'statute:refund_owed']],
      ['refund_handling', 'platform', 'platform', 2_000, [fault]],
      ['remediation', 'platform', 'platform', 8_000, [fault]],
    ]);
  });

  it('by a pricing algorithm acting for all sellers: each segment owes its GMV share, each with its own solvency draw', () => {
    // Touched = 0.5 × 10 h × 10,000 = 50,000: overcharge 10,000, owed 40% by small (4,000) and 60%
    // by large (6,000). Small is insolvent (solvency 0): its buyers keep 4,000.
    // Handling 1,000 orders × 2 = 2,000 and remediation 8,000 fall on the sellers pro rata.
    const record = liabilityTrial({ inject: [overchargeBug({ origin: 'algorithm' })] }, { market: marketWithSolvency(0, 1) });
    const fault = 'fault:caused_by_sellers';
    expectAllocations(record.allocations, [
      ['overcharge', 'buyers', 'buyers', 4_000, [fault, 'statute:refund_owed', 'solvency:debtor_insolvent']],
      ['overcharge', 'buyers', 'sellers:large', 6_000, [fault, 'statute:refund_owed', 'solvency:debtor_paid']],
      ['refund_handling', 'sellers:small', 'sellers:small', 800, [fault]],
      ['refund_handling', 'sellers:large', 'sellers:large', 1_200, [fault]],
      ['remediation', 'sellers:small', 'sellers:small', 3_200, [fault]],
      ['remediation', 'sellers:large', 'sellers:large', 4_800, [fault]],
    ]);
    expectCents(expectConserved(record).get('overcharge')!.carried, 20_000);
  });
});
