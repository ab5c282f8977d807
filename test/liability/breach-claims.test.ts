import { describe, expect, it } from 'vitest';
import type { DataExposureIncident } from '../../src/incidents/incident.ts';
import { constant, expectCents } from '../helpers/fixed-trial.ts';
import { CARELESS_MARKET, carriedBy, expectAllocations, expectConserved, liabilityTrial, trailCodes, type ExpectedAllocation } from '../helpers/liability-trial.ts';

/**
 * A breach at the platform (MODEL §7–8): the platform, as controller, answers to data subjects
 * (CCPA statutory damages) and regulators (GDPR fines) regardless of contract caps. When it is
 * found negligent, the fine's probability and size are multiplied by `negligence.fine_multiplier`
 * (the probability capped at 1, the size at the ceiling max(20M, 4% of turnover)).
 *
 * The platform holds contact data for all 1,000,000 buyers and cards for half: 10% exposed →
 * 100,000 people notified, 50,000 cards. 30% EU, 20% California, 50% elsewhere.
 * Ground up: forensics 40,000 + 20 × 3,000 = 100,000; notification 100,000 × 1.5 = 150,000;
 * PCI 50,000 × 4 = 200,000; legal defence 300,000 when a fine or action follows.
 */
const BREACH_COSTS = {
  forensics_fixed: 40_000,
  forensics_per_day: 3_000,
  notification_per_record: 1.5,
  pci_per_card: 4,
  legal_defense: constant(300_000),
};
const BREACH = { type: 'breach', name: 'hack', at: '2027-06-01T00:00', target: 'platform', exposed_share: constant(0.1), days_to_contain: constant(20), vectors: { insider: 1 } };
const NEGLIGENT = { base: 1, gross_share: 0 };
const FAULT = 'fault:caused_by_platform';

function breachTrial(regulation: Record<string, unknown>, extra: Record<string, unknown> = {}, options: { market?: Record<string, unknown>; trial?: number } = {}) {
  return liabilityTrial({ inject: [BREACH], breach_costs: BREACH_COSTS, regulation, ...extra }, options);
}

/** The costs the platform always keeps as breached party and controller. */
const RESPONSE: ExpectedAllocation[] = [
  ['forensics', 'platform', 'platform', 100_000, [FAULT]],
  ['notification', 'platform', 'platform', 150_000, [FAULT]],
  ['pci_assessment', 'platform', 'platform', 200_000, [FAULT]],
];

const CCPA_ONLY = {
  gdpr: { fine_probability: 0 },
  ccpa: { filing_probability: 1, statutory_damages: constant(100) },
  other: { filing_probability: 0 },
};

describe('a CCPA class action', () => {
  it('awards 100 per notified Californian, borne by the platform as controller', () => {
    // class_action = 100,000 notified × 20% × 100 = 2,000,000; the action brings the defence (300,000).
    const record = breachTrial(CCPA_ONLY);
    expectAllocations(record.allocations, [...RESPONSE, ['class_action', 'platform', 'platform', 2_000_000, [FAULT]], ['legal_defense', 'platform', 'platform', 300_000, [FAULT]]]);
    expectCents(carriedBy(record.allocations, 'platform'), 2_750_000);
    expectConserved(record);
  });

  it('is owed regardless of the seller terms’ cap and of negligence', () => {
    const record = breachTrial(CCPA_ONLY, { negligence: NEGLIGENT, contracts: { seller_terms: { liability_cap_months: 0 } } }, { market: CARELESS_MARKET });
    const action = record.allocations.find((a) => a.component.kind === 'class_action')!;
    expect([action.bearer, trailCodes(action.trail)]).toEqual(['platform', [FAULT]]);
    expectCents(action.amount, 2_000_000);
  });

  it("falls on the seller when a seller's systems are breached (the seller is the controller)", () => {
    // One large seller's buyers: 1,000,000 × 0.6 / 10 = 60,000 accounts (contact data); 10% → 6,000 people.
    // class_action 6,000 × 20% × 100 = 120,000; notification 6,000 × 1.5 = 9,000; forensics 100,000; defence 300,000.
    const record = liabilityTrial({ inject: [{ ...BREACH, target: 'seller', segment: 'large' }], breach_costs: BREACH_COSTS, regulation: CCPA_ONLY });
    const fault = ['fault:caused_by_sellers:large'];
    expectAllocations(record.allocations, [
      ['forensics', 'sellers:large', 'sellers:large', 100_000, fault],
      ['notification', 'sellers:large', 'sellers:large', 9_000, fault],
      ['class_action', 'sellers:large', 'sellers:large', 120_000, fault],
      ['legal_defense', 'sellers:large', 'sellers:large', 300_000, fault],
    ]);
  });
});

