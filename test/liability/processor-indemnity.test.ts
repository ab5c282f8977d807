import { describe, expect, it } from 'vitest';
import { constant, expectCents, TEST_BREACH_COSTS } from '../helpers/fixed-trial.ts';
import { carriedBy, expectAllocations, expectConserved, liabilityTrial, type ExpectedAllocation } from '../helpers/liability-trial.ts';

/**
 * A breach at a processor (MODEL §8 steps 3–4): the platform, as controller, answers to data
 * subjects and regulators and recovers from the processor under the indemnity, up to
 * `indemnity_cap` per incident (shared across the incident's components), as settled in a
 * dispute. Fines are not indemnified: they stay with the platform.
 *
 * The payment processor `payments` holds the cards of the flat market: 0.5 cards per account, so
 * half of the 1,000,000 buyers are its data subjects. 10% exposed → 50,000 people, one card each.
 * Ground up (unit costs below):
 * - forensics (the processor's own): 40,000 + 20 days × 3,000 = 100,000;
 * - notification 50,000 × 1.5 = 75,000; PCI 50,000 cards × 4 = 200,000;
 * - GDPR fine 5,000,000 (below the 20M ceiling; nobody negligent, so no uplift);
 * - CCPA class action 50,000 × 20% × 100 = 1,000,000; elsewhere 50,000 × 50% × 2 = 50,000;
 * - legal defence 300,000.
 * Total 6,725,000; all but forensics fall on the platform as controller.
 */
const BREACH_COSTS = TEST_BREACH_COSTS;
const REGULATION = {
  gdpr: { fine_probability: 1, fine: constant(5_000_000) },
  ccpa: { filing_probability: 1, statutory_damages: constant(100) },
  other: { filing_probability: 1, settlement_per_record: constant(2) },
};
const BREACH = {
  type: 'breach',
  name: 'card-hack',
  at: '2027-06-01T00:00',
  target: 'processor',
  processor: 'payments',
  exposed_share: constant(0.1),
  days_to_contain: constant(20),
  vectors: { insider: 1 },
};

function processorBreach(indemnityCap: number | undefined, dispute?: Record<string, unknown>) {
  return liabilityTrial({
    inject: [BREACH],
    breach_costs: BREACH_COSTS,
    regulation: REGULATION,
    contracts: { processor_terms: indemnityCap === undefined ? [] : [{ processor: 'payments', indemnity_cap: indemnityCap }] },
    ...(dispute ? { dispute } : {}),
  });
}

const FAULT = 'fault:caused_by_processor:payments';
const CONTROLLER = 'statute:controller_answers_to_data_subjects';
const FORENSICS: ExpectedAllocation = ['forensics', 'processor:payments', 'processor:payments', 100_000, [FAULT]];
const FINE: ExpectedAllocation = ['regulatory_fine', 'platform', 'platform', 5_000_000, [FAULT, 'negligence:not_negligent', 'statute:fine_paid_to_regulators']];

