import { describe, expect, it } from 'vitest';
import { simulateTrial } from '../../src/engine/simulate-chunk.ts';
import { compileModel } from '../../src/engine/simulation-model.ts';
import { findNegligence } from '../../src/incidents/negligence.ts';
import { constant, expectCents, FLAT_MARKET, marketScenario } from '../helpers/fixed-trial.ts';
import { trailCodes } from '../helpers/liability-trial.ts';

/**
 * Duty of care (MODEL §8 step 2): the responsible party is negligent when the incident's
 * negligence draw is below base × (1 − security posture) × the cause's multiplier, capped at 1;
 * grossly so when the same draw is below that × gross_share. The platform's posture comes from
 * the market, raised or lowered by enabled mitigations (within [0, 1]); sellers and processors
 * have posture 0.5. The draw is recorded in the trail's negligence step.
 *
 * Observed on a platform breach that always draws a GDPR fine of 1,000,000 (EU buyers 30%):
 * its allocation's trail is [fault, negligence, statute], and a negligence finding doubles the
 * fine (fine_multiplier 2) to 2,000,000.
 */
const REGULATION = { gdpr: { fine_probability: 1, fine: constant(1_000_000) } };

function breach(vector: string, fields: Record<string, unknown> = {}) {
  return { type: 'breach', name: 'hack', at: '2027-06-01T00:00', target: 'platform', exposed_share: constant(0.1), days_to_contain: constant(1), vectors: { [vector]: 1 }, ...fields };
}

/** The market with the platform's posture set. */
function withPosture(posture: number) {
  return { ...FLAT_MARKET, platform: { ...FLAT_MARKET.platform, security_posture: posture } };
}

/** Compiles and runs one trial, returning the model too (to ask `findNegligence`). */
function run(input: Record<string, unknown>, posture = 0.5, trial = 1) {
  const model = compileModel(marketScenario({ regulation: REGULATION, ...input }, withPosture(posture)), 1);
  const record = simulateTrial(model, trial);
  const finding = findNegligence(record.incidents[0]!, model.liability);
  const fine = record.allocations.find((a) => a.component.kind === 'regulatory_fine');
  return { model, record, finding, fine };
}

describe('negligence probability', () => {
  it('is base × (1 − posture) × the cause multiplier', () => {
    // 0.3 × (1 − 0.2) × 2 = 0.48 for an unpatched vulnerability; 0.3 × 0.8 × 1 = 0.24 for phishing.
    const negligence = { base: 0.3, gross_share: 0, causes: { unpatched_vulnerability: 2 } };
    expect(run({ inject: [breach('unpatched_vulnerability')], negligence }, 0.2).finding.probability).toBeCloseTo(0.48, 12);
    expect(run({ inject: [breach('phishing')], negligence }, 0.2).finding.probability).toBeCloseTo(0.24, 12);
  });

  it('is capped at 1', () => {
    // 0.9 × 0.8 × 2 = 1.44 → 1: negligent on every draw.
    const { finding, fine } = run({ inject: [breach('unpatched_vulnerability')], negligence: { base: 0.9, gross_share: 0, causes: { unpatched_vulnerability: 2 } } }, 0.2);
    expect(finding).toMatchObject({ probability: 1, negligent: true, gross: false });
    expect(trailCodes(fine!.trail)).toEqual(['fault:caused_by_platform', 'negligence:negligent', 'statute:fine_paid_to_regulators']);
    expectCents(fine!.amount, 2_000_000);
  });

  it('uses the multipliers of data mishandling (human_error), bugs (code_error) and outage causes', () => {
    // Platform posture 0.5, base 0.4: human_error ×1.5 → 0.3; code_error ×0.5 → 0.1; ddos ×0 → 0.
    const negligence = { base: 0.4, gross_share: 0, causes: { human_error: 1.5, code_error: 0.5, ddos: 0 } };
    const mishandling = { type: 'data_mishandling', name: 'oops', at: '2027-06-01T00:00', records: constant(10) };
    const bug = { type: 'bug', name: 'glitch', at: '2027-06-01T00:00', origin: 'platform', error: 'payment_failure', window_hours: constant(1), share: constant(0.1) };
    const ddos = { type: 'outage', name: 'flood', at: '2027-06-01T00:00', duration_hours: constant(1), scope: constant(1), causes: { ddos: 1 } };
    expect(run({ inject: [mishandling], negligence }).finding.probability).toBeCloseTo(0.3, 12);
    expect(run({ inject: [bug], negligence }).finding.probability).toBeCloseTo(0.1, 12);
    expect(run({ inject: [ddos], negligence }).finding.probability).toBe(0);
  });

  it('gives sellers and processors a posture of 0.5; seller misconduct is always gross; loss events have no party', () => {
    const negligence = { base: 0.8, gross_share: 0.1 };
    // A seller's or a processor's breach: 0.8 × (1 − 0.5) = 0.4 whatever the platform's posture (0 here).
    expect(run({ inject: [breach('phishing', { target: 'seller', segment: 'small' })], negligence }, 0).finding).toMatchObject({ party: 'sellers:small', probability: 0.4 });
    expect(run({ inject: [breach('phishing', { target: 'processor', processor: 'payments' })], negligence }, 0).finding).toMatchObject({ party: 'processor:payments', probability: 0.4 });
    const misconduct = { type: 'seller_misconduct', name: 'fakes', kind: 'counterfeit', segment: 'large', at: '2027-06-01', orders: constant(1), order_value: constant(10) };
    expect(run({ inject: [misconduct], negligence }).finding).toMatchObject({ party: 'sellers:large', probability: 1, negligent: true, gross: true });
    const loss = { type: 'loss_event', name: 'loss', at: '2027-06-01', loss: constant(100), bearer: 'platform' };
    expect(run({ inject: [loss], negligence }).finding).toMatchObject({ party: undefined, probability: 0, negligent: false });
  });
});

