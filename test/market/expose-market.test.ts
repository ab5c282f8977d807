import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/engine/simulation-model.ts';
import { TrialRecord } from '../../src/engine/trial-record.ts';
import { createPolicyYear, isoTime } from '../../src/calendar/policy-year.ts';
import { exposeMarket } from '../../src/market/expose-market.ts';
import { lossEventScenario } from '../helpers/build-scenario.ts';

describe('exposeMarket', () => {
  it('turns each trial context into a trial record with the year, one for one and in order (marble test)', () => {
    const model = compileModel(lossEventScenario(), 1);
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    const a = { trial: 1, strategy: 0 };
    const b = { trial: 2, strategy: 0 };
    scheduler.run(({ cold, expectObservable }) => {
      const output$ = cold('-a--b|', { a, b }).pipe(exposeMarket(model));
      expectObservable(output$).toBe('-x--y|', {
        x: new TrialRecord(a, { year: model.year }),
        y: new TrialRecord(b, { year: model.year }),
      });
    });
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
