import { describe, expect, it } from 'vitest';
import type { BugIncident } from '../../src/incidents/incident.ts';
import { constant, expectCents, expectComponents, marketScenario, runTrial, totalOf, type FixedTrial } from '../helpers/fixed-trial.ts';

/**
 * Bugs (MODEL §7) on the flat market of `fixed-trial.ts`: 10,000 of GMV an hour, average order
 * value 50, recapture 0.25, take rate 0.1; segment small (1,000 sellers, 40% of GMV, margin 0.25)
 * and large (10 sellers, 60%, margin 0.1). With window w and share f, the GMV touched is
 * f · 10,000 · w times the reach of the faulty code: all of it for the platform's code, one
 * seller's share (gmv_share / count) for a seller's integration, the segment's share for a
 * pricing algorithm acting for one segment.
 */

/** Runs one bug injection at 1 March 00:00 with constant window, share and price error. */
function bugTrial(fields: Record<string, unknown>): FixedTrial {
  return runTrial(marketScenario({ inject: [{ type: 'bug', name: 'glitch', at: '2027-03-01T00:00', ...fields }] }));
}

describe('bug impacts: overcharge', () => {
  it("in the platform's code: buyers overpay, the platform pays refund handling and remediation", () => {
    // GMV touched = 0.2 × 5 h × 10,000 = 10,000 (200 orders of 50).
    // overcharge = 10,000 × 0.1 = 1,000; refund handling = 200 orders × 2 = 400.
    const trial = bugTrial({
      origin: 'platform',
      error: 'overcharge',
      window_hours: constant(5),
      share: constant(0.2),
      price_error: constant(0.1),
      handling_fee: 2,
      remediation: constant(30_000),
    });
    expect(trial.incidents[0] as BugIncident).toMatchObject({ origin: 'platform', error: 'overcharge', windowHours: 5, share: 0.2, priceError: 0.1 });
    expectComponents(trial.components, [
      ['overcharge', 'buyers', 1_000, 'refunds'],
      ['refund_handling', 'platform', 400, 'remediation'],
      ['remediation', 'platform', 30_000, 'remediation'],
    ]);
    expectCents(totalOf(trial.components), 31_400);
  });

  it("in a seller's integration: one seller's orders, the seller's segment pays handling and remediation", () => {
    // One large seller sells 0.6 / 10 = 6% of GMV: touched = 0.5 × 10 h × 10,000 × 0.06 = 3,000 (60 orders).
    // overcharge = 3,000 × 0.2 = 600; refund handling = 60 × 2 = 120.
    const trial = bugTrial({
      origin: 'seller',
      segment: 'large',
      error: 'overcharge',
      window_hours: constant(10),
      share: constant(0.5),
      price_error: constant(0.2),
      handling_fee: 2,
      remediation: constant(8_000),
    });
    expect((trial.incidents[0] as BugIncident).segment).toBe('large');
    expectComponents(trial.components, [
      ['overcharge', 'buyers', 600, 'refunds'],
      ['refund_handling', 'sellers:large', 120, 'remediation'],
      ['remediation', 'sellers:large', 8_000, 'remediation'],
    ]);
  });
});

