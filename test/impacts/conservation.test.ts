import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { incidentId } from '../../src/incidents/incident.ts';
import { constant, expectCents, marketScenario, runTrial, totalOf } from '../helpers/fixed-trial.ts';

/**
 * Conservation of ground-up loss: the components of a trial add up to the hand-computed cost of
 * each incident, and splitting a loss across segments neither creates nor loses money.
 * Flat market of `fixed-trial.ts`: 10,000 an hour, recapture 0.25, take rate 0.1; segments small
 * (40%, margin 0.25) and large (60%, margin 0.1), so each unit of lost GMV costs
 * 0.4 × 0.25 + 0.6 × 0.1 + 0.1 = 0.26 in margin and commission.
 */
const LOSS_PER_LOST_GMV = 0.4 * 0.25 + 0.6 * 0.1 + 0.1;

const BREACH_COSTS = {
  forensics_fixed: 40_000,
  forensics_per_day: 3_000,
  notification_per_record: 1.5,
  credit_monitoring_per_record: 12,
  credit_monitoring_uptake: 0.2,
  pci_per_card: 4,
};

describe('conservation of loss', () => {
  it('adds up, incident by incident, in a year with one incident of every type', () => {
    const trial = runTrial(
      marketScenario({
        inject: [
          { type: 'outage', name: 'outage', at: '2027-01-31T20:00', duration_hours: constant(10), scope: constant(0.5), incident_response: constant(40_000) },
          {
            type: 'third_party_outage',
            name: 'provider',
            provider: 'cloud',
            at: '2027-05-01T12:00',
            duration_hours: constant(8),
            scope: constant(0.25),
            incident_response: constant(12_000),
          },
          {
            type: 'bug',
            name: 'bug',
            at: '2027-03-01T00:00',
            origin: 'platform',
            error: 'overcharge',
            window_hours: constant(5),
            share: constant(0.2),
            price_error: constant(0.1),
            handling_fee: 2,
            remediation: constant(30_000),
          },
          { type: 'breach', name: 'breach', target: 'platform', at: '2027-06-01', exposed_share: constant(0.1), days_to_contain: constant(20) },
          { type: 'data_mishandling', name: 'mishandling', at: '2027-07-01', records: constant(5_000), left_organisation: 0, investigation: constant(15_000) },
          { type: 'seller_misconduct', name: 'misconduct', kind: 'misdescribed', at: '2027-08-01', orders: constant(40), order_value: constant(75) },
          { type: 'loss_event', name: 'loss', at: '2027-09-01', loss: constant(100_000), bearer: 'sellers' },
        ],
        breach_costs: BREACH_COSTS,
        regulation: { gdpr: { fine_probability: 0 } },
      }),
    );
    const expected: Record<string, number> = {
      // 0.5 × 10 h × 10,000 × 0.75 = 37,500 lost × 0.26 + 40,000 response
      'outage#1': 37_500 * LOSS_PER_LOST_GMV + 40_000, // 49,750
      // 0.25 × 8 h × 10,000 × 0.75 = 15,000 lost × 0.26 + 12,000 response
      'provider#1': 15_000 * LOSS_PER_LOST_GMV + 12_000, // 15,900
      // overcharge 1,000 + refund handling 400 + remediation 30,000
      'bug#1': 31_400,
      // forensics 100,000 + notification 150,000 + PCI 200,000 (cards get no credit monitoring)
      'breach#1': 450_000,
      'mishandling#1': 15_000,
      'misconduct#1': 3_000,
      'loss#1': 100_000,
    };
    const byIncident = new Map<string, number>();
    for (const component of trial.components) {
      const id = incidentId(component.incident);
      byIncident.set(id, (byIncident.get(id) ?? 0) + component.amount);
    }
    expect([...byIncident.keys()].sort()).toEqual(Object.keys(expected).sort());
    for (const [id, amount] of Object.entries(expected)) expectCents(byIncident.get(id)!, amount);
    expectCents(totalOf(trial.components), 665_050);
    expect(trial.components.every((component) => component.amount > 0)).toBe(true);
  });

  it('books an outage anywhere in the year at s · hours within the year · 10,000 · 0.75 · 0.26 plus its response', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 8759 }),
        fc.integer({ min: 0, max: 59 }),
        fc.double({ min: 0.25, max: 72, noNaN: true }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        (hour, minute, durationHours, scope, response) => {
          const at = new Date(Date.UTC(2027, 0, 1, hour, minute)).toISOString().slice(0, 16);
          const trial = runTrial(
            marketScenario({
              inject: [{ type: 'outage', name: 'down', at, duration_hours: constant(durationHours), scope: constant(scope), incident_response: constant(response) }],
            }),
          );
          const start = hour + minute / 60;
          const lostGmv = scope * (Math.min(start + durationHours, 8760) - start) * 10_000 * 0.75;
          expect(Math.abs(totalOf(trial.components) - (lostGmv * LOSS_PER_LOST_GMV + response))).toBeLessThanOrEqual(0.005);
          const downtime = trial.market.state!.downtimeHoursByMonth.reduce((a, b) => a + b, 0);
          expect(downtime).toBeCloseTo(scope * (Math.min(start + durationHours, 8760) - start), 9);
        },
      ),
      { numRuns: 60, seed: 20_270_101 },
    );
  });
});
