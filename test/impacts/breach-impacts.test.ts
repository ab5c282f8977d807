import { describe, expect, it } from 'vitest';
import type { DataExposureIncident } from '../../src/incidents/incident.ts';
import { constant, expectCents, expectComponents, FLAT_MARKET, marketScenario, runTrial, totalOf, type FixedTrial, TEST_BREACH_COSTS } from '../helpers/fixed-trial.ts';

/**
 * Breaches (MODEL §7) on the flat market of `fixed-trial.ts`: 1,000,000 buyer accounts with one
 * contact record and 0.5 payment cards each, 30% in the EU, 20% in California, 50% elsewhere;
 * platform turnover 10,460,000; processors `payments` (cards) and `cloud` (contact data).
 *
 * Every draw is made certain: constant severities, a single attack vector, fine and filing
 * probabilities of 0 or 1. Unit costs differ from the defaults so that the test reads them.
 */
const BREACH_COSTS = TEST_BREACH_COSTS;

/** Regulators and courts that always act: a fine of `fine` (capped), CCPA 100 per person, 2 per record elsewhere. */
function alwaysLitigated(fine = 50_000_000, gdpr: Record<string, unknown> = {}) {
  return {
    gdpr: { fine_probability: 1, fine: constant(fine), ceiling_minimum: 20_000_000, ceiling_turnover_share: 0.04, ...gdpr },
    ccpa: { filing_probability: 1, statutory_damages: constant(100) },
    other: { filing_probability: 1, settlement_per_record: constant(2) },
  };
}

const NEVER_LITIGATED = {
  gdpr: { fine_probability: 0, fine: constant(50_000_000) },
  ccpa: { filing_probability: 0, statutory_damages: constant(100) },
  other: { filing_probability: 0, settlement_per_record: constant(2) },
};

/** One breach injection on 1 June, 20 days to contain, with the regulation given. */
function breachTrial(fields: Record<string, unknown>, regulation: Record<string, unknown> = alwaysLitigated(), extra: Record<string, unknown> = {}): FixedTrial {
  return runTrial(
    marketScenario({
      inject: [
        {
          type: 'breach',
          name: 'hack',
          at: '2027-06-01T00:00',
          exposed_share: constant(0.1),
          days_to_contain: constant(20),
          vectors: { insider: 1 },
          ...fields,
        },
      ],
      breach_costs: BREACH_COSTS,
      regulation,
      ...extra,
    }),
  );
}

// Forensics: 40,000 + 20 days × 3,000 = 100,000.
const FORENSICS = 100_000;