describe('bug impacts: mispricing', () => {
  it("by one seller's integration: that seller sells below price", () => {
    // One small seller sells 0.4 / 1,000 = 0.04% of GMV: touched = 0.5 × 100 h × 10,000 × 0.0004 = 200.
    // mispricing loss = 200 × 0.3 = 60.
    const trial = bugTrial({
      origin: 'seller',
      segment: 'small',
      error: 'mispricing',
      window_hours: constant(100),
      share: constant(0.5),
      price_error: constant(0.3),
      remediation: constant(5_000),
    });
    expectComponents(trial.components, [
      ['mispricing_loss', 'sellers:small', 60, 'third_party_damages'],
      ['remediation', 'sellers:small', 5_000, 'remediation'],
    ]);
  });

  it("by a segment's pricing algorithm: the whole segment's orders", () => {
    // The large segment sells 60%: touched = 0.5 × 10 h × 10,000 × 0.6 = 30,000; loss = 30,000 × 0.2 = 6,000.
    const trial = bugTrial({
      origin: 'algorithm',
      segment: 'large',
      error: 'mispricing',
      window_hours: constant(10),
      share: constant(0.5),
      price_error: constant(0.2),
      remediation: constant(20_000),
    });
    expectComponents(trial.components, [
      ['mispricing_loss', 'sellers:large', 6_000, 'third_party_damages'],
      ['remediation', 'sellers:large', 20_000, 'remediation'],
    ]);
  });

  it('by an algorithm acting for all sellers: every segment pro rata, remediation split by gmv_share', () => {
    // touched = 0.1 × 10 h × 10,000 = 10,000; at price error 0.5: small 10,000 × 0.4 × 0.5 = 2,000,
    // large 10,000 × 0.6 × 0.5 = 3,000. Remediation 10,000 → small 4,000, large 6,000.
    const trial = bugTrial({
      origin: 'algorithm',
      error: 'mispricing',
      window_hours: constant(10),
      share: constant(0.1),
      price_error: constant(0.5),
      remediation: constant(10_000),
    });
    expectComponents(trial.components, [
      ['mispricing_loss', 'sellers:small', 2_000, 'third_party_damages'],
      ['mispricing_loss', 'sellers:large', 3_000, 'third_party_damages'],
      ['remediation', 'sellers:small', 4_000, 'remediation'],
      ['remediation', 'sellers:large', 6_000, 'remediation'],
    ]);
  });

  it("in the platform's code: every segment sells below price, the platform pays remediation", () => {
    // touched = 0.5 × 10 h × 10,000 = 50,000; at price error 0.2: small 4,000, large 6,000.
    const trial = bugTrial({
      origin: 'platform',
      error: 'mispricing',
      window_hours: constant(10),
      share: constant(0.5),
      price_error: constant(0.2),
      remediation: constant(20_000),
    });
    expectComponents(trial.components, [
      ['mispricing_loss', 'sellers:small', 4_000, 'third_party_damages'],
      ['mispricing_loss', 'sellers:large', 6_000, 'third_party_damages'],
      ['remediation', 'platform', 20_000, 'remediation'],
    ]);
  });
});

describe('bug impacts: payment_failure', () => {
  it("in the platform's code: sales lost as in an outage", () => {
    // touched = 0.25 × 4 h × 10,000 = 10,000; lost = 10,000 × 0.75 = 7,500:
    // small 7,500 × 0.4 × 0.25 = 750, large 7,500 × 0.6 × 0.1 = 450, commission 750.
    const trial = bugTrial({
      origin: 'platform',
      error: 'payment_failure',
      window_hours: constant(4),
      share: constant(0.25),
      remediation: constant(10_000),
    });
    expectComponents(trial.components, [
      ['seller_lost_margin', 'sellers:small', 750, 'business_interruption'],
      ['seller_lost_margin', 'sellers:large', 450, 'business_interruption'],
      ['platform_lost_commission', 'platform', 750, 'business_interruption'],
      ['remediation', 'platform', 10_000, 'remediation'],
    ]);
    // A payment failure is not downtime.
    expect([...trial.market.state!.downtimeHoursByMonth].every((hours) => hours === 0)).toBe(true);
  });

  it("in a seller's integration: only that seller's sales, at its segment's margin", () => {
    // touched = 1 × 50 h × 10,000 × 0.4 / 1,000 = 200; lost = 150: margin 150 × 0.25 = 37.5, commission 15.
    const trial = bugTrial({ origin: 'seller', segment: 'small', error: 'payment_failure', window_hours: constant(50), share: constant(1) });
    expectComponents(trial.components, [
      ['seller_lost_margin', 'sellers:small', 37.5, 'business_interruption'],
      ['platform_lost_commission', 'platform', 15, 'business_interruption'],
    ]);
  });

  it('books churn from the fix onwards', () => {
    // Window 1 March 00:00 (hour 1,416) to hour 1,426; churn 0.1 of (8,760 − 1,426) × 10,000 = 7,334,000.
    const trial = bugTrial({
      origin: 'platform',
      error: 'payment_failure',
      window_hours: constant(10),
      share: constant(0),
      churn: constant(0.1),
    });
    const rest = 0.1 * (8760 - 1426) * 10_000;
    expectComponents(trial.components, [
      ['lost_business', 'sellers:small', rest * 0.4 * 0.25, 'lost_business'],
      ['lost_business', 'sellers:large', rest * 0.6 * 0.1, 'lost_business'],
      ['lost_business', 'platform', rest * 0.1, 'lost_business'],
    ]);
  });
});
