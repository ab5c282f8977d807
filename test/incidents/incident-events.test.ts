import { describe, expect, it } from 'vitest';
import { stageInputs } from '../../src/engine/simulate-chunk.ts';
import { compileModel } from '../../src/engine/simulation-model.ts';
import { generateIncidents } from '../../src/incidents/generate-incidents.ts';
import { exposeMarket } from '../../src/market/expose-market.ts';
import { buildScenario } from '../helpers/build-scenario.ts';
import { constant } from '../helpers/fixed-trial.ts';
import { incidentEventsOf, marbleScheduler, trialMarkers } from '../helpers/stage-events.ts';

/** A loss event injected at `at`. */
function loss(name: string, at: string, amount = 10) {
  return { type: 'loss_event', name, at, loss: constant(amount), bearer: 'platform', coverage: 'third_party_damages' };
}

describe('generateIncidents as an operator over trial events (marble tests)', () => {
  // Three injections listed out of time order; two of them at the same instant.
  const model = compileModel(buildScenario({ inject: [loss('late', '2027-09-01'), loss('tie-b', '2027-03-01'), loss('early', '2027-02-01'), loss('tie-d', '2027-03-01')] }), 1);
  const input = stageInputs(model);
  /** The incidents in virtual-time order. */
  const ORDER = ['early', 'tie-b', 'tie-d', 'late'];

  it("puts each trial's incidents between its markers, one event each, in virtual-time order", () => {
    const one = trialMarkers(1);
    marbleScheduler().run(({ cold, expectObservable }) => {
      const output$ = cold('-s 9ms e|', { s: one.start, e: one.end }).pipe(exposeMarket(input.market), generateIncidents(input.incidents));
      // Simultaneous incidents break ties by their order in the scenario: tie-b (listed 2nd) before tie-d (4th).
      expectObservable(output$).toBe('-(sabcd) 3ms e|', {
        s: one.start,
        ...incidentEventsOf(one.record, 'abcd', ORDER),
        e: one.end,
      });
    });
    expect(one.record.incidents.map((incident) => incident.name)).toEqual(ORDER);
  });

  it('draws every trial afresh in a pipeline that lives for many trials', () => {
    const one = trialMarkers(1);
    const two = trialMarkers(2);
    marbleScheduler().run(({ cold, expectObservable }) => {
      const output$ = cold('-s 9ms e-t 9ms f|', { s: one.start, e: one.end, t: two.start, f: two.end }).pipe(exposeMarket(input.market), generateIncidents(input.incidents));
      expectObservable(output$).toBe('-(sabcd) 3ms e-(tghij) 3ms f|', {
        s: one.start,
        ...incidentEventsOf(one.record, 'abcd', ORDER),
        e: one.end,
        t: two.start,
        ...incidentEventsOf(two.record, 'ghij', ORDER),
        f: two.end,
      });
    });
    expect(two.record.incidents).not.toBe(one.record.incidents);
  });

  it('passes a year without incidents through as its two markers', () => {
    const quiet = stageInputs(compileModel(buildScenario({ inject: [] }), 1));
    const one = trialMarkers(1);
    marbleScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-s-e|', { s: one.start, e: one.end }).pipe(exposeMarket(quiet.market), generateIncidents(quiet.incidents))).toBe('-s-e|', { s: one.start, e: one.end });
    });
    expect(one.record.incidents).toEqual([]);
  });
});
