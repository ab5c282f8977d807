import { describe, expect, it } from 'vitest';
import { edpbFine } from '../../src/impacts/edpb-fine.ts';
import { buildScenario } from '../helpers/build-scenario.ts';
import { constant, expectCents, TEST_BREACH_COSTS } from '../helpers/fixed-trial.ts';
import { CARELESS_MARKET, carriedBy, expectAllocations, expectConserved, liabilityTrial, settles, trailCodes } from '../helpers/liability-trial.ts';

/**
 * Fines by the regulator's method (EDPB Guidelines 04/2022) and US regulators, with the
 * allocations that follow (MODEL §8, §13). The flat market's platform turnover is 10,460,000,
 * so its legal maximum is max(20,000,000, 4% × 10,460,000 = 418,400) = 20,000,000. A platform
 * breach of 10% notifies 100,000 people: 30% EU, 20% California, 50% elsewhere.
 */
const BREACH = { type: 'breach', name: 'hack', at: '2027-06-01', target: 'platform', exposed_share: constant(0.1), days_to_contain: constant(20), vectors: { insider: 1 } };
const QUIET = { ccpa: { filing_probability: 0 }, other: { filing_probability: 0 } };
/** A tier that scales every turnover up to 50M by exactly 0.1, so no draw moves the fine. */
const ONE_TIER = [{ up_to: 50_000_000, min: 0.1, max: 0.1 }];

function fineOf(gdpr: Record<string, unknown>, input: Record<string, unknown> = {}, market?: Record<string, unknown>, trial = 1): number {
  const record = liabilityTrial({ inject: [BREACH], breach_costs: TEST_BREACH_COSTS, regulation: { gdpr: { fine_probability: 1, method: 'edpb', ...gdpr }, ...QUIET }, ...input }, { market, trial });
  expectConserved(record);
  return record.components.filter((c) => c.kind === 'regulatory_fine').reduce((sum, c) => sum + c.amount, 0);
}

describe('the EDPB method', () => {
  it('multiplies starting share × legal maximum × tier factor × cooperation × discretion', () => {
    // 0.15 × 20,000,000 = 3,000,000; × tier 0.1 = 300,000; × cooperation 0.8 = 240,000; × discretion 0.5 = 120,000.
    const fine = fineOf({ starting_share: constant(0.15), turnover_tiers: ONE_TIER, cooperation_adjustment: 0.8, discretion: constant(0.5) });
    expectCents(fine, 120_000);
  });

  it('applies the negligence adjustment only when negligence is found', () => {
    const gdpr = { starting_share: constant(0.15), turnover_tiers: ONE_TIER, negligence_adjustment: 1.5 };
    // Not negligent (base 0): 300,000. Negligent (base 1, posture 0): 300,000 × 1.5 = 450,000.
    expectCents(fineOf(gdpr), 300_000);
    expectCents(fineOf(gdpr, { negligence: { base: 1, gross_share: 0 } }, CARELESS_MARKET), 450_000);
  });

  it('caps the fine at the legal maximum', () => {
    // Turnover above every tier (factor 1): 1 × 20,000,000 × 3 = 60,000,000 → capped at 20,000,000.
    const gdpr = { starting_share: constant(1), turnover_tiers: [{ up_to: 1_000_000, min: 0.5, max: 0.5 }], negligence_adjustment: 3 };
    expectCents(fineOf(gdpr, { negligence: { base: 1, gross_share: 0 } }, CARELESS_MARKET), 20_000_000);
    // The Art. 83(4) maximum (10M or 2%) caps it lower.
    expectCents(fineOf({ ...gdpr, ceiling_minimum: 10_000_000, ceiling_turnover_share: 0.02 }, { negligence: { base: 1, gross_share: 0 } }, CARELESS_MARKET), 10_000_000);
  });

  it('draws the starting share within the seriousness band and the factor within the default EDPB tier', () => {
    // Turnover 10,460,000 is in the EDPB tier 10M–50M: 1.5%–10% of the starting amount.
    // low band: fine / 20M / factor in [0, 0.1], so fine ≤ 20M × 0.1 × 0.1 = 200,000.
    const fines = [1, 2, 3, 4, 5, 6, 7, 8].map((trial) => fineOf({ seriousness: 'low' }, {}, undefined, trial));
    for (const fine of fines) {
      expect(fine).toBeGreaterThan(0);
      expect(fine).toBeLessThanOrEqual(200_000);
    }
    expect(new Set(fines).size).toBe(fines.length);
    // high band with a tier of exactly 1: fine in [0.2, 1] × 20M.
    const high = [1, 2, 3, 4].map((trial) => fineOf({ seriousness: 'high', turnover_tiers: [{ up_to: 50_000_000, min: 1, max: 1 }] }, {}, undefined, trial));
    for (const fine of high) expect(fine / 20_000_000).toBeGreaterThanOrEqual(0.2);
  });

  it('reproduces the British Airways arithmetic as a check of the steps', () => {
    // ICO 2020: turnover £12.2bn, maximum 4% ≈ £489M; £30M starting point (6.13% of it, low band);
    // −20% for mitigation → £24M; −£4M for COVID (× 20/24) → £20M. Above every tier: factor 1.
    const gdpr = buildScenario({}).regulation.gdpr;
    const fine = edpbFine({ ...gdpr, method: 'edpb', cooperation_adjustment: 0.8 }, 12_225_000_000, false, { startingShare: 30 / 489, tierDraw: 0, discretion: 20 / 24 });
    expectCents(fine, 20_000_000);
  });

  it('fines only the controller: the platform for a processor breach, which the indemnity does not cover', () => {
    const record = liabilityTrial({
      inject: [{ ...BREACH, target: 'processor', processor: 'payments' }],
      breach_costs: TEST_BREACH_COSTS,
      regulation: { gdpr: { fine_probability: 1, method: 'edpb', starting_share: constant(0.1), turnover_tiers: ONE_TIER }, ...QUIET },
      contracts: { processor_terms: [{ processor: 'payments', monthly_fees: 10_000, indemnity_cap: 1_000_000 }] },
    });
    const fine = record.allocations.filter((a) => a.component.kind === 'regulatory_fine');
    // 0.1 × 20,000,000 × 0.1 = 200,000, suffered and kept by the platform.
    expect(fine.map((a) => [a.component.sufferer, a.bearer, trailCodes(a.trail)])).toEqual([
      ['platform', 'platform', ['fault:caused_by_processor:payments', 'negligence:not_negligent', 'statute:fine_paid_to_regulators']],
    ]);
    expectCents(fine[0]!.amount, 200_000);
    expect(record.components.some((c) => c.kind === 'regulatory_fine' && c.sufferer.startsWith('processor:'))).toBe(false);
    expectConserved(record);
  });
});

