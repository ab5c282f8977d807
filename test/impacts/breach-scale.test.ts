import { describe, expect, it } from 'vitest';
import { scaledBreachCost } from '../../src/impacts/scaled-breach-cost.ts';
import { constant, expectCents, expectComponents, FLAT_MARKET, marketScenario, runTrial, TEST_BREACH_COSTS, type FixedTrial } from '../helpers/fixed-trial.ts';

/**
 * Sublinear breach costs, card-network claims and data subjects' own costs (MODEL §13) on the
 * flat market of `fixed-trial.ts`: 1,000,000 accounts with one contact record and 0.5 cards
 * each; 30% EU, 20% California, 50% elsewhere. A platform breach exposing 10% notifies 100,000
 * people holding 50,000 cards. Unit costs (TEST_BREACH_COSTS): notification 1.5, monitoring 12
 * at uptake 0.2, PCI 4 per card, forensics 40,000 + 20 days × 3,000 = 100,000.
 */
const NO_LITIGATION = { gdpr: { fine_probability: 0 }, ccpa: { filing_probability: 0 }, other: { filing_probability: 0 } };

function breach(share: number, costs: Record<string, unknown> = {}, extra: Record<string, unknown> = {}, market: Record<string, unknown> = FLAT_MARKET): FixedTrial {
  return runTrial(
    marketScenario(
      {
        inject: [{ type: 'breach', name: 'hack', target: 'platform', at: '2027-06-01', exposed_share: constant(share), days_to_contain: constant(20), vectors: { insider: 1 } }],
        breach_costs: { ...TEST_BREACH_COSTS, ...costs },
        regulation: NO_LITIGATION,
        ...extra,
      },
      market,
    ),
  );
}

const amountOf = (trial: FixedTrial, kind: string) => trial.components.filter((c) => c.kind === kind).reduce((sum, c) => sum + c.amount, 0);

describe('sublinear breach costs: rate · n0 · (n / n0)^b', () => {
  it('gives the flat rate per record, to the bit, with exponents of 1 written out', () => {
    const flat = breach(0.1);
    const written = breach(0.1, { notification_exponent: 1, credit_monitoring_exponent: 1, pci_exponent: 1, forensics_exponent: 1, scale_reference_records: 5000 });
    // notification 100,000 × 1.5 = 150,000; PCI 50,000 × 4 = 200,000; forensics 100,000.
    expect(written.components.map((c) => [c.kind, c.amount])).toEqual(flat.components.map((c) => [c.kind, c.amount]));
    expect(amountOf(flat, 'notification')).toBe(150_000);
    expect(amountOf(flat, 'pci_assessment')).toBe(200_000);
  });

  it('grows by (n2 / n1)^b between two breach sizes', () => {
    const costs = { notification_exponent: 0.5, pci_exponent: 0.5 };
    const small = breach(0.1, costs); // 100,000 notified: 1.5 × 100,000^0.5 = 1.5 × 316.2278 = 474.34
    const large = breach(0.4, costs); // 400,000 notified: 1.5 × 632.4555 = 948.68
    expectCents(amountOf(small, 'notification'), 1.5 * Math.sqrt(100_000));
    expectCents(amountOf(small, 'notification'), 474.34);
    expectCents(amountOf(large, 'notification'), 948.68);
    // Four times the people, 4^0.5 = 2 times the cost (a flat rate would give 4 times).
    expect(amountOf(large, 'notification') / amountOf(small, 'notification')).toBeCloseTo(2, 12);
    // PCI: 50,000 cards: 4 × 223.607 = 894.43; 200,000 cards: 4 × 447.214 = 1,788.85.
    expectCents(amountOf(small, 'pci_assessment'), 894.43);
    expectCents(amountOf(large, 'pci_assessment'), 1_788.85);
  });

  it('holds the rate at the reference size n0 and scales from there', () => {
    // n0 = 10,000: 1.5 × 10,000 × (100,000 / 10,000)^0.5 = 15,000 × 3.16228 = 47,434.16.
    const trial = breach(0.1, { notification_exponent: 0.5, scale_reference_records: 10_000 });
    expectCents(amountOf(trial, 'notification'), 47_434.16);
    // At exactly n0 people the flat rate holds: 1% = 10,000 people × 1.5 = 15,000.
    expectCents(amountOf(breach(0.01, { notification_exponent: 0.5, scale_reference_records: 10_000 }), 'notification'), 15_000);
  });

  it('scales credit monitoring on the enrolled people and adds per-record forensics', () => {
    const market = { ...FLAT_MARKET, buyers: { ...FLAT_MARKET.buyers, records_per_account: { contact: 1, government_id: 1 } } };
    const trial = breach(0.1, { credit_monitoring_exponent: 0.5, forensics_per_record: 2, forensics_exponent: 0.5 }, {}, market);
    // 100,000 notified, all with an id: 20,000 enrolled; 12 × 20,000^0.5 = 12 × 141.4214 = 1,697.06.
    // forensics 100,000 + 2 × 100,000^0.5 = 100,000 + 632.46 = 100,632.46.
    expectComponents(trial.components, [
      ['forensics', 'platform', 100_632.46, 'forensics'],
      ['notification', 'platform', 150_000, 'notification'],
      ['credit_monitoring', 'platform', 1_697.06, 'credit_monitoring'],
    ]);
  });

  it('is the rate times n when b = 1 and a · n^b otherwise', () => {
    expect(scaledBreachCost(13.7, 27_000, undefined, undefined)).toBe(27_000 * 13.7);
    // DBIR 2015 elasticity 0.42 at n0 = 27,000: 10× the records costs 10^0.42 = 2.63× as much.
    expect(scaledBreachCost(13.7, 270_000, 0.42, 27_000) / scaledBreachCost(13.7, 27_000, 0.42, 27_000)).toBeCloseTo(10 ** 0.42, 12);
  });
});

