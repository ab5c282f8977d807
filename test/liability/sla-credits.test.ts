import { describe, expect, it } from 'vitest';
import { creditShare, DowntimeTally } from '../../src/liability/sla-credits.ts';
import { createPolicyYear } from '../../src/calendar/policy-year.ts';
import { constant, expectCents } from '../helpers/fixed-trial.ts';
import { allocationsOf, carriedBy, expectAllocations, expectConserved, liabilityTrial, type ExpectedAllocation } from '../helpers/liability-trial.ts';

/**
 * SLA service credits (MODEL §8 step 3): from each calendar month's uptime = 1 − scope-weighted
 * downtime hours / hours in the month, the credit tiers give a share of the month's fees
 * (the lowest threshold met applies), paid by the platform to each seller segment:
 * segment fees a year (count × annual_fees) / 12 × credit share. Credits are transfers: the
 * platform carries +X and the segment −X on a zero-amount `sla_credit` component.
 *
 * Flat market: small pays 1,000 × 1,200 = 1,200,000 a year = 100,000 a month; large pays
 * 10 × 50,000 = 500,000 a year = 41,666.67 a month. January and March have 744 hours, February
 * (2027) 672.
 */
const TIERS = [
  { below: 0.999, credit: 0.1 },
  { below: 0.99, credit: 0.25 },
  { below: 0.95, credit: 1 },
];
const SMALL_MONTH = 1_200_000 / 12; // 100,000
const LARGE_MONTH = 500_000 / 12; // 41,666.666…

/** An outage injection with constant duration and scope. */
function outage(name: string, at: string, hours: number, scope = 1) {
  return { type: 'outage', name, at, duration_hours: constant(hours), scope: constant(scope) };
}

function slaTrial(inject: Record<string, unknown>[]) {
  return liabilityTrial({ inject, contracts: { seller_terms: { sla_tiers: TIERS } } });
}

/** The credit transfer pair for one segment: platform +amount, the segment −amount. */
function credit(segment: string, amount: number): ExpectedAllocation[] {
  const trail = ['contract:sla_credit_to_sellers'];
  return [
    ['sla_credit', segment, 'platform', amount, trail],
    ['sla_credit', segment, segment, -amount, trail],
  ];
}

/** Lost sales of an outage of `hours` at scope 1, not negligent, lost profits excluded (the default terms). */
function lostSales(hours: number): ExpectedAllocation[] {
  const lostGmv = hours * 10_000 * 0.75;
  const excluded = ['fault:caused_by_platform', 'negligence:not_negligent', 'contract:lost_profits_excluded'];
  return [
    ['seller_lost_margin', 'sellers:small', 'sellers:small', lostGmv * 0.4 * 0.25, excluded],
    ['seller_lost_margin', 'sellers:large', 'sellers:large', lostGmv * 0.6 * 0.1, excluded],
    ['platform_lost_commission', 'platform', 'platform', lostGmv * 0.1, ['fault:caused_by_platform']],
  ];
}

