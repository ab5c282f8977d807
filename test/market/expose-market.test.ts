import { describe, expect, it } from 'vitest';
import { createPolicyYear, isoTime } from '../../src/calendar/policy-year.ts';
import { exposeMarket } from '../../src/market/expose-market.ts';
import { compileMarket } from '../../src/market/market-model.ts';
import { FLAT_MARKET } from '../helpers/fixed-trial.ts';
import { marbleScheduler, trialMarkers } from '../helpers/stage-events.ts';
import { marketScenario } from '../helpers/fixed-trial.ts';

describe('exposeMarket', () => {
  it('passes every marker on in order, giving each trial at its start a fresh market state (marble test)', () => {
    const year = createPolicyYear('2027-01-01');
    const market = compileMarket(marketScenario({}, FLAT_MARKET).market!, '2027-01-01');
    const one = trialMarkers(1);
    const two = trialMarkers(2);
    marbleScheduler().run(({ cold, expectObservable, flush }) => {
      const output$ = cold('-a-b--c-d|', { a: one.start, b: one.end, c: two.start, d: two.end }).pipe(exposeMarket({ year, market }));
      expectObservable(output$).toBe('-a-b--c-d|', { a: one.start, b: one.end, c: two.start, d: two.end });
      flush();
      expect(one.record.market.model).toBe(market);
      expect(one.record.market.state?.buyerShare).toBe(1);
      expect(two.record.market.state).not.toBe(one.record.market.state);
    });
  });

  it('gives a FAIR-style trial without a marketplace the calendar alone', () => {
    const year = createPolicyYear('2027-01-01');
    const one = trialMarkers(1);
    marbleScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-a-b|', { a: one.start, b: one.end }).pipe(exposeMarket({ year, market: undefined }))).toBe('-a-b|', { a: one.start, b: one.end });
    });
    expect(one.record.market).toEqual({ year });
  });
});

describe('createPolicyYear', () => {
  it('counts 8,760 hours in a common year and 8,784 in a leap year', () => {
    expect(createPolicyYear('2027-01-01').hoursInYear).toBe(8760);
    expect(createPolicyYear('2028-01-01').hoursInYear).toBe(8784);
    expect(createPolicyYear('2027-07-01').hoursInYear).toBe(8784); // the year to 2028-07-01 holds 29 Feb 2028
  });

  it('places virtual hours on the calendar', () => {
    const year = createPolicyYear('2027-01-01');
    expect(isoTime(year, 0)).toBe('2027-01-01T00:00:00Z');
    expect(isoTime(year, 24 * 330 + 10.5)).toBe('2027-11-27T10:30:00Z');
  });
});
