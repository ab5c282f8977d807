import { describe, expect, it } from 'vitest';
import { stageInputs } from '../../src/engine/simulate-chunk.ts';
import { compileModel } from '../../src/engine/simulation-model.ts';
import { assessImpacts } from '../../src/impacts/assess-impacts.ts';
import { generateIncidents } from '../../src/incidents/generate-incidents.ts';
import { exposeMarket } from '../../src/market/expose-market.ts';
import { constant, expectCents, FLAT_RATE, marketScenario } from '../helpers/fixed-trial.ts';
import { incidentEventsOf, marbleScheduler, trialMarkers } from '../helpers/stage-events.ts';

/**
 * The impact stage carries the market's state from incident to incident within a trial (buyers
 * lost to churn) and starts each trial afresh. Flat market: 10,000 of GMV an hour, recapture 0.25.
 */
describe('assessImpacts as an operator over trial events (marble tests)', () => {
  // Outage 1: 1 Mar 00:00 (hour 1,416) for 10 h, then 10% of buyers leave. Outage 2: 1 Jun 00:00
  // (hour 3,624) for 10 h, on the 90% of buyers left.
  const outage = (name: string, at: string) => ({ type: 'outage', name, at, duration_hours: constant(10), scope: constant(1), churn: constant(0.1) });
  const model = compileModel(marketScenario({ inject: [outage('first', '2027-03-01T00:00'), outage('second', '2027-06-01T00:00')] }), 1);
  const input = stageInputs(model);
  const stages = [exposeMarket(input.market), generateIncidents(input.incidents), assessImpacts(input.impacts)] as const;

  it("books each incident's components as its event passes, on the buyers the earlier incidents left", () => {
    const one = trialMarkers(1);
    const two = trialMarkers(2);
    marbleScheduler().run(({ cold, expectObservable }) => {
      const output$ = cold('-s 9ms e-t 9ms f|', { s: one.start, e: one.end, t: two.start, f: two.end }).pipe(...stages);
      expectObservable(output$).toBe('-(sab) 5ms e-(tcd) 5ms f|', {
        s: one.start,
        ...incidentEventsOf(one.record, 'ab', ['first', 'second']),
        e: one.end,
        t: two.start,
        ...incidentEventsOf(two.record, 'cd', ['first', 'second']),
        f: two.end,
      });
    });
    const lostCommission = (record: typeof one.record, name: string) => record.components.find((c) => c.incident.name === name && c.kind === 'platform_lost_commission')!.amount;
    // Lost GMV = 10 h × 10,000 × 0.75 on all buyers, then on the 90% the first outage left.
    expectCents(lostCommission(one.record, 'first'), 10 * FLAT_RATE * 0.75 * 0.1);
    expectCents(lostCommission(one.record, 'second'), 10 * FLAT_RATE * 0.75 * 0.9 * 0.1);
    expect(one.record.market.state!.buyerShare).toBeCloseTo(0.81, 12);
    // The second trial starts with every buyer again: the same components as the first.
    expect(two.record.components.map((c) => c.amount)).toEqual(one.record.components.map((c) => c.amount));
    expect(two.record.components).not.toBe(one.record.components);
  });
});