describe('breach at the platform', () => {
  it('books every component of MODEL §7 for 100,000 exposed people with cards, all litigated', () => {
    // 10% of 1,000,000 accounts = 100,000 people, holding contact data and 0.5 cards each.
    const trial = breachTrial({ target: 'platform' });
    expect(trial.incidents[0] as DataExposureIncident).toMatchObject({
      party: 'platform',
      cause: 'insider',
      people: 100_000,
      dataClasses: ['contact', 'payment_card'],
      leftOrganisation: true,
    });
    expectComponents(trial.components, [
      ['forensics', 'platform', FORENSICS, 'forensics'],
      ['notification', 'platform', 100_000 * 1.5, 'notification'], // 150,000
      // No credit monitoring: cards are reissued (the PCI cost); monitoring is for ids and health data.
      ['pci_assessment', 'platform', 100_000 * 0.5 * 4, 'pci_assessments'], // 50,000 cards: 200,000
      // min(50M, max(20M, 4% × 10,460,000 = 418,400)) = 20M
      ['regulatory_fine', 'platform', 20_000_000, 'regulatory_fines'],
      ['class_action', 'platform', 100_000 * 0.2 * 100, 'privacy_liability'], // CCPA: 2,000,000
      ['class_action', 'platform', 100_000 * 0.5 * 2, 'privacy_liability'], // elsewhere: 100,000
      ['legal_defense', 'platform', 300_000, 'defense_costs'],
    ]);
    expectCents(totalOf(trial.components), 22_850_000);
  });

  it('caps the GDPR fine at 4% of turnover when that exceeds the fixed minimum', () => {
    // Turnover 1,000,000,000: ceiling max(20M, 40M) = 40M < the 50M drawn.
    const market = { ...FLAT_MARKET, platform: { ...FLAT_MARKET.platform, annual_turnover: 1_000_000_000 } };
    const trial = runTrial(
      marketScenario(
        {
          inject: [{ type: 'breach', name: 'hack', target: 'platform', at: '2027-06-01', exposed_share: constant(0.1), days_to_contain: constant(20) }],
          breach_costs: BREACH_COSTS,
          regulation: alwaysLitigated(),
        },
        market,
      ),
    );
    expectCents(trial.components.find((c) => c.kind === 'regulatory_fine')!.amount, 40_000_000);
  });

  it('keeps a fine below the ceiling as drawn', () => {
    const trial = breachTrial({ target: 'platform' }, alwaysLitigated(5_000_000));
    expectCents(trial.components.find((c) => c.kind === 'regulatory_fine')!.amount, 5_000_000);
  });

  it('books no fine without EU buyers, even when fines are certain', () => {
    const market = { ...FLAT_MARKET, buyers: { ...FLAT_MARKET.buyers, jurisdictions: { eu: 0, california: 0, other: 1 } } };
    const trial = runTrial(
      marketScenario(
        {
          inject: [{ type: 'breach', name: 'hack', target: 'platform', at: '2027-06-01', exposed_share: constant(0.1), days_to_contain: constant(20) }],
          breach_costs: BREACH_COSTS,
          regulation: { ...alwaysLitigated(), other: { filing_probability: 0 } },
        },
        market,
      ),
    );
    expect(trial.components.map((c) => c.kind).sort()).toEqual(['forensics', 'notification', 'pci_assessment']);
  });

  it('draws CCPA statutory damages of $100–$750 per California person by default', () => {
    // 100,000 notified × 20% in California = 20,000 consumers.
    const regulation = { ...NEVER_LITIGATED, ccpa: { filing_probability: 1 } };
    const perConsumer = [1, 2, 3, 4, 5, 6, 7, 8].map((trial) => {
      const scenario = marketScenario({
        inject: [{ type: 'breach', name: 'hack', target: 'platform', at: '2027-06-01', exposed_share: constant(0.1), days_to_contain: constant(20) }],
        breach_costs: BREACH_COSTS,
        regulation,
      });
      return runTrial(scenario, trial).components.find((c) => c.kind === 'class_action')!.amount / 20_000;
    });
    for (const damages of perConsumer) {
      expect(damages).toBeGreaterThanOrEqual(100);
      expect(damages).toBeLessThanOrEqual(750);
    }
    expect(new Set(perConsumer).size).toBe(perConsumer.length); // drawn, not fixed
  });

  it('books legal defence only when a fine or a class action follows', () => {
    const trial = breachTrial({ target: 'platform' }, NEVER_LITIGATED);
    expectComponents(trial.components, [
      ['forensics', 'platform', FORENSICS, 'forensics'],
      ['notification', 'platform', 150_000, 'notification'],
      ['pci_assessment', 'platform', 200_000, 'pci_assessments'],
    ]);
    // One action alone (elsewhere) brings the defence with it.
    const one = breachTrial({ target: 'platform' }, { ...NEVER_LITIGATED, other: { filing_probability: 1, settlement_per_record: constant(2) } });
    expect(one.components.filter((c) => c.kind === 'legal_defense' || c.kind === 'class_action').map((c) => [c.kind, c.amount])).toEqual([
      ['class_action', 100_000],
      ['legal_defense', 300_000],
    ]);
  });

  it('books credit monitoring only for government ids or health data, and PCI only for cards', () => {
    const kinds = (dataClasses: string[]) =>
      breachTrial({ target: 'platform', data_classes: dataClasses }, NEVER_LITIGATED)
        .components.map((c) => c.kind)
        .sort();
    expect(kinds(['contact'])).toEqual(['forensics', 'notification']);
    expect(kinds(['contact', 'credentials'])).toEqual(['forensics', 'notification']);
    expect(kinds(['payment_card'])).toEqual(['forensics', 'notification', 'pci_assessment']);
    // The flat market holds no government ids or health data: exposing those classes reaches nobody.
    expect(kinds(['government_id'])).toEqual(['forensics']);
    expect(kinds(['health'])).toEqual(['forensics']);
  });

  it('books credit monitoring for government ids and health data the market holds', () => {
    const market = { ...FLAT_MARKET, buyers: { ...FLAT_MARKET.buyers, records_per_account: { contact: 1, government_id: 0.2, health: 0.1 } } };
    for (const dataClass of ['government_id', 'health']) {
      const trial = runTrial(
        marketScenario(
          {
            inject: [{ type: 'breach', name: 'hack', at: '2027-06-01T00:00', target: 'platform', exposed_share: constant(0.1), days_to_contain: constant(20), data_classes: [dataClass] }],
            breach_costs: BREACH_COSTS,
            regulation: NEVER_LITIGATED,
          },
          market,
        ),
      );
      expect(trial.components.map((c) => c.kind).sort()).toEqual(['credit_monitoring', 'forensics', 'notification']);
    }
  });

  it('draws the vector from the mix, single-option mixes being certain', () => {
    const trial = breachTrial({ target: 'platform', vectors: { credential_stuffing: 3 } }, NEVER_LITIGATED);
    expect((trial.incidents[0] as DataExposureIncident).cause).toBe('credential_stuffing');
    // Without a mix, every breach is phishing.
    const plain = breachTrial({ target: 'platform', vectors: undefined }, NEVER_LITIGATED);
    expect((plain.incidents[0] as DataExposureIncident).cause).toBe('phishing');
  });
});