describe('US regulators', () => {
  const US = { action_probability: 1, california_per_person: constant(3), other_per_person: constant(1) };

  it('charge the controller per notified US person and bring the legal defence', () => {
    // 100,000 × 20% × 3 = 60,000 + 100,000 × 50% × 1 = 50,000 → 110,000.
    const record = liabilityTrial({ inject: [BREACH], breach_costs: TEST_BREACH_COSTS, regulation: { gdpr: { fine_probability: 0 }, ...QUIET, us_regulators: US } });
    const fault = ['fault:caused_by_platform'];
    expectAllocations(record.allocations, [
      ['forensics', 'platform', 'platform', 100_000, fault],
      ['notification', 'platform', 'platform', 150_000, fault],
      ['pci_assessment', 'platform', 'platform', 200_000, fault],
      ['us_regulatory_penalty', 'platform', 'platform', 110_000, [...fault, 'negligence:not_negligent', 'statute:fine_paid_to_regulators']],
      ['legal_defense', 'platform', 'platform', 300_000, fault],
    ]);
  });

  it('do nothing when they do not act', () => {
    const record = liabilityTrial({ inject: [BREACH], breach_costs: TEST_BREACH_COSTS, regulation: { gdpr: { fine_probability: 0 }, ...QUIET, us_regulators: { ...US, action_probability: 0 } } });
    expect(record.components.map((c) => c.kind).sort()).toEqual(['forensics', 'notification', 'pci_assessment']);
  });
});

describe('card-network claims and data subjects in the allocation', () => {
  it('claim the issuers’ costs from the processor whose systems leaked the cards, disputed and settled, and conserve', () => {
    // The processor holds cards: 0.5 of 1,000,000 accounts hold one; 10% → 50,000 people, 50,000 cards.
    // reissue 50,000 × 5 = 250,000; fraud 50,000 × 0.1 × 200 = 1,000,000, claimed by the issuers and
    // settled at 60%: the processor pays 150,000 and 600,000, the issuers keep 100,000 and 400,000.
    // Forensics 100,000 (processor); notification 75,000 and PCI 200,000 (platform, no indemnity).
    // No negligence is needed: the networks' rules bind the breached party (base 0 here).
    const record = liabilityTrial({
      inject: [{ ...BREACH, target: 'processor', processor: 'payments' }],
      breach_costs: { ...TEST_BREACH_COSTS, card_reissue_per_card: 5, card_fraud_rate: 0.1, card_fraud_per_card: 200 },
      regulation: { gdpr: { fine_probability: 0 }, ...QUIET },
      dispute: settles(0.6),
    });
    const fault = ['fault:caused_by_processor:payments'];
    const network = [...fault, 'contract:card_network_claim', 'dispute:settled_in_negotiation'];
    const controller = [...fault, 'statute:controller_answers_to_data_subjects', 'contract:no_indemnity'];
    expectAllocations(record.allocations, [
      ['forensics', 'processor:payments', 'processor:payments', 100_000, fault],
      ['card_reissue_claim', 'card_issuers', 'processor:payments', 150_000, network],
      ['card_reissue_claim', 'card_issuers', 'card_issuers', 100_000, network],
      ['card_fraud_claim', 'card_issuers', 'processor:payments', 600_000, network],
      ['card_fraud_claim', 'card_issuers', 'card_issuers', 400_000, network],
      ['notification', 'platform', 'platform', 75_000, controller],
      ['pci_assessment', 'platform', 'platform', 200_000, controller],
    ]);
    expectCents(carriedBy(record.allocations, 'processor:payments'), 850_000);
    expectCents(carriedBy(record.allocations, 'card_issuers'), 500_000);
    expectConserved(record);
  });

  it('leave buyers their own costs less the class-action award, and the award with the controller', () => {
    // contact 100,000 × 2 + cards 50,000 × 10 = 700,000; the class elsewhere is paid 100,000 × 50% × 2 = 100,000.
    const record = liabilityTrial({
      inject: [BREACH],
      breach_costs: { ...TEST_BREACH_COSTS, data_subject_costs: { contact: constant(2), payment_card: constant(10) } },
      regulation: { gdpr: { fine_probability: 0 }, ccpa: { filing_probability: 0 }, other: { filing_probability: 1, settlement_per_record: constant(2) } },
    });
    expectCents(carriedBy(record.allocations, 'buyers'), 600_000);
    // forensics 100,000 + notification 150,000 + PCI 200,000 + class action 100,000 + defence 300,000.
    expectCents(carriedBy(record.allocations, 'platform'), 850_000);
    expectConserved(record);
  });
});
