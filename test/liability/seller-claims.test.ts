import { describe, expect, it } from 'vitest';
import { constant, expectCents } from '../helpers/fixed-trial.ts';
import { CARELESS_MARKET, carriedBy, expectAllocations, expectConserved, liabilityTrial, settles, type ExpectedAllocation } from '../helpers/liability-trial.ts';

/**
 * Sellers' damages claims against the platform (MODEL §8 steps 2–3, 5): when the platform's
 * systems or code cost sellers money and the platform is found negligent, each segment claims its
 * loss, limited by the cap (liability_cap_months × the segment's monthly fees, shared by the
 * incident's components of that segment) and, for lost profits, barred by the exclusion of
 * consequential damages unless the negligence is gross (which also lifts the cap). The claim is
 * settled in a dispute; the platform pays the settled share of the capped claim.
 *
 * Negligence is made certain: the platform's posture is 0 and base 1, so probability
 * 1 × (1 − 0) × 1 = 1 > every draw; gross_share 0 (never gross) or 1 (always gross).
 *
 * Flat market: small fees 1,200,000 a year (100,000 a month), large 500,000 (41,666.67 a month).
 */
const NEGLIGENT = { base: 1, gross_share: 0 };
const GROSSLY_NEGLIGENT = { base: 1, gross_share: 1 };
const SMALL_MONTH = 100_000;
const LARGE_MONTH = 500_000 / 12;

/**
 * A mispricing bug in the platform's code on 1 March, 100 h at share 1 and price error 0.5:
 * GMV touched = 1 × 100 h × 10,000 = 1,000,000, sold at half price: small loses
 * 1,000,000 × 0.4 × 0.5 = 200,000, large 1,000,000 × 0.6 × 0.5 = 300,000.
 */
function mispricing(extra: Record<string, unknown> = {}) {
  return {
    type: 'bug',
    name: 'mispricing',
    at: '2027-03-01T00:00',
    origin: 'platform',
    error: 'mispricing',
    window_hours: constant(100),
    share: constant(1),
    price_error: constant(0.5),
    ...extra,
  };
}

/** A 10 h outage at full scope on 1 March: lost GMV 75,000; small margin 7,500, large 4,500, commission 7,500. */
const OUTAGE = { type: 'outage', name: 'down', at: '2027-03-01T00:00', duration_hours: constant(10), scope: constant(1) };

const FAULT = 'fault:caused_by_platform';