describe('SLA credits', () => {
  it('credits each month an outage touches: 31 Jan 20:00 to 1 Feb 06:00 at full scope', () => {
    // January: 4 h down of 744 → uptime 1 − 4/744 = 0.994624 < 0.999 (not < 0.99) → credit 0.1.
    // February: 6 h down of 672 → uptime 1 − 6/672 = 0.991071 < 0.999 (not < 0.99) → credit 0.1.
    // Each month: small 0.1 × 100,000 = 10,000; large 0.1 × 41,666.67 = 4,166.67.
    // Lost GMV = 10 h × 10,000 × 0.75 = 75,000: small margin 7,500, large 4,500, commission 7,500.
    expect(creditShare(TIERS, 1 - 4 / 744)).toBe(0.1);
    expect(creditShare(TIERS, 1 - 6 / 672)).toBe(0.1);
    const record = slaTrial([outage('down', '2027-01-31T20:00', 10)]);
    expectAllocations(record.allocations, [
      ...lostSales(10),
      ...credit('sellers:small', 0.1 * SMALL_MONTH), // January
      ...credit('sellers:large', 0.1 * LARGE_MONTH),
      ...credit('sellers:small', 0.1 * SMALL_MONTH), // February
      ...credit('sellers:large', 0.1 * LARGE_MONTH),
    ]);
    // The platform pays 2 × (10,000 + 4,166.67) = 28,333.33 of credits on top of its lost commission.
    expectCents(carriedBy(record.allocations, 'platform'), 7_500 + 28_333.333333);
    expectCents(carriedBy(record.allocations, 'sellers:small'), 7_500 - 20_000);
    expectCents(carriedBy(record.allocations, 'sellers:large'), 4_500 - 8_333.333333);
    expectConserved(record);
  });

  it('credits the two months at different tiers: 30 Jan 08:00 to 1 Feb 02:00', () => {
    // January: 40 h of 744 → uptime 0.946237 < 0.95 → credit 1: small 100,000, large 41,666.67.
    // February: 2 h of 672 → uptime 0.997024 < 0.999 → credit 0.1: small 10,000, large 4,166.67.
    expect(creditShare(TIERS, 1 - 40 / 744)).toBe(1);
    expect(creditShare(TIERS, 1 - 2 / 672)).toBe(0.1);
    const record = slaTrial([outage('down', '2027-01-30T08:00', 42)]);
    expectAllocations(record.allocations, [
      ...lostSales(42),
      ...credit('sellers:small', SMALL_MONTH),
      ...credit('sellers:large', LARGE_MONTH),
      ...credit('sellers:small', 0.1 * SMALL_MONTH),
      ...credit('sellers:large', 0.1 * LARGE_MONTH),
    ]);
    expectConserved(record);
  });

  it('weights downtime by scope: 10 h at scope 0.5 in March is 5 h down', () => {
    // 5/744 → uptime 0.993280 → credit 0.1. Lost GMV = 0.5 × 10 × 10,000 × 0.75 = 37,500.
    const record = slaTrial([outage('half', '2027-03-01T00:00', 10, 0.5)]);
    const credits = record.allocations.filter((a) => a.component.kind === 'sla_credit' && a.bearer === 'platform');
    expect(credits.map((a) => a.component.sufferer)).toEqual(['sellers:small', 'sellers:large']);
    expectCents(credits[0]!.amount, 10_000);
    expectCents(credits[1]!.amount, 4_166.666667);
  });

  it('attributes a credit to the outage that crosses a tier, and only the rise in share', () => {
    // March (744 h):
    // - 1 Mar, 0.5 h: uptime 1 − 0.5/744 = 0.999328, above every threshold → no credit.
    // - 10 Mar, 1 h: 1.5 h → uptime 0.997984 < 0.999 → share 0 → 0.1: small 10,000, large 4,166.67.
    // - 20 Mar, 6 h: 7.5 h → uptime 0.989919 < 0.99 → share 0.1 → 0.25, a rise of 0.15:
    //   small 15,000, large 6,250.
    const record = slaTrial([outage('first', '2027-03-01T00:00', 0.5), outage('second', '2027-03-10T00:00', 1), outage('third', '2027-03-20T00:00', 6)]);
    const credits = (name: string) => allocationsOf(record, name).filter((a) => a.component.kind === 'sla_credit');
    expect(credits('first')).toEqual([]);
    expectAllocations(credits('second'), [...credit('sellers:small', 10_000), ...credit('sellers:large', 0.1 * LARGE_MONTH)]);
    expectAllocations(credits('third'), [...credit('sellers:small', 15_000), ...credit('sellers:large', 0.15 * LARGE_MONTH)]);
    expectConserved(record);
  });

  it('books credits as transfers on a zero-amount component: they create no loss', () => {
    const record = slaTrial([outage('down', '2027-01-31T20:00', 10)]);
    const credits = record.allocations.filter((a) => a.component.kind === 'sla_credit');
    expect(credits).toHaveLength(8);
    for (const allocation of credits) expect(allocation.component).toMatchObject({ amount: 0, coverage: 'sla_credits' });
    expectCents(
      credits.reduce((total, a) => total + a.amount, 0),
      0,
    );
    // No sla_credit among the ground-up components.
    expect(record.components.some((c) => c.kind === 'sla_credit')).toBe(false);
    // Per incident, carried = ground-up (75,000 × (0.1 + 0.06 + 0.1) = 19,500): credits net to zero.
    expectCents(expectConserved(record).get('down')!.carried, 19_500);
  });

  it('earns no credits without tiers', () => {
    const record = liabilityTrial({ inject: [outage('down', '2027-01-31T20:00', 10)] });
    expect(record.allocations.some((a) => a.component.kind === 'sla_credit')).toBe(false);
  });

  it('DowntimeTally splits an outage at the month boundary and returns each month’s rise', () => {
    const year = createPolicyYear('2027-01-01');
    const tally = new DowntimeTally(year, TIERS);
    // Hour 740 = 31 Jan 20:00; to hour 750 = 1 Feb 06:00.
    expect(tally.add(740, 750, 1)).toEqual([
      [0, 0.1],
      [1, 0.1],
    ]);
    // 40 more hours in February at scope 0.5 → 26 h of 672: uptime 0.961310 → 0.25 (a rise of 0.15).
    const rises = tally.add(800, 840, 0.5);
    expect(rises).toHaveLength(1);
    expect(rises[0]![0]).toBe(1);
    expect(rises[0]![1]).toBeCloseTo(0.15, 12);
  });
});