describe('card-network claims', () => {
  it('books reissue and counterfeit fraud per exposed card as the card issuers’ losses, tagged pci_assessments', () => {
    const trial = breach(0.1, { card_reissue_per_card: 5, card_fraud_rate: 0.1, card_fraud_per_card: 200 });
    // 50,000 cards × 5 = 250,000; 50,000 × 0.1 × 200 = 1,000,000.
    expectComponents(trial.components, [
      ['forensics', 'platform', 100_000, 'forensics'],
      ['notification', 'platform', 150_000, 'notification'],
      ['pci_assessment', 'platform', 200_000, 'pci_assessments'],
      ['card_reissue_claim', 'card_issuers', 250_000, 'pci_assessments'],
      ['card_fraud_claim', 'card_issuers', 1_000_000, 'pci_assessments'],
    ]);
  });

  it('books none without cards among the exposed classes', () => {
    const trial = runTrial(
      marketScenario({
        inject: [{ type: 'breach', name: 'hack', target: 'platform', at: '2027-06-01', exposed_share: constant(0.1), days_to_contain: constant(20), data_classes: ['contact'] }],
        breach_costs: { ...TEST_BREACH_COSTS, card_reissue_per_card: 5, card_fraud_rate: 0.1, card_fraud_per_card: 200 },
        regulation: NO_LITIGATION,
      }),
    );
    expect(trial.components.map((c) => c.kind).sort()).toEqual(['forensics', 'notification']);
  });
});

