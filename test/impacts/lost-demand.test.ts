import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/engine/simulation-model.ts';
import type { Scenario } from '../../src/scenario/schema/scenario-schema.ts';
import { constant, expectCents, expectComponents, marketScenario, runTrial, totalOf } from '../helpers/fixed-trial.ts';

/**
 * MODEL §5 and §7: the seasonal demand curve integrates to `gmv`, and an outage of d hours at t
 * loses exactly s · ∫ₜ^{t+d} r · (1 − recapture), checked by hand on Black Friday and on a quiet
 * night, through the real market → incidents → impacts stages.
 *
 * The seasonality is chosen so that every weight can be counted by hand:
 *
 *   hourly (UTC hour of day):  00–05: 0.4, 0.6, 0.2, 0.3, 0.5, 0.5   = 2.5
 *                              06–09: 1 each                          = 4
 *                              10–17: 1.5 each                        = 12
 *                              18–21: 1.25 each                       = 5
 *                              22–23: 0.75 each                       = 1.5     H = Σ hourly = 25
 *   weekday (Monday first):    1, 1, 1, 1, 1.2 (Fri), 1.4 (Sat), 0.8 (Sun)     Σ = 7.4
 *   peak:                      Black Friday, 26 November 2027, × 5
 *
 * 2027 has 365 days = 52 weeks + 1 day; it starts on a Friday, so it has 53 Fridays and 52 of
 * every other weekday. 26 November 2027 is day 329 = 47 weeks after 1 January: a Friday.
 * Total weight W = H · (52 · 7.4 + 1.2 + (5 − 1) · 1.2) = 25 · (384.8 + 1.2 + 4.8) = 25 · 390.8 = 9,770.
 * With gmv = 97,700,000 one unit of weight is worth 10,000 per hour: r(t) = 10,000 · weight(t).
 */
const HOURLY = [0.4, 0.6, 0.2, 0.3, 0.5, 0.5, 1, 1, 1, 1, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.25, 1.25, 1.25, 1.25, 0.75, 0.75];
const WEEKDAY = [1, 1, 1, 1, 1.2, 1.4, 0.8];
const PEAK_MULTIPLIER = 5;
const TOTAL_WEIGHT = 9_770;
const GMV = 97_700_000;
const RATE_PER_WEIGHT = GMV / TOTAL_WEIGHT; // 10,000

const SEASONAL_MARKET = {
  gmv: GMV,
  take_rate: 0.12,
  recapture: 0.2,
  seasonality: {
    hourly: HOURLY,
    weekday: WEEKDAY,
    peaks: [{ name: 'black-friday', date: '2027-11-26', multiplier: PEAK_MULTIPLIER }],
  },
  buyers: { accounts: 100_000 },
  sellers: [
    { name: 'small', count: 500, gmv_share: 0.4, margin: 0.3 },
    { name: 'large', count: 5, gmv_share: 0.6, margin: 0.1 },
  ],
};

/** A scenario whose only incident is one outage at `at` of `hours` hours and scope `scope`. */
function outageAt(at: string, hours: number, scope: number): Scenario {
  return marketScenario(
    {
      inject: [
        {
          type: 'outage',
          name: 'stress',
          at,
          duration_hours: constant(hours),
          scope: constant(scope),
          incident_response: constant(25_000),
        },
      ],
    },
    SEASONAL_MARKET,
  );
}