describe('a cap binding', () => {
  it('caps the platform at one month of fees × the settlement share; the rest stays with the segment', () => {
    // Caps: small 1 × 1,200,000 / 12 = 100,000 < 200,000; large 1 × 500,000 / 12 = 41,666.67 < 300,000.
    // Settled at 80%: small: platform 0.8 × 100,000 = 80,000, small keeps 200,000 − 80,000 = 120,000;
    // large: platform 0.8 × 41,666.67 = 33,333.33, large keeps 300,000 − 33,333.33 = 266,666.67.
    const record = liabilityTrial({ inject: [mispricing()], negligence: NEGLIGENT, contracts: { seller_terms: { liability_cap_months: 1 } }, dispute: settles(0.8) }, { market: CARELESS_MARKET });
    const trail = [FAULT, 'negligence:negligent', 'contract:cap_binding', 'dispute:settled_in_negotiation'];
    expectAllocations(record.allocations, [
      ['mispricing_loss', 'sellers:small', 'platform', 80_000, trail],
      ['mispricing_loss', 'sellers:small', 'sellers:small', 120_000, trail],
      ['mispricing_loss', 'sellers:large', 'platform', 0.8 * LARGE_MONTH, trail],
      ['mispricing_loss', 'sellers:large', 'sellers:large', 300_000 - 0.8 * LARGE_MONTH, trail],
    ]);
    // The negligence step carries the draw that decided it (below probability 1).
    const negligence = record.allocations[0]!.trail[1]!;
    expect(negligence.draw).toBe(record.incidents[0]!.negligenceDraw);
    expectConserved(record);
  });

  it('pays the settled share of the whole claim when the loss is below the cap (no cap step)', () => {
    // Default cap: 12 months = the year's fees: small 1,200,000 > 200,000, large 500,000 > 300,000.
    // Settled at 80%: small 160,000 / 40,000; large 240,000 / 60,000.
    const record = liabilityTrial({ inject: [mispricing()], negligence: NEGLIGENT, dispute: settles(0.8) }, { market: CARELESS_MARKET });
    const trail = [FAULT, 'negligence:negligent', 'dispute:settled_in_negotiation'];
    expectAllocations(record.allocations, [
      ['mispricing_loss', 'sellers:small', 'platform', 160_000, trail],
      ['mispricing_loss', 'sellers:small', 'sellers:small', 40_000, trail],
      ['mispricing_loss', 'sellers:large', 'platform', 240_000, trail],
      ['mispricing_loss', 'sellers:large', 'sellers:large', 60_000, trail],
    ]);
  });

  it('shares one cap per segment across the incident’s components: the second claim finds it exhausted', () => {
    // With churn 0.1 after the fix (hour 1,416 + 100 = 1,516), the bug also costs lost business:
    // 0.1 × (8,760 − 1,516) h × 10,000 = 7,244,000 of GMV: small 7,244,000 × 0.4 × 0.25 = 724,400,
    // large 7,244,000 × 0.6 × 0.1 = 434,640, platform 724,400 (commission).
    // Lost profits are not excluded here, so they are claimed too, under the same cap.
    // Settled in full (share 1): mispricing uses the whole cap (small 100,000, large 41,666.67);
    // the lost-business claims then meet an exhausted cap and stay with the sellers.
    const record = liabilityTrial(
      {
        inject: [mispricing({ churn: constant(0.1) })],
        negligence: NEGLIGENT,
        contracts: { seller_terms: { liability_cap_months: 1, exclude_consequential: false } },
      },
      { market: CARELESS_MARKET },
    );
    const binding = [FAULT, 'negligence:negligent', 'contract:cap_binding', 'dispute:settled_in_negotiation'];
    const exhausted = [FAULT, 'negligence:negligent', 'contract:cap_exhausted'];
    expectAllocations(record.allocations, [
      ['mispricing_loss', 'sellers:small', 'platform', SMALL_MONTH, binding],
      ['mispricing_loss', 'sellers:small', 'sellers:small', 200_000 - SMALL_MONTH, binding],
      ['mispricing_loss', 'sellers:large', 'platform', LARGE_MONTH, binding],
      ['mispricing_loss', 'sellers:large', 'sellers:large', 300_000 - LARGE_MONTH, binding],
      ['lost_business', 'sellers:small', 'sellers:small', 724_400, exhausted],
      ['lost_business', 'sellers:large', 'sellers:large', 434_640, exhausted],
      ['lost_business', 'platform', 'platform', 724_400, [FAULT]],
    ]);
    expectCents(carriedBy(record.allocations, 'platform'), SMALL_MONTH + LARGE_MONTH + 724_400);
    expectConserved(record);
  });

  it('counts what was paid against the shared cap: at 80%, the second claim gets the remainder', () => {
    // Small: mispricing capped at 100,000, paid 80,000 → 20,000 of cap left; lost business 724,400
    // capped at 20,000, paid 16,000, kept 708,400. The platform pays 96,000 in all (≤ the cap).
    // Large: mispricing paid 33,333.33 → 8,333.33 left; lost business capped at 8,333.33, paid
    // 6,666.67, kept 434,640 − 6,666.67 = 427,973.33.
    const record = liabilityTrial(
      {
        inject: [mispricing({ churn: constant(0.1) })],
        negligence: NEGLIGENT,
        contracts: { seller_terms: { liability_cap_months: 1, exclude_consequential: false } },
        dispute: settles(0.8),
      },
      { market: CARELESS_MARKET },
    );
    const binding = [FAULT, 'negligence:negligent', 'contract:cap_binding', 'dispute:settled_in_negotiation'];
    expectAllocations(record.allocations, [
      ['mispricing_loss', 'sellers:small', 'platform', 80_000, binding],
      ['mispricing_loss', 'sellers:small', 'sellers:small', 120_000, binding],
      ['mispricing_loss', 'sellers:large', 'platform', 0.8 * LARGE_MONTH, binding],
      ['mispricing_loss', 'sellers:large', 'sellers:large', 300_000 - 0.8 * LARGE_MONTH, binding],
      ['lost_business', 'sellers:small', 'platform', 16_000, binding],
      ['lost_business', 'sellers:small', 'sellers:small', 708_400, binding],
      ['lost_business', 'sellers:large', 'platform', 0.8 * 0.2 * LARGE_MONTH, binding],
      ['lost_business', 'sellers:large', 'sellers:large', 434_640 - 0.8 * 0.2 * LARGE_MONTH, binding],
      ['lost_business', 'platform', 'platform', 724_400, [FAULT]],
    ]);
    expectConserved(record);
  });

  it('leaves the loss with the sellers when the platform is not negligent', () => {
    const record = liabilityTrial({ inject: [mispricing()], contracts: { seller_terms: { liability_cap_months: 1 } } });
    const trail = [FAULT, 'negligence:not_negligent'];
    expectAllocations(record.allocations, [
      ['mispricing_loss', 'sellers:small', 'sellers:small', 200_000, trail],
      ['mispricing_loss', 'sellers:large', 'sellers:large', 300_000, trail],
    ]);
  });

  it('is lifted by gross negligence: the platform pays the settled share of the whole loss', () => {
    // Gross: no cap. Small 0.8 × 200,000 = 160,000 (kept 40,000); large 0.8 × 300,000 = 240,000 (kept 60,000).
    const record = liabilityTrial(
      { inject: [mispricing()], negligence: GROSSLY_NEGLIGENT, contracts: { seller_terms: { liability_cap_months: 1 } }, dispute: settles(0.8) },
      { market: CARELESS_MARKET },
    );
    const trail = [FAULT, 'negligence:gross_negligence', 'dispute:settled_in_negotiation'];
    expectAllocations(record.allocations, [
      ['mispricing_loss', 'sellers:small', 'platform', 160_000, trail],
      ['mispricing_loss', 'sellers:small', 'sellers:small', 40_000, trail],
      ['mispricing_loss', 'sellers:large', 'platform', 240_000, trail],
      ['mispricing_loss', 'sellers:large', 'sellers:large', 60_000, trail],
    ]);
  });
});