describe("data subjects' own costs", () => {
  const OWN = { data_subject_costs: { contact: constant(2), payment_card: constant(10) } };

  it('books per notified person holding each class, on buyers, uninsured', () => {
    // contact: 100,000 × 2 = 200,000; cards: 100,000 × min(1, 0.5 / 1) = 50,000 people × 10 = 500,000.
    const trial = breach(0.1, OWN);
    expectCents(amountOf(trial, 'data_subject_costs'), 700_000);
    expect(trial.components.find((c) => c.kind === 'data_subject_costs')).toMatchObject({ sufferer: 'buyers', coverage: 'uninsured' });
  });

  it('is reduced by what class actions pay the buyers, and never below 0', () => {
    // Elsewhere: 100,000 × 50% × 2 = 100,000 paid to the class: 700,000 − 100,000 = 600,000.
    const settled = breach(0.1, OWN, { regulation: { ...NO_LITIGATION, other: { filing_probability: 1, settlement_per_record: constant(2) } } });
    expectCents(amountOf(settled, 'class_action'), 100_000);
    expectCents(amountOf(settled, 'data_subject_costs'), 600_000);
    // CCPA: 100,000 × 20% × 100 = 2,000,000 > 700,000: the buyers' own costs are covered in full.
    const statutory = breach(0.1, OWN, { regulation: { ...NO_LITIGATION, ccpa: { filing_probability: 1, statutory_damages: constant(100) } } });
    expectCents(amountOf(statutory, 'class_action'), 2_000_000);
    expect(amountOf(statutory, 'data_subject_costs')).toBe(0);
  });

  it('draws nothing and books nothing for a class the market holds no records of', () => {
    const trial = breach(0.1, { data_subject_costs: { government_id: constant(50) } });
    expect(amountOf(trial, 'data_subject_costs')).toBe(0);
  });
});

describe('common random numbers of the optional mechanisms', () => {
  /** A recurring platform breach drawn from lognormal shares, so its candidates' sizes are draws. */
  function recurring(extra: Record<string, unknown>, trial: number): FixedTrial {
    return runTrial(
      marketScenario({
        incidents: [
          {
            type: 'breach',
            name: 'hack',
            target: 'platform',
            frequency: { dist: 'poisson', mean: 3 },
            exposed_share: { dist: 'lognormal', p05: 0.001, p95: 0.2 },
            days_to_contain: { dist: 'lognormal', p05: 5, p95: 90 },
            vectors: { insider: 1, phishing: 1 },
          },
        ],
        breach_costs: TEST_BREACH_COSTS,
        regulation: { gdpr: { fine_probability: 0.5, fine: { dist: 'lognormal', p05: 10_000, p95: 1_000_000 } }, ccpa: { filing_probability: 0.5 }, other: { filing_probability: 0 } },
        ...extra,
      }),
      trial,
    );
  }
  const sizes = (trial: FixedTrial) => trial.incidents.map((i) => [i.timeHours, 'people' in i ? i.people : 0, 'daysToContain' in i ? i.daysToContain : 0, 'fineDraw' in i ? i.fineDraw : 0]);

  it('leave every other draw of every candidate where it was when switched on', () => {
    const on = {
      breach_costs: { ...TEST_BREACH_COSTS, data_subject_costs: { contact: { dist: 'lognormal', p05: 1, p95: 20 } } },
      regulation: {
        gdpr: { fine_probability: 0.5, method: 'edpb', seriousness: 'low' },
        ccpa: { filing_probability: 0.5 },
        other: { filing_probability: 0 },
        us_regulators: { action_probability: 0.5, other_per_person: { dist: 'uniform', min: 1, max: 3 } },
      },
    };
    let compared = 0;
    for (let trial = 1; trial <= 6; trial++) {
      const before = recurring({}, trial);
      const after = recurring(on, trial);
      expect(sizes(after)).toEqual(sizes(before));
      compared += before.incidents.length;
      // The kinds the mechanisms do not touch keep their amounts to the bit.
      const kept = (t: FixedTrial) => t.components.filter((c) => ['forensics', 'notification', 'pci_assessment', 'class_action'].includes(c.kind)).map((c) => c.amount);
      expect(kept(after)).toEqual(kept(before));
    }
    expect(compared).toBeGreaterThan(6); // several candidates per trial, so the later ones are checked too
  });
});