describe('the seasonal demand curve', () => {
  it('is counted right by hand: 53 Fridays in 2027, and 26 November 2027 is one of them', () => {
    // A check on the hand count above, by walking the calendar (not the demand curve).
    let weight = 0;
    for (let day = 0; day < 365; day++) {
      const date = new Date(Date.UTC(2027, 0, 1 + day));
      const mondayFirst = (date.getUTCDay() + 6) % 7;
      const peak = date.toISOString().startsWith('2027-11-26') ? PEAK_MULTIPLIER : 1;
      weight += WEEKDAY[mondayFirst]! * peak * 25;
    }
    expect(weight).toBeCloseTo(TOTAL_WEIGHT, 9);
    expect(new Date(Date.UTC(2027, 10, 26)).getUTCDay()).toBe(5); // Friday
  });

  it('integrates to gmv over the year, and runs at 10,000 × weight per hour', () => {
    const demand = compileModel(outageAt('2027-11-26T09:30', 6, 0.5), 1).market!.demand;
    expectCents(demand.integrate(0, demand.hoursInYear), GMV);
    // 10:00 on Black Friday (hour 329·24 + 10 = 7,906): 10,000 × 1.5 × 1.2 × 5 = 90,000 per hour.
    expect(demand.rateAt(7906.5)).toBeCloseTo(90_000, 6);
    // 03:00 on Tuesday 9 February (hour 39·24 + 3 = 939): 10,000 × 0.3 × 1 = 3,000 per hour.
    expect(demand.rateAt(939.5)).toBeCloseTo(3_000, 6);
    expect(RATE_PER_WEIGHT).toBe(10_000);
  });
});

describe('an outage loses s · ∫ r · (1 − recapture) through the pipeline', () => {
  it('on Black Friday, 09:30–15:30 at half scope', () => {
    // Weight-hours: ½ h of hour 09 (1) + hours 10–14 (5 × 1.5) + ½ h of hour 15 (1.5)
    //             = 0.5 + 7.5 + 0.75 = 8.75, × Friday 1.2 × peak 5 = 52.5.
    // ∫ r = 52.5 × 10,000 = 525,000; lost GMV = 0.5 × 525,000 × (1 − 0.2) = 210,000.
    const trial = runTrial(outageAt('2027-11-26T09:30', 6, 0.5));
    expect(trial.incidents).toHaveLength(1);
    expect(trial.incidents[0]!.timeHours).toBe(329 * 24 + 9.5);
    expectComponents(trial.components, [
      ['seller_lost_margin', 'sellers:small', 210_000 * 0.4 * 0.3, 'business_interruption'], // 25,200
      ['seller_lost_margin', 'sellers:large', 210_000 * 0.6 * 0.1, 'business_interruption'], // 12,600
      ['platform_lost_commission', 'platform', 210_000 * 0.12, 'business_interruption'], // 25,200
      ['incident_response', 'platform', 25_000, 'incident_response'],
    ]);
    expectCents(totalOf(trial.components), 25_200 + 12_600 + 25_200 + 25_000);
  });

  it('on a quiet night, Tuesday 9 February 02:30–05:00 at full scope', () => {
    // Weight-hours: ½ h of hour 02 (0.2) + hour 03 (0.3) + hour 04 (0.5) = 0.9, × Tuesday 1 = 0.9.
    // ∫ r = 0.9 × 10,000 = 9,000; lost GMV = 1 × 9,000 × 0.8 = 7,200.
    const trial = runTrial(outageAt('2027-02-09T02:30', 2.5, 1));
    expect(trial.incidents[0]!.timeHours).toBe(39 * 24 + 2.5);
    expectComponents(trial.components, [
      ['seller_lost_margin', 'sellers:small', 7_200 * 0.4 * 0.3, 'business_interruption'], // 864
      ['seller_lost_margin', 'sellers:large', 7_200 * 0.6 * 0.1, 'business_interruption'], // 432
      ['platform_lost_commission', 'platform', 7_200 * 0.12, 'business_interruption'], // 864
      ['incident_response', 'platform', 25_000, 'incident_response'],
    ]);
  });

  it('loses the same on Black Friday in every trial and at every seed (an injection uses no chance here)', () => {
    const scenario = outageAt('2027-11-26T09:30', 6, 0.5);
    for (const [trial, seed] of [
      [2, 1],
      [77, 1],
      [5, 99],
    ] as const) {
      const commission = runTrial(scenario, trial, seed).components.find((c) => c.kind === 'platform_lost_commission');
      expectCents(commission!.amount, 25_200);
    }
  });
});