describe('breach at a processor', () => {
  it('makes the processor pay forensics and the platform, as controller, the rest; only its data classes are exposed', () => {
    // The payment processor holds cards only, of the half of the 1,000,000 buyers who have one:
    // 10% of those 500,000 card holders = 50,000 people, one card each.
    const trial = breachTrial({ target: 'processor', processor: 'payments' });
    expect(trial.incidents[0] as DataExposureIncident).toMatchObject({ party: 'processor', processor: 'payments', dataClasses: ['payment_card'], people: 50_000 });
    expectComponents(trial.components, [
      ['forensics', 'processor:payments', FORENSICS, 'forensics'],
      ['notification', 'platform', 50_000 * 1.5, 'notification'], // 75,000
      ['pci_assessment', 'platform', 50_000 * 1 * 4, 'pci_assessments'], // 200,000
      ['regulatory_fine', 'platform', 20_000_000, 'regulatory_fines'],
      ['class_action', 'platform', 50_000 * 0.2 * 100, 'privacy_liability'], // 1,000,000
      ['class_action', 'platform', 50_000 * 0.5 * 2, 'privacy_liability'], // 50,000
      ['legal_defense', 'platform', 300_000, 'defense_costs'],
    ]);
  });

  it('exposes no cards at a processor that holds only contact data', () => {
    const trial = breachTrial({ target: 'processor', processor: 'cloud' }, NEVER_LITIGATED);
    expect((trial.incidents[0] as DataExposureIncident).dataClasses).toEqual(['contact']);
    expectComponents(trial.components, [
      ['forensics', 'processor:cloud', FORENSICS, 'forensics'],
      ['notification', 'platform', 150_000, 'notification'],
    ]);
  });
});