describe('the GDPR fine under a negligence finding', () => {
  /** A fine of `fine` with probability 0.5, no class actions. */
  function fineOf(fine: number) {
    return { gdpr: { fine_probability: 0.5, fine: constant(fine) }, ccpa: { filing_probability: 0 }, other: { filing_probability: 0 } };
  }

  it('doubles the fine and makes it certain (0.5 × 2 = 1) when the platform is negligent', () => {
    // Ceiling max(20M, 4% × 10,460,000 = 418,400) = 20M; 6,000,000 × 2 = 12,000,000 below it.
    const record = breachTrial(fineOf(6_000_000), { negligence: NEGLIGENT }, { market: CARELESS_MARKET });
    expectAllocations(record.allocations, [
      ...RESPONSE,
      ['regulatory_fine', 'platform', 'platform', 12_000_000, [FAULT, 'negligence:negligent', 'statute:fine_paid_to_regulators']],
      ['legal_defense', 'platform', 'platform', 300_000, [FAULT]],
    ]);
    expectConserved(record);
  });

  it('caps the multiplied fine at the ceiling', () => {
    // 15,000,000 × 2 = 30,000,000 > 20,000,000.
    const record = breachTrial(fineOf(15_000_000), { negligence: NEGLIGENT }, { market: CARELESS_MARKET });
    expectCents(record.allocations.find((a) => a.component.kind === 'regulatory_fine')!.amount, 20_000_000);
  });

  it('uses the configured multiplier', () => {
    // fine_multiplier 1.5: probability min(1, 0.5 × 1.5) = 0.75 (so only when fineDraw < 0.75), size 9,000,000.
    const fine = (trial: number) => {
      const record = breachTrial(fineOf(6_000_000), { negligence: { ...NEGLIGENT, fine_multiplier: 1.5 } }, { market: CARELESS_MARKET, trial });
      return { draw: (record.incidents[0] as DataExposureIncident).fineDraw, fine: record.allocations.find((a) => a.component.kind === 'regulatory_fine')?.amount };
    };
    const outcomes = Array.from({ length: 30 }, (_, index) => fine(index + 1));
    for (const { draw, fine: amount } of outcomes) expect(amount).toBe(draw < 0.75 ? 9_000_000 : undefined);
    expect(outcomes.some((o) => o.fine === undefined)).toBe(true);
    expect(outcomes.some((o) => o.fine !== undefined)).toBe(true);
  });

  it('multiplies the probability: a draw above 0.5 brings a fine only when negligence is found', () => {
    // The fine draw does not depend on the negligence settings, so the same trial can be compared.
    const draws = Array.from({ length: 30 }, (_, index) => index + 1).map((trial) => ({
      trial,
      draw: (breachTrial(fineOf(6_000_000), {}, { trial }).incidents[0] as DataExposureIncident).fineDraw,
    }));
    const high = draws.find((d) => d.draw >= 0.5)!;
    const low = draws.find((d) => d.draw < 0.5)!;
    expect(high && low).toBeTruthy();
    const fine = (trial: number, negligence: Record<string, unknown> | undefined) =>
      breachTrial(fineOf(6_000_000), negligence ? { negligence } : {}, { market: CARELESS_MARKET, trial }).allocations.find((a) => a.component.kind === 'regulatory_fine');
    // Not negligent (base 0): fine 6,000,000 with probability 0.5.
    expect(fine(high.trial, undefined)).toBeUndefined();
    const plain = fine(low.trial, undefined)!;
    expectCents(plain.amount, 6_000_000);
    expect(trailCodes(plain.trail)).toEqual([FAULT, 'negligence:not_negligent', 'statute:fine_paid_to_regulators']);
    // Negligent: probability 1, size 12,000,000, in both trials.
    expectCents(fine(high.trial, NEGLIGENT)!.amount, 12_000_000);
    expectCents(fine(low.trial, NEGLIGENT)!.amount, 12_000_000);
  });
});
