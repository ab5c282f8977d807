import { describe, expect, it } from 'vitest';
import { simulateTrial } from '../../src/engine/simulate-chunk.ts';
import { compileModel } from '../../src/engine/simulation-model.ts';
import { yearEvents } from '../../src/engine/year-events.ts';
import { explainYear } from '../../src/report/explain-year.ts';
import { explanationText } from '../../src/report/explain-text.ts';
import { constant, marketScenario } from '../helpers/fixed-trial.ts';

/**
 * A year as its typed event streams merged in virtual time. Flat market (10,000 of GMV an hour,
 * 2027): an outage of 10 h at full scope on 1 March 00:00 (hour 1,416) with churn 0.1, and a
 * cyber policy paying the platform's lost sales above nothing.
 */
describe('yearEvents', () => {
  const scenario = marketScenario({
    inject: [{ type: 'outage', name: 'down', at: '2027-03-01T00:00', duration_hours: constant(10), scope: constant(1), churn: constant(0.1) }],
    contracts: { seller_terms: { sla_tiers: [{ below: 0.999, credit: 0.1 }] } },
    insurance: { policies: [{ name: 'bi', insured: 'platform', covers: ['business_interruption'], limit: 1_000_000, aggregate_limit: 1_000_000 }] },
  });
  const model = compileModel(scenario, 1);
  const record = simulateTrial(model, 1);
  const events = yearEvents(model, record);
  const at = (hours: number) => events.filter((event) => event.timeHours === hours).map((event) => `${event.stream}:${event.kind}`);

  it('shows the platform go down, demand fall, and the incident begin, in stream priority at the same hour', () => {
    // 1 March 00:00 also opens the month: demand's own events keep their order (the month, then the fall).
    expect(at(1416)).toEqual(['platform:down', 'demand:month', 'demand:fell', 'incidents:began']);
  });

  it('shows the platform come back, buyers leave, claims settle and the insurer pay when the outage is over', () => {
    expect(at(1426)).toEqual(['platform:up', 'demand:back', 'incidents:over', 'buyers:churn', 'claims:settled', 'claims:settled', 'insurance:paid']);
    const churn = events.find((event) => event.stream === 'buyers')!;
    expect(churn).toMatchObject({ share: 0.1, buyersLeft: 0.9, incident: 1 });
    const paid = events.find((event) => event.stream === 'insurance')!;
    expect(paid).toMatchObject({ policy: 'bi', insured: 'platform', incident: 1 });
    expect(paid.stream === 'insurance' && paid.amount).toBe(record.recoveries[0]!.amount);
  });

  it('opens every calendar month with its demand, in time order throughout', () => {
    const months = events.filter((event) => event.stream === 'demand' && event.kind === 'month');
    expect(months).toHaveLength(12);
    expect(months.reduce((sum, month) => sum + (month.stream === 'demand' ? month.gmv! : 0), 0)).toBeCloseTo(87_600_000, 4);
    expect(events.map((event) => event.timeHours)).toEqual([...events.map((event) => event.timeHours)].sort((a, b) => a - b));
  });

  it('is in explain: the JSON lists the events with timestamps, the text tells them in order', () => {
    const explanation = explainYear(record, { model, seed: 1, selection: { method: 'given' } });
    expect(explanation.events).toHaveLength(events.length);
    expect(explanation.events.find((event) => event.stream === 'platform')).toEqual({ time: '2027-03-01T00:00:00Z', stream: 'platform', kind: 'down', system: 'platform', scope: 1, incident: 1 });
    const text = explanationText(explanation);
    expect(text).toContain('2027-03-01 00:00:00 UTC  platform   platform down: all traffic lost (incident 1)');
    expect(text).toContain("2027-03-01 10:00:00 UTC  buyers     10% of the remaining buyers leave (incident 1); 90% of the year's buyers are left");
    expect(text.indexOf('platform down')).toBeLessThan(text.indexOf('platform up again'));
  });
});
