import { from } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { simulateTrials } from '../../src/engine/simulate-chunk.ts';
import { compileModel } from '../../src/engine/simulation-model.ts';
import { NONE } from '../../src/insurance/settlement.ts';
import { buildScenario } from '../helpers/build-scenario.ts';
import { incidentEventsOf, marbleScheduler, trialMarkers } from '../helpers/stage-events.ts';
import { lossEvent } from './insurance-helpers.ts';

/**
 * The insurance stage erodes a policy's aggregate from incident to incident within a trial, hands
 * the trial its recoveries at the trial's end, and starts the next trial with the whole aggregate.
 */
describe('applyInsurance as an operator over trial events (marble tests)', () => {
  const model = compileModel(
    buildScenario({
      inject: [lossEvent('feb', '2027-02-01', 40), lossEvent('mar', '2027-03-01', 40), lossEvent('apr', '2027-04-01', 40)],
      insurance: { policies: [{ name: 'p', insured: 'platform', covers: ['third_party_damages'], limit: 30, aggregate_limit: 70 }] },
    }),
    1,
  );

  it('pays 30, 30 and the 10 left of a 70 aggregate in every trial of one pipeline', () => {
    const one = trialMarkers(1);
    const two = trialMarkers(2);
    marbleScheduler().run(({ cold, expectObservable }) => {
      const output$ = cold('-s 9ms e-t 9ms f|', { s: one.start, e: one.end, t: two.start, f: two.end }).pipe(simulateTrials(model));
      expectObservable(output$).toBe('-(sabc) 4ms e-(tghi) 4ms f|', {
        s: one.start,
        ...incidentEventsOf(one.record, 'abc', ['feb', 'mar', 'apr']),
        e: one.end,
        t: two.start,
        ...incidentEventsOf(two.record, 'ghi', ['feb', 'mar', 'apr']),
        f: two.end,
      });
    });
    for (const record of [one.record, two.record]) {
      expect(record.recoveries.map((recovery) => recovery.amount)).toEqual([30, 30, 10]);
      expect(record.exhausted).toEqual([0]);
    }
  });

  it('hands a trial its recoveries at its end marker: before it, the record holds none', () => {
    const one = trialMarkers(1);
    const midway: unknown[] = [];
    from([one.start, one.end])
      .pipe(simulateTrials(model))
      .subscribe((event) => event.kind === 'incident' && midway.push(event.trial.recoveries));
    expect(midway).toEqual([NONE, NONE, NONE]);
    expect(one.record.recoveries).toHaveLength(3);
  });
});
