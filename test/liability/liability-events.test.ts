import { describe, expect, it } from 'vitest';
import { stageInputs } from '../../src/engine/simulate-chunk.ts';
import { compileModel } from '../../src/engine/simulation-model.ts';
import { assessImpacts } from '../../src/impacts/assess-impacts.ts';
import { generateIncidents } from '../../src/incidents/generate-incidents.ts';
import { allocateLiability } from '../../src/liability/allocate-liability.ts';
import { exposeMarket } from '../../src/market/expose-market.ts';
import type { TrialRecord } from '../../src/engine/trial-record.ts';
import { constant, expectCents, marketScenario } from '../helpers/fixed-trial.ts';
import { incidentEventsOf, marbleScheduler, trialMarkers } from '../helpers/stage-events.ts';

/**
 * The liability stage carries each month's downtime from outage to outage within a trial, so a
 * month's second outage can push its uptime below a credit tier the first did not reach; each
 * trial starts with no downtime. Flat market: the small sellers pay 100,000 a month in fees, the
 * large 41,666.67. January has 744 hours.
 */
describe('allocateLiability as an operator over trial events (marble tests)', () => {
  const outage = (name: string, at: string) => ({ type: 'outage', name, at, duration_hours: constant(0.5), scope: constant(1) });
  const model = compileModel(
    marketScenario({
      inject: [outage('first', '2027-01-10T00:00'), outage('second', '2027-01-20T00:00'), outage('march', '2027-03-10T00:00')],
      contracts: { seller_terms: { sla_tiers: [{ below: 0.999, credit: 0.1 }] } },
    }),
    1,
  );
  const input = stageInputs(model);
  const stages = [exposeMarket(input.market), generateIncidents(input.incidents), assessImpacts(input.impacts), allocateLiability(input.liability)] as const;
  const credits = (record: TrialRecord, name: string) =>
    record.allocations.filter((a) => a.component.incident.name === name && a.component.kind === 'sla_credit' && a.bearer === 'platform').map((a) => a.amount);

  it("credits the month when its downtime so far crosses a tier: at January's second outage, not its first; March's alone crosses none", () => {
    const one = trialMarkers(1);
    const two = trialMarkers(2);
    marbleScheduler().run(({ cold, expectObservable }) => {
      const output$ = cold('-s 9ms e-t 9ms f|', { s: one.start, e: one.end, t: two.start, f: two.end }).pipe(...stages);
      expectObservable(output$).toBe('-(sabc) 4ms e-(tghi) 4ms f|', {
        s: one.start,
        ...incidentEventsOf(one.record, 'abc', ['first', 'second', 'march']),
        e: one.end,
        t: two.start,
        ...incidentEventsOf(two.record, 'ghi', ['first', 'second', 'march']),
        f: two.end,
      });
    });
    for (const record of [one.record, two.record]) {
      // 0.5 h of 744: uptime 0.999328, no credit. 1 h of 744: uptime 0.998656 < 0.999: 10% of each segment's month.
      expect(credits(record, 'first')).toEqual([]);
      const [small, large] = credits(record, 'second');
      expectCents(small!, 10_000);
      expectCents(large!, 41_666.666667 * 0.1);
      expect(credits(record, 'march')).toEqual([]);
    }
  });
});
