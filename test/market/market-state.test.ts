import { describe, expect, it } from 'vitest';
import { createPolicyYear } from '../../src/calendar/policy-year.ts';
import { MarketState } from '../../src/market/market-state.ts';

/**
 * The state a trial's incidents carry forward (MODEL §2, §7): the share of buyers left after
 * churn and the scope-weighted downtime of each calendar month, which SLA credits read.
 */

/** The tally as a plain list, rounded to 1e-9 hours. */
function tallyOf(state: MarketState): number[] {
  return [...state.downtimeHoursByMonth].map((hours) => Math.round(hours * 1e9) / 1e9);
}

/** Thirteen months of zero downtime but for the entries given. */
function tally(entries: Record<number, number>): number[] {
  return Array.from({ length: 13 }, (_, month) => entries[month] ?? 0);
}

describe('MarketState', () => {
  const year2027 = createPolicyYear('2027-01-01');

  it('starts with every buyer and no downtime', () => {
    const state = new MarketState(year2027);
    expect(state.buyerShare).toBe(1);
    expect(tallyOf(state)).toEqual(tally({}));
  });

  it('adds scope × hours to the month of an outage within it', () => {
    const state = new MarketState(year2027);
    state.addDowntime(100, 106, 0.5); // 5 January
    expect(tallyOf(state)).toEqual(tally({ 0: 3 }));
  });

  it('splits an outage across a month boundary, and across several months', () => {
    const state = new MarketState(year2027);
    // 31 January 20:00 (hour 740) to 1 February 06:00 (hour 750): February starts at hour 744.
    state.addDowntime(740, 750, 1);
    expect(tallyOf(state)).toEqual(tally({ 0: 4, 1: 6 }));
    // 31 January 23:00 (hour 743) to 1 March 01:00 (hour 1,417): 1 h, all 672 h of February, 1 h.
    state.addDowntime(743, 1417, 0.25);
    expect(tallyOf(state)).toEqual(tally({ 0: 4.25, 1: 6 + 168, 2: 0.25 }));
  });

  it("counts 29 February in a leap year's February", () => {
    const state = new MarketState(createPolicyYear('2028-01-01'));
    // March 2028 starts at (31 + 29) × 24 = 1,440 hours.
    state.addDowntime(1439, 1441, 1);
    expect(tallyOf(state)).toEqual(tally({ 1: 1, 2: 1 }));
  });

  it('clamps to the year: nothing before its start or after its end is counted', () => {
    const state = new MarketState(year2027);
    state.addDowntime(-5, 2, 1);
    state.addDowntime(8758, 8770, 1);
    expect(tallyOf(state)).toEqual(tally({ 0: 2, 11: 2 }));
  });

  it('ignores empty and reversed intervals', () => {
    const state = new MarketState(year2027);
    state.addDowntime(500, 500, 1);
    state.addDowntime(600, 590, 1);
    state.addDowntime(9000, 9100, 1);
    expect(tallyOf(state)).toEqual(tally({}));
  });

  it('uses thirteen calendar months for a year that starts mid-month', () => {
    // 15 July 2027 to 15 July 2028 (8,784 h: it holds 29 February 2028). Month 0 is 15–31 July
    // 2027 (17 days = 408 h); month 12 is 1–14 July 2028, from hour 352 × 24 = 8,448.
    const year = createPolicyYear('2027-07-15');
    expect(year.hoursInYear).toBe(8784);
    expect(year.monthStartHours).toHaveLength(14);
    expect(year.monthStartHours[1]).toBe(408);
    expect(year.monthStartHours[12]).toBe(8448);
    const state = new MarketState(year);
    state.addDowntime(400, 410, 1);
    state.addDowntime(8447, 8790, 0.5);
    expect(tallyOf(state)).toEqual(tally({ 0: 8, 1: 2, 11: 0.5, 12: 0.5 * 336 }));
  });
});
