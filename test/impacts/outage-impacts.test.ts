import { describe, expect, it } from 'vitest';
import type { OutageIncident } from '../../src/incidents/incident.ts';
import { constant, expectCents, expectComponents, FLAT_RATE, marketScenario, runTrial, totalOf } from '../helpers/fixed-trial.ts';

/**
 * Outages (MODEL §7) on the flat market of `fixed-trial.ts` (10,000 of GMV an hour, recapture
 * 0.25, take rate 0.1; segments small 40% at margin 0.25, large 60% at margin 0.1):
 * lost GMV = s · d · 10,000 · 0.75; sellers lose margin on their share, the platform its
 * commission, and pays incident response; s·d is tallied per calendar month; churn takes its
 * share of buyers' demand for the rest of the year and lowers the demand later incidents meet.
 */

/** An outage injection with constant severity. */
function outage(name: string, at: string, hours: number, scope: number, extra: Record<string, unknown> = {}) {
  return { type: 'outage', name, at, duration_hours: constant(hours), scope: constant(scope), ...extra };
}

/** Components of lost sales of `lostGmv` on the flat market. */
function lostSales(lostGmv: number) {
  return [
    ['seller_lost_margin', 'sellers:small', lostGmv * 0.4 * 0.25, 'business_interruption'],
    ['seller_lost_margin', 'sellers:large', lostGmv * 0.6 * 0.1, 'business_interruption'],
    ['platform_lost_commission', 'platform', lostGmv * 0.1, 'business_interruption'],
  ] as [string, string, number, string][];
}

// 31 January 2027 20:00 is hour 30·24 + 20 = 740; February starts at hour 31·24 = 744.
const JANUARY_31_8PM = 740;

describe('outage impacts', () => {
  it('books lost margin, lost commission and incident response, with the cause drawn from a single-option mix', () => {
    // 10 h at scope 0.5: lost GMV = 0.5 × 10 × 10,000 × 0.75 = 37,500.
    const trial = runTrial(marketScenario({ inject: [outage('down', '2027-01-31T20:00', 10, 0.5, { incident_response: constant(40_000), causes: { ddos: 1 } })] }));
    const incident = trial.incidents[0] as OutageIncident;
    expect(incident).toMatchObject({ type: 'outage', cause: 'ddos', durationHours: 10, scope: 0.5, timeHours: JANUARY_31_8PM });
    expectComponents(trial.components, [...lostSales(37_500), ['incident_response', 'platform', 40_000, 'incident_response']]);
    // 3,750 + 2,250 + 3,750 + 40,000
    expectCents(totalOf(trial.components), 49_750);
  });

  it('tallies scope × hours of downtime per calendar month, split across a month boundary', () => {
    // 20:00 on 31 January to 06:00 on 1 February: 4 h in January, 6 h in February, at scope 0.5.
    // A second outage of 5 h at full scope on 1 March.
    const trial = runTrial(marketScenario({ inject: [outage('down', '2027-01-31T20:00', 10, 0.5), outage('again', '2027-03-01T00:00', 5, 1)] }));
    const tally = [...trial.market.state!.downtimeHoursByMonth];
    expect(tally.slice(0, 3)).toEqual([2, 3, 5]);
    expect(tally.slice(3).every((hours) => hours === 0)).toBe(true);
  });

  it('loses only the hours within the year for an outage running past its end', () => {
    // 22:00 on 31 December for 5 h: 2 h fall in the year; 2 × 10,000 × 0.75 = 15,000 lost.
    const trial = runTrial(marketScenario({ inject: [outage('late', '2027-12-31T22:00', 5, 1, { churn: constant(0.5) })] }));
    // No demand is left after the year's end, so churn then costs nothing this year.
    expectComponents(trial.components, lostSales(15_000));
    expect(trial.market.state!.downtimeHoursByMonth[11]).toBe(2);
    expect(trial.market.state!.buyerShare).toBe(0.5);
  });

  it("books churn as lost business for the rest of the year and lowers later incidents' demand", () => {
    // The first outage ends at hour 750; churn 0.1 takes 0.1 × (8,760 − 750) × 10,000 = 8,010,000
    // of GMV: sellers lose their margin on it (small 8,010,000 × 0.4 × 0.25 = 801,000, large
    // 8,010,000 × 0.6 × 0.1 = 480,600) and the platform its commission (801,000).
    // The second outage, 5 h at full scope on 1 March, meets 90% of the buyers:
    // lost GMV = 0.9 × 5 × 10,000 × 0.75 = 33,750.
    const trial = runTrial(
      marketScenario({
        inject: [outage('down', '2027-01-31T20:00', 10, 0.5, { churn: constant(0.1) }), outage('again', '2027-03-01T00:00', 5, 1)],
      }),
    );
    const rest = 0.1 * (8760 - 750) * FLAT_RATE;
    expect(rest).toBeCloseTo(8_010_000, 6);
    expectComponents(trial.components, [
      ...lostSales(37_500),
      ['lost_business', 'sellers:small', rest * 0.4 * 0.25, 'lost_business'],
      ['lost_business', 'sellers:large', rest * 0.6 * 0.1, 'lost_business'],
      ['lost_business', 'platform', rest * 0.1, 'lost_business'],
      ...lostSales(33_750),
    ]);
    expectCents(totalOf(trial.components), 3_750 + 2_250 + 3_750 + 801_000 + 480_600 + 801_000 + 3_375 + 2_025 + 3_375);
    expect(trial.market.state!.buyerShare).toBeCloseTo(0.9, 15);
  });

  it('compounds churn: the second churn takes its share of the buyers left', () => {
    // Churn 0.5 at the end of each of two 1 h outages (ending at hours 1 and 4,381).
    // First: 0.5 × 8,759 h × 10,000 = 43,795,000 lost; second: 0.5 × 0.5 × 4,379 h × 10,000 = 10,947,500.
    const trial = runTrial(
      marketScenario({
        inject: [outage('first', '2027-01-01T00:00', 1, 1, { churn: constant(0.5) }), outage('second', '2027-07-02T12:00', 1, 1, { churn: constant(0.5) })],
      }),
    );
    const platformLostBusiness = trial.components.filter((c) => c.kind === 'lost_business' && c.sufferer === 'platform').map((c) => c.amount);
    expect(platformLostBusiness).toHaveLength(2);
    expectCents(platformLostBusiness[0]!, 4_379_500);
    expectCents(platformLostBusiness[1]!, 1_094_750);
    expect(trial.market.state!.buyerShare).toBe(0.25);
    // The second outage (hour 4,380, 1 h) meets half the buyers: 0.5 × 10,000 × 0.75 = 3,750 lost.
    const secondCommission = trial.components.find((c) => c.kind === 'platform_lost_commission' && c.incident.name === 'second');
    expectCents(secondCommission!.amount, 375);
  });
});