describe('gross negligence lifting the exclusion of lost profits', () => {
  const commission: ExpectedAllocation = ['platform_lost_commission', 'platform', 'platform', 7_500, [FAULT]];

  it('excludes lost profits under ordinary negligence: sellers keep their lost margin', () => {
    const record = liabilityTrial({ inject: [OUTAGE], negligence: NEGLIGENT, contracts: { seller_terms: { exclude_consequential: true } }, dispute: settles(0.6) }, { market: CARELESS_MARKET });
    const trail = [FAULT, 'negligence:negligent', 'contract:lost_profits_excluded'];
    expectAllocations(record.allocations, [['seller_lost_margin', 'sellers:small', 'sellers:small', 7_500, trail], ['seller_lost_margin', 'sellers:large', 'sellers:large', 4_500, trail], commission]);
    expectConserved(record);
  });

  it('voids the exclusion and the cap under gross negligence: the platform pays the settled share', () => {
    // Cap of 0 months would stop any ordinary claim; gross negligence lifts it.
    // Settled at 60%: small 0.6 × 7,500 = 4,500 (keeps 3,000); large 0.6 × 4,500 = 2,700 (keeps 1,800).
    const record = liabilityTrial(
      {
        inject: [OUTAGE],
        negligence: GROSSLY_NEGLIGENT,
        contracts: { seller_terms: { exclude_consequential: true, liability_cap_months: 0 } },
        dispute: settles(0.6),
      },
      { market: CARELESS_MARKET },
    );
    const trail = [FAULT, 'negligence:gross_negligence', 'contract:exclusion_void_gross_negligence', 'dispute:settled_in_negotiation'];
    expectAllocations(record.allocations, [
      ['seller_lost_margin', 'sellers:small', 'platform', 4_500, trail],
      ['seller_lost_margin', 'sellers:small', 'sellers:small', 3_000, trail],
      ['seller_lost_margin', 'sellers:large', 'platform', 2_700, trail],
      ['seller_lost_margin', 'sellers:large', 'sellers:large', 1_800, trail],
      commission,
    ]);
    expectCents(carriedBy(record.allocations, 'platform'), 7_500 + 4_500 + 2_700);
    expectConserved(record);
  });

  it('without the exclusion, ordinary negligence suffices but the cap applies', () => {
    // Cap 0.05 months: small 5,000 < 7,500 → binding; large 2,083.33 < 4,500 → binding. Settled in full.
    const record = liabilityTrial({ inject: [OUTAGE], negligence: NEGLIGENT, contracts: { seller_terms: { exclude_consequential: false, liability_cap_months: 0.05 } } }, { market: CARELESS_MARKET });
    const trail = [FAULT, 'negligence:negligent', 'contract:cap_binding', 'dispute:settled_in_negotiation'];
    expectAllocations(record.allocations, [
      ['seller_lost_margin', 'sellers:small', 'platform', 5_000, trail],
      ['seller_lost_margin', 'sellers:small', 'sellers:small', 2_500, trail],
      ['seller_lost_margin', 'sellers:large', 'platform', 0.05 * LARGE_MONTH, trail],
      ['seller_lost_margin', 'sellers:large', 'sellers:large', 4_500 - 0.05 * LARGE_MONTH, trail],
      commission,
    ]);
  });
});