describe('breach at a seller', () => {
  it("exposes one seller's buyers and makes its segment pay, as controller", () => {
    // One small seller's buyers: 1,000,000 × 0.4 / 1,000 = 400; half exposed = 200 people, contact data.
    // Fine 10,000 (under the 20M ceiling); CCPA 200 × 0.2 × 100 = 4,000; elsewhere 200 × 0.5 × 2 = 200.
    const trial = breachTrial({ target: 'seller', segment: 'small', exposed_share: constant(0.5) }, alwaysLitigated(10_000));
    expect(trial.incidents[0] as DataExposureIncident).toMatchObject({ party: 'seller', segment: 'small', people: 200, dataClasses: ['contact'] });
    expectComponents(trial.components, [
      ['forensics', 'sellers:small', FORENSICS, 'forensics'],
      ['notification', 'sellers:small', 300, 'notification'],
      ['regulatory_fine', 'sellers:small', 10_000, 'regulatory_fines'],
      ['class_action', 'sellers:small', 4_000, 'privacy_liability'],
      ['class_action', 'sellers:small', 200, 'privacy_liability'],
      ['legal_defense', 'sellers:small', 300_000, 'defense_costs'],
    ]);
  });

  it("caps a seller's fine at 4% of the seller's own turnover (its GMV) when the fixed minimum is 0", () => {
    // One small seller's GMV: 87,600,000 × 0.4 / 1,000 = 35,040; 4% = 1,401.60.
    const trial = breachTrial({ target: 'seller', segment: 'small', exposed_share: constant(0.5) }, alwaysLitigated(10_000, { ceiling_minimum: 0 }));
    expectCents(trial.components.find((c) => c.kind === 'regulatory_fine')!.amount, 1_401.6);
  });
});

describe('encrypted (protected) records', () => {
  it('leave only forensics: no notification, monitoring, PCI, fines, class actions or defence', () => {
    const trial = breachTrial({ target: 'platform' }, alwaysLitigated(), { mitigations: [{ name: 'encryption', protected_records: 1 }] });
    expect((trial.incidents[0] as DataExposureIncident).protectedShare).toBe(1);
    expectComponents(trial.components, [['forensics', 'platform', FORENSICS, 'forensics']]);
  });

  it('also at a processor: its forensics stay, the controller pays nothing', () => {
    const trial = breachTrial({ target: 'processor', processor: 'payments' }, alwaysLitigated(), {
      mitigations: [{ name: 'encryption', applies_to: ['hack'], protected_records: 1 }],
    });
    expectComponents(trial.components, [['forensics', 'processor:payments', FORENSICS, 'forensics']]);
  });

  it('scale per-record costs by the unprotected share when half are protected', () => {
    // 50,000 people notified; the fine is one fine, not per record.
    const trial = breachTrial({ target: 'platform' }, alwaysLitigated(), { mitigations: [{ name: 'encryption', protected_records: 0.5 }] });
    expectComponents(trial.components, [
      ['forensics', 'platform', FORENSICS, 'forensics'],
      ['notification', 'platform', 75_000, 'notification'],
      ['pci_assessment', 'platform', 100_000, 'pci_assessments'],
      ['regulatory_fine', 'platform', 20_000_000, 'regulatory_fines'],
      ['class_action', 'platform', 1_000_000, 'privacy_liability'],
      ['class_action', 'platform', 50_000, 'privacy_liability'],
      ['legal_defense', 'platform', 300_000, 'defense_costs'],
    ]);
  });
});

describe('churn after a breach', () => {
  it('books lost business from the breach onwards', () => {
    // 1 June 00:00 is hour 151 × 24 = 3,624; churn 0.02 of (8,760 − 3,624) × 10,000 = 1,027,200.
    const trial = breachTrial({ target: 'platform', data_classes: ['contact'], churn: constant(0.02) }, NEVER_LITIGATED);
    const lost = 0.02 * (8760 - 3624) * 10_000;
    expectComponents(trial.components, [
      ['forensics', 'platform', FORENSICS, 'forensics'],
      ['notification', 'platform', 150_000, 'notification'],
      ['lost_business', 'sellers:small', lost * 0.4 * 0.25, 'lost_business'],
      ['lost_business', 'sellers:large', lost * 0.6 * 0.1, 'lost_business'],
      ['lost_business', 'platform', lost * 0.1, 'lost_business'],
    ]);
    expect(trial.market.state!.buyerShare).toBeCloseTo(0.98, 15);
  });
});