describe('processor breach with an indemnity cap', () => {
  it('indemnifies the controller in component order until the cap of 1,000,000 binds, then is exhausted', () => {
    // Settled in full (the default negotiation): notification 75,000 and PCI 200,000 are paid
    // (275,000 of the cap used); the CCPA action 1,000,000 meets 725,000 of cap left: the processor
    // pays 725,000, the platform keeps 275,000; the action elsewhere and the defence meet an
    // exhausted cap. The fine is never indemnified.
    const record = processorBreach(1_000_000);
    const claim = [FAULT, CONTROLLER, 'contract:indemnity_claim'];
    const settled = [...claim, 'dispute:settled_in_negotiation'];
    const binding = [...claim, 'contract:cap_binding', 'dispute:settled_in_negotiation'];
    const exhausted = [...claim, 'contract:cap_exhausted'];
    expectAllocations(record.allocations, [
      FORENSICS,
      ['notification', 'platform', 'processor:payments', 75_000, settled],
      ['pci_assessment', 'platform', 'processor:payments', 200_000, settled],
      FINE,
      ['class_action', 'platform', 'processor:payments', 725_000, binding],
      ['class_action', 'platform', 'platform', 275_000, binding],
      ['class_action', 'platform', 'platform', 50_000, exhausted],
      ['legal_defense', 'platform', 'platform', 300_000, exhausted],
    ]);
    // The processor: its forensics + the cap = 1,100,000; the platform: 6,725,000 − 1,100,000.
    expectCents(carriedBy(record.allocations, 'processor:payments'), 1_100_000);
    expectCents(carriedBy(record.allocations, 'platform'), 5_625_000);
    expectCents(expectConserved(record).get('card-hack')!.groundUp, 6_725_000);
  });

  it('recovers everything but the fine when the cap is large enough', () => {
    // Indemnified: 75,000 + 200,000 + 1,000,000 + 50,000 + 300,000 = 1,625,000 < 10,000,000.
    const record = processorBreach(10_000_000);
    const settled = [FAULT, CONTROLLER, 'contract:indemnity_claim', 'dispute:settled_in_negotiation'];
    expectAllocations(record.allocations, [
      FORENSICS,
      ['notification', 'platform', 'processor:payments', 75_000, settled],
      ['pci_assessment', 'platform', 'processor:payments', 200_000, settled],
      FINE,
      ['class_action', 'platform', 'processor:payments', 1_000_000, settled],
      ['class_action', 'platform', 'processor:payments', 50_000, settled],
      ['legal_defense', 'platform', 'processor:payments', 300_000, settled],
    ]);
    expectCents(carriedBy(record.allocations, 'platform'), 5_000_000);
  });

  it('settles the indemnity claim in one dispute, counting what was paid against the cap, with legal costs once per side', () => {
    // Negotiation settles at 50%, the platform spends 10,000 and the processor 20,000: the
    // controller's costs of one breach against one processor are one claim, so one dispute.
    // Cap 1,000,000: notification 75,000 → 37,500 paid (37,500 used); PCI 200,000 → 100,000
    // (137,500 used); CCPA 1,000,000 > 862,500 left → capped at 862,500, paid 431,250 (568,750 used);
    // elsewhere 50,000 → 25,000 (593,750 used); defence 300,000 → 150,000 (743,750 used).
    const record = processorBreach(1_000_000, {
      negotiation: { probability: 1, settlement: constant(0.5), claimant_costs: constant(10_000), defendant_costs: constant(20_000) },
    });
    const claim = [FAULT, CONTROLLER, 'contract:indemnity_claim'];
    const settled = [...claim, 'dispute:settled_in_negotiation'];
    const binding = [...claim, 'contract:cap_binding', 'dispute:settled_in_negotiation'];
    expectAllocations(record.allocations, [
      FORENSICS,
      ['notification', 'platform', 'processor:payments', 37_500, settled],
      ['notification', 'platform', 'platform', 37_500, settled],
      ['legal_costs', 'platform', 'platform', 10_000, [...settled, 'dispute:own_legal_costs']],
      ['legal_costs', 'processor:payments', 'processor:payments', 20_000, [...settled, 'dispute:own_legal_costs']],
      ['pci_assessment', 'platform', 'processor:payments', 100_000, settled],
      ['pci_assessment', 'platform', 'platform', 100_000, settled],
      FINE,
      ['class_action', 'platform', 'processor:payments', 431_250, binding],
      ['class_action', 'platform', 'platform', 568_750, binding],
      ['class_action', 'platform', 'processor:payments', 25_000, settled],
      ['class_action', 'platform', 'platform', 25_000, settled],
      ['legal_defense', 'platform', 'processor:payments', 150_000, settled],
      ['legal_defense', 'platform', 'platform', 150_000, settled],
    ]);
    // Ground-up 6,725,000 + legal costs 30,000 (one dispute) = 6,755,000 carried.
    const totals = expectConserved(record).get('card-hack')!;
    expectCents(totals.legal, 30_000);
    expectCents(totals.carried, 6_755_000);
  });

  it('leaves the controller with every cost without an indemnity (cap 0): contract:no_indemnity', () => {
    const noIndemnity = [FAULT, CONTROLLER, 'contract:no_indemnity'];
    const expected: ExpectedAllocation[] = [
      FORENSICS,
      ['notification', 'platform', 'platform', 75_000, noIndemnity],
      ['pci_assessment', 'platform', 'platform', 200_000, noIndemnity],
      FINE,
      ['class_action', 'platform', 'platform', 1_000_000, noIndemnity],
      ['class_action', 'platform', 'platform', 50_000, noIndemnity],
      ['legal_defense', 'platform', 'platform', 300_000, noIndemnity],
    ];
    expectAllocations(processorBreach(0).allocations, expected);
    // No terms with the processor at all: the same.
    expectAllocations(processorBreach(undefined).allocations, expected);
    expectCents(carriedBy(processorBreach(0).allocations, 'platform'), 6_625_000);
  });

  it('shares the cap per incident: a second breach starts with the full cap', () => {
    const second = { ...BREACH, name: 'card-hack-2', at: '2027-09-01T00:00' };
    const record = liabilityTrial({
      inject: [BREACH, second],
      breach_costs: BREACH_COSTS,
      regulation: REGULATION,
      contracts: { processor_terms: [{ processor: 'payments', indemnity_cap: 1_000_000 }] },
    });
    for (const name of ['card-hack', 'card-hack-2']) {
      const recovered = record.allocations.filter((a) => a.component.incident.name === name && a.bearer === 'processor:payments' && a.component.kind !== 'forensics');
      expectCents(
        recovered.reduce((total, a) => total + a.amount, 0),
        1_000_000,
      );
    }
    expectConserved(record);
  });

  it('indemnifies a processor’s data mishandling the same way', () => {
    // 20,000 people's cards mishandled, data left the organisation (probability 1):
    // notification 30,000, PCI 20,000 × 1 card × 4 = 80,000; no fine or actions (probabilities 0).
    // Cap 50,000: notification paid in full (30,000), PCI capped at 20,000 (cap binding).
    const record = liabilityTrial({
      inject: [{ type: 'data_mishandling', name: 'misdirected', at: '2027-06-01T00:00', party: 'processor', processor: 'payments', records: constant(20_000), investigation: constant(5_000) }],
      breach_costs: BREACH_COSTS,
      regulation: { gdpr: { fine_probability: 0 } },
      contracts: { processor_terms: [{ processor: 'payments', indemnity_cap: 50_000 }] },
    });
    const claim = [FAULT, CONTROLLER, 'contract:indemnity_claim'];
    expectAllocations(record.allocations, [
      ['investigation', 'processor:payments', 'processor:payments', 5_000, [FAULT]],
      ['notification', 'platform', 'processor:payments', 30_000, [...claim, 'dispute:settled_in_negotiation']],
      ['pci_assessment', 'platform', 'processor:payments', 20_000, [...claim, 'contract:cap_binding', 'dispute:settled_in_negotiation']],
      ['pci_assessment', 'platform', 'platform', 60_000, [...claim, 'contract:cap_binding', 'dispute:settled_in_negotiation']],
    ]);
    expect(record.incidents[0]).toMatchObject({ type: 'data_mishandling', cause: 'human_error', people: 20_000 });
  });
});
