import { describe, expect, it } from 'vitest';
import type { DataExposureIncident } from '../../src/incidents/incident.ts';
import { constant, expectCents, expectComponents, marketScenario, runTrial, totalOf, type FixedTrial, TEST_BREACH_COSTS } from '../helpers/fixed-trial.ts';

/**
 * Data mishandling (MODEL §7): human error exposes `records` people. If the data stayed inside
 * the organisation (left_organisation 0) only the investigation is paid; if it left
 * (left_organisation 1) it is a notifiable breach like any other. On the flat market of
 * `fixed-trial.ts` (0.5 cards per account; 30% EU, 20% California, 50% elsewhere).
 */
const BREACH_COSTS = TEST_BREACH_COSTS;
const ALWAYS_LITIGATED = {
  gdpr: { fine_probability: 1, fine: constant(250_000) },
  ccpa: { filing_probability: 1, statutory_damages: constant(100) },
  other: { filing_probability: 1, settlement_per_record: constant(2) },
};

/** One mishandling of 5,000 people's data on 1 April, investigated for 15,000. */
function mishandlingTrial(fields: Record<string, unknown>): FixedTrial {
  return runTrial(
    marketScenario({
      inject: [{ type: 'data_mishandling', name: 'oops', at: '2027-04-01T09:00', records: constant(5_000), investigation: constant(15_000), ...fields }],
      breach_costs: BREACH_COSTS,
      regulation: ALWAYS_LITIGATED,
    }),
  );
}

describe('data_mishandling impacts', () => {
  it('costs only the investigation when the data did not leave the organisation', () => {
    const trial = mishandlingTrial({ left_organisation: 0 });
    expect(trial.incidents[0] as DataExposureIncident).toMatchObject({ cause: 'human_error', people: 5_000, leftOrganisation: false });
    expectComponents(trial.components, [['investigation', 'platform', 15_000, 'forensics']]);
  });

  it('books no churn when the data did not leave: nobody was told', () => {
    const trial = mishandlingTrial({ left_organisation: 0, churn: constant(0.05) });
    expectComponents(trial.components, [['investigation', 'platform', 15_000, 'forensics']]);
  });

  it("caps the people exposed at the market's accounts", () => {
    // 5,000,000 records drawn on a market of 1,000,000 accounts.
    const trial = mishandlingTrial({ left_organisation: 0, records: constant(5_000_000) });
    expect((trial.incidents[0] as DataExposureIncident).people).toBe(1_000_000);
  });

  it('is a notifiable breach when the data left: notification, PCI, fine, class actions, defence', () => {
    // 5,000 people with contact data and 0.5 cards each (the platform holds both).
    const trial = mishandlingTrial({ left_organisation: 1 });
    expect((trial.incidents[0] as DataExposureIncident).leftOrganisation).toBe(true);
    expectComponents(trial.components, [
      ['investigation', 'platform', 15_000, 'forensics'],
      ['notification', 'platform', 5_000 * 1.5, 'notification'], // 7,500
      ['pci_assessment', 'platform', 5_000 * 0.5 * 4, 'pci_assessments'], // 10,000
      ['regulatory_fine', 'platform', 250_000, 'regulatory_fines'],
      ['class_action', 'platform', 5_000 * 0.2 * 100, 'privacy_liability'], // 100,000
      ['class_action', 'platform', 5_000 * 0.5 * 2, 'privacy_liability'], // 5,000
      ['legal_defense', 'platform', 300_000, 'defense_costs'],
    ]);
    expectCents(totalOf(trial.components), 687_500);
  });

  it('at a processor: the processor pays the investigation, the platform the rest', () => {
    const trial = mishandlingTrial({ left_organisation: 1, party: 'processor', processor: 'cloud' });
    const bySufferer = new Map<string, string[]>();
    for (const c of trial.components) bySufferer.set(c.sufferer, [...(bySufferer.get(c.sufferer) ?? []), c.kind]);
    expect(bySufferer.get('processor:cloud')).toEqual(['investigation']);
    // The cloud host holds contact data only: no monitoring, no PCI.
    expect(bySufferer.get('platform')!.sort()).toEqual(['class_action', 'class_action', 'legal_defense', 'notification', 'regulatory_fine']);
  });

  it('is not notifiable when the mishandled records are encrypted', () => {
    const trial = runTrial(
      marketScenario({
        inject: [{ type: 'data_mishandling', name: 'oops', at: '2027-04-01', records: constant(5_000), investigation: constant(15_000), left_organisation: 1 }],
        breach_costs: BREACH_COSTS,
        regulation: ALWAYS_LITIGATED,
        mitigations: [{ name: 'encryption', protected_records: 1 }],
      }),
    );
    expectComponents(trial.components, [['investigation', 'platform', 15_000, 'forensics']]);
  });
});