describe('mitigations and posture', () => {
  const negligence = { base: 0.3, gross_share: 0, causes: { unpatched_vulnerability: 2 } };

  it("raise the platform's posture and lower the probability", () => {
    // Posture 0.2 + 0.3 = 0.5: 0.3 × 0.5 × 2 = 0.3 (was 0.48).
    const { model, finding } = run({ inject: [breach('unpatched_vulnerability')], negligence, mitigations: [{ name: 'audits', posture: 0.3 }] }, 0.2);
    expect(model.liability.platformPosture).toBeCloseTo(0.5, 12);
    expect(finding.probability).toBeCloseTo(0.3, 12);
    // A disabled mitigation changes nothing.
    const disabled = run({ inject: [breach('unpatched_vulnerability')], negligence, mitigations: [{ name: 'audits', posture: 0.3, enabled: false }] }, 0.2);
    expect(disabled.finding.probability).toBeCloseTo(0.48, 12);
    // Posture is kept within [0, 1]: 0.2 + 0.5 + 0.6 → 1, probability 0; 0.2 − 0.5 → 0, probability 0.3 × 1 × 2 = 0.6.
    const perfect = run(
      {
        inject: [breach('unpatched_vulnerability')],
        negligence,
        mitigations: [
          { name: 'a', posture: 0.5 },
          { name: 'b', posture: 0.6 },
        ],
      },
      0.2,
    );
    expect(perfect.model.liability.platformPosture).toBe(1);
    expect(perfect.finding.probability).toBe(0);
    const worse = run({ inject: [breach('unpatched_vulnerability')], negligence, mitigations: [{ name: 'cuts', posture: -0.5 }] }, 0.2);
    expect(worse.finding.probability).toBeCloseTo(0.6, 12);
  });

  it('turn a certain finding into none on the same trial', () => {
    // Posture 0.5, base 1, unpatched ×2: 1 × 0.5 × 2 = 1 → negligent, fine 2 × 1,000,000.
    // With a posture +0.5 mitigation: posture 1 → probability 0 → not negligent, fine 1,000,000.
    const certain = { base: 1, gross_share: 0, causes: { unpatched_vulnerability: 2 } };
    const without = run({ inject: [breach('unpatched_vulnerability')], negligence: certain });
    const withAudit = run({ inject: [breach('unpatched_vulnerability')], negligence: certain, mitigations: [{ name: 'audits', posture: 0.5 }] });
    expect(trailCodes(without.fine!.trail)[1]).toBe('negligence:negligent');
    expectCents(without.fine!.amount, 2_000_000);
    expect(trailCodes(withAudit.fine!.trail)[1]).toBe('negligence:not_negligent');
    expectCents(withAudit.fine!.amount, 1_000_000);
    // The same draw decided both.
    expect(withAudit.fine!.trail[1]!.draw).toBe(without.fine!.trail[1]!.draw);
  });
});

describe('the negligence draw', () => {
  it('is recorded in the trail and decides negligent (< p) and gross (< p × gross_share)', () => {
    // p = 0.3 × (1 − 0.2) × 2 = 0.48; gross below 0.48 × 0.25 = 0.12.
    const negligence = { base: 0.3, gross_share: 0.25, causes: { unpatched_vulnerability: 2 } };
    const seen = new Set<string>();
    for (let trial = 1; trial <= 80; trial++) {
      const { record, fine } = run({ inject: [breach('unpatched_vulnerability')], negligence }, 0.2, trial);
      const step = fine!.trail[1]!;
      expect(step.rule).toBe('negligence');
      expect(step.draw).toBe(record.incidents[0]!.negligenceDraw);
      const draw = step.draw!;
      const expected = draw < 0.12 ? 'gross_negligence' : draw < 0.48 ? 'negligent' : 'not_negligent';
      expect(step.reason).toBe(expected);
      // Negligence (gross or not) doubles the fine.
      expectCents(fine!.amount, expected === 'not_negligent' ? 1_000_000 : 2_000_000);
      seen.add(expected);
    }
    expect([...seen].sort()).toEqual(['gross_negligence', 'negligent', 'not_negligent']);
  });

  it("is recorded on sellers' claims too", () => {
    // A platform outage with lost profits claimable: the sellers' trail is [fault, negligence] when not negligent.
    const outage = { type: 'outage', name: 'down', at: '2027-03-01T00:00', duration_hours: constant(1), scope: constant(1) };
    const { record } = run({ inject: [outage], negligence: { base: 0, gross_share: 0 }, contracts: { seller_terms: { exclude_consequential: false } } });
    const claim = record.allocations.find((a) => a.component.kind === 'seller_lost_margin')!;
    expect(trailCodes(claim.trail)).toEqual(['fault:caused_by_platform', 'negligence:not_negligent']);
    expect(claim.trail[1]!.draw).toBe(record.incidents[0]!.negligenceDraw);
  });
});
