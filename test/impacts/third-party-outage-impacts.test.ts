import { describe, expect, it } from 'vitest';
import type { OutageIncident } from '../../src/incidents/incident.ts';
import { constant, expectComponents, marketScenario, runTrial } from '../helpers/fixed-trial.ts';

/**
 * A third-party outage (MODEL §6–7) costs the market what a platform outage of the same duration
 * and scope would: lost margin, lost commission, incident response and downtime; it names the
 * provider that failed (who is at fault is the liability stage's business).
 */
describe('third_party_outage impacts', () => {
  it('books the same components as an outage and names the failed provider as its cause', () => {
    // 8 h from 1 May 12:00 at scope 0.25: lost GMV = 0.25 × 8 × 10,000 × 0.75 = 15,000.
    const trial = runTrial(
      marketScenario({
        inject: [
          {
            type: 'third_party_outage',
            name: 'cloud-down',
            provider: 'cloud',
            at: '2027-05-01T12:00',
            duration_hours: constant(8),
            scope: constant(0.25),
            incident_response: constant(12_000),
          },
        ],
      }),
    );
    expect(trial.incidents[0] as OutageIncident).toMatchObject({ type: 'third_party_outage', provider: 'cloud', cause: 'cloud' });
    expectComponents(trial.components, [
      ['seller_lost_margin', 'sellers:small', 15_000 * 0.4 * 0.25, 'business_interruption'], // 1,500
      ['seller_lost_margin', 'sellers:large', 15_000 * 0.6 * 0.1, 'business_interruption'], // 900
      ['platform_lost_commission', 'platform', 15_000 * 0.1, 'business_interruption'], // 1,500
      ['incident_response', 'platform', 12_000, 'incident_response'],
    ]);
    // May is month index 4: 0.25 × 8 = 2 hours of downtime.
    expect(trial.market.state!.downtimeHoursByMonth[4]).toBe(2);
  });
});
