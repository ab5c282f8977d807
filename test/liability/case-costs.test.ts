import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/engine/simulation-model.ts';
import { simulateTrial } from '../../src/engine/simulate-chunk.ts';
import type { Allocation, TrailStep } from '../../src/liability/allocation.ts';
import { compileLiability } from '../../src/liability/liability-model.ts';
import { weighPursuit } from '../../src/liability/weigh-pursuit.ts';
import { expectExit } from '../helpers/expect-exit.ts';
import { constant, expectCents, marketScenario } from '../helpers/fixed-trial.ts';
import { CARELESS_MARKET, carriedBy, expectAllocations, expectConserved, liabilityTrial, type ExpectedAllocation } from '../helpers/liability-trial.ts';
import { makeTempFolder, runCli } from '../helpers/run-cli.ts';
import { buildScenario } from '../helpers/build-scenario.ts';
import { marketplaceArbitrary } from '../helpers/random-scenario.ts';
import { fixture } from '../helpers/scenario-issues.ts';

/**
 * Costs that scale with the case (MODEL §13): a dispute channel's legal costs grow with the
 * amount in dispute as (A / n0)^b, and under `dispute.pursuit: rational` a claimant drops a claim
 * whose expected recovery is below its expected legal costs.
 *
 * The claims (as in dispute.test.ts): a 10 h full-scope outage on 1 March by a grossly negligent
 * platform (posture 0, base 1, gross_share 1): lost GMV 75,000; the small segment claims its lost
 * margin 7,500, the large 4,500 (exclusion void, no cap); the platform keeps its commission 7,500.
 */
const OUTAGE = { type: 'outage', name: 'down', at: '2027-03-01T00:00', duration_hours: constant(10), scope: constant(1) };
const CLAIM = ['fault:caused_by_platform', 'negligence:gross_negligence', 'contract:exclusion_void_gross_negligence'];
const COMMISSION: ExpectedAllocation = ['platform_lost_commission', 'platform', 'platform', 7_500, ['fault:caused_by_platform']];

function disputeTrial(dispute: Record<string, unknown>, options: { trial?: number; negligence?: Record<string, unknown>; contracts?: Record<string, unknown>; churn?: number } = {}) {
  const outage = options.churn === undefined ? OUTAGE : { ...OUTAGE, churn: constant(options.churn) };
  return liabilityTrial(
    { inject: [outage], negligence: options.negligence ?? { base: 1, gross_share: 1 }, dispute, ...(options.contracts ? { contracts: options.contracts } : {}) },
    { market: CARELESS_MARKET, trial: options.trial ?? 1 },
  );
}

/** Arbitration certain at `share`, with these costs and an optional scale. */
function arbitration(share: number, claimant: number | Record<string, unknown>, defendant: number, scale: Record<string, unknown> = {}, pursuit?: string) {
  const cost = (value: number | Record<string, unknown>) => (typeof value === 'number' ? constant(value) : value);
  return {
    negotiation: { probability: 0 },
    arbitration: { probability: 1, settlement: constant(share), claimant_costs: cost(claimant), defendant_costs: constant(defendant), ...scale },
    ...(pursuit ? { pursuit } : {}),
  };
}

function legalCostsOf(allocations: readonly Allocation[], sufferer: string): number[] {
  return allocations.filter((a) => a.component.kind === 'legal_costs' && a.component.sufferer === sufferer).map((a) => a.amount);
}

function step(allocation: Allocation | undefined, rule: string, reason: string): TrailStep | undefined {
  return allocation?.trail.find((s) => s.rule === rule && s.reason === reason);
}

describe('legal costs that scale with the amount in dispute', () => {
  it('multiplies each side’s drawn costs by (amount in dispute / n0)^b, claim by claim', () => {
    // n0 7,500, b 0.5: the small segment's claim (7,500) costs 5,000 + 8,000 as drawn; the
    // large one's (4,500) × √0.6 = 0.774597: 3,872.98 + 6,196.77.
    const record = disputeTrial(arbitration(0.6, 5_000, 8_000, { costs_reference_amount: 7_500, costs_exponent: 0.5 }));
    const factor = Math.sqrt(4_500 / 7_500);
    const settled = [...CLAIM, 'dispute:settled_in_arbitration'];
    const legal = [...settled, 'dispute:costs_scaled_to_amount_in_dispute', 'dispute:own_legal_costs'];
    expectAllocations(record.allocations, [
      ['seller_lost_margin', 'sellers:small', 'platform', 4_500, settled],
      ['seller_lost_margin', 'sellers:small', 'sellers:small', 3_000, settled],
      ['seller_lost_margin', 'sellers:large', 'platform', 2_700, settled],
      ['seller_lost_margin', 'sellers:large', 'sellers:large', 1_800, settled],
      ['legal_costs', 'sellers:small', 'sellers:small', 5_000, legal],
      ['legal_costs', 'platform', 'platform', 8_000, legal],
      ['legal_costs', 'sellers:large', 'sellers:large', 5_000 * factor, legal],
      ['legal_costs', 'platform', 'platform', 8_000 * factor, legal],
      COMMISSION,
    ]);
    const scaled = record.allocations.find((a) => a.component.kind === 'legal_costs' && a.component.sufferer === 'sellers:large');
    const scaleStep = step(scaled, 'dispute', 'costs_scaled_to_amount_in_dispute')!;
    expectCents(scaleStep.amountInDispute!, 4_500);
    expect(scaleStep.costsFactor).toBeCloseTo(factor, 9);
    const totals = expectConserved(record).get('down')!;
    expectCents(totals.legal, 13_000 * (1 + factor));
  });

  it('keeps the drawn costs at b = 0 and makes them proportional at b = 1', () => {
    const flat = disputeTrial(arbitration(0.6, 5_000, 8_000, { costs_reference_amount: 1_000, costs_exponent: 0 }));
    expect(legalCostsOf(flat.allocations, 'sellers:large')).toEqual([5_000]);
    const proportional = disputeTrial(arbitration(0.6, 5_000, 8_000, { costs_reference_amount: 9_000, costs_exponent: 1 }));
    expectCents(legalCostsOf(proportional.allocations, 'sellers:small')[0]!, 5_000 * (7_500 / 9_000));
    expectCents(legalCostsOf(proportional.allocations, 'sellers:large')[0]!, 5_000 * (4_500 / 9_000));
    expectConserved(proportional);
  });

  it('takes the amount in dispute over all of the claim’s components in the incident', () => {
    // With churn, each segment also claims its lost business: one claim, two components, one
    // pair of legal costs scaled by the two together.
    const record = disputeTrial(arbitration(1, 5_000, 8_000, { costs_reference_amount: 10_000, costs_exponent: 1 }), { churn: 0.01 });
    const claimed = record.components.filter((c) => c.sufferer === 'sellers:small').reduce((total, c) => total + c.amount, 0);
    expect(
      record.components
        .filter((c) => c.sufferer === 'sellers:small')
        .map((c) => c.kind)
        .sort(),
    ).toEqual(['lost_business', 'seller_lost_margin']);
    expect(claimed).toBeGreaterThan(7_500);
    expect(legalCostsOf(record.allocations, 'sellers:small')).toHaveLength(1);
    expectCents(legalCostsOf(record.allocations, 'sellers:small')[0]!, 5_000 * (claimed / 10_000));
    expectConserved(record);
  });

  it('caps the amount in dispute: a claim capped at 3,000 scales as 3,000', () => {
    // Negligent, not gross; lost profits not excluded; cap 0.03 months of the small segment's
    // 1,200,000 a year = 3,000; the large segment's 500,000 a year: 1,250.
    const record = disputeTrial(arbitration(1, 5_000, 8_000, { costs_reference_amount: 7_500, costs_exponent: 1 }), {
      negligence: { base: 1, gross_share: 0 },
      contracts: { seller_terms: { exclude_consequential: false, liability_cap_months: 0.03 } },
    });
    expectCents(carriedBy(record.allocations, 'sellers:small'), 7_500 - 3_000 + 5_000 * 0.4);
    expectCents(legalCostsOf(record.allocations, 'sellers:large')[0]!, 5_000 * (1_250 / 7_500));
    expectConserved(record);
  });

  it('changes nothing without a scale: the same costs as drawn, booked in the same order', () => {
    const plain = disputeTrial(arbitration(0.6, 5_000, 8_000));
    expect(legalCostsOf(plain.allocations, 'sellers:large')).toEqual([5_000]);
    expect(plain.allocations.map((a) => a.component.kind)).toEqual([
      'seller_lost_margin',
      'seller_lost_margin',
      'legal_costs',
      'legal_costs',
      'seller_lost_margin',
      'seller_lost_margin',
      'legal_costs',
      'legal_costs',
      'platform_lost_commission',
    ]);
  });
});

describe('claims not pursued', () => {
  // Arbitration certain at 60% with claimant costs 3,000: the small segment expects 7,500 × 0.6 =
  // 4,500 ≥ 3,000 and contests; the large one expects 2,700 < 3,000 and keeps its 4,500.
  it('drops a claim whose expected recovery is below the claimant’s expected costs', () => {
    const record = disputeTrial(arbitration(0.6, 3_000, 8_000, {}, 'rational'));
    const pursued = [...CLAIM, 'claim:pursued', 'dispute:settled_in_arbitration'];
    expectAllocations(record.allocations, [
      ['seller_lost_margin', 'sellers:small', 'platform', 4_500, pursued],
      ['seller_lost_margin', 'sellers:small', 'sellers:small', 3_000, pursued],
      ['legal_costs', 'sellers:small', 'sellers:small', 3_000, [...pursued, 'dispute:own_legal_costs']],
      ['legal_costs', 'platform', 'platform', 8_000, [...pursued, 'dispute:own_legal_costs']],
      ['seller_lost_margin', 'sellers:large', 'sellers:large', 4_500, [...CLAIM, 'claim:not_pursued']],
      COMMISSION,
    ]);
    const dropped = record.allocations.find((a) => a.component.sufferer === 'sellers:large');
    const notPursued = step(dropped, 'claim', 'not_pursued')!;
    expect(Object.keys(notPursued).sort()).toEqual(['amountInDispute', 'expectedCost', 'expectedRecovery', 'reason', 'rule']);
    expectCents(notPursued.amountInDispute!, 4_500);
    expectCents(notPursued.expectedRecovery!, 2_700);
    expectCents(notPursued.expectedCost!, 3_000);
    const totals = expectConserved(record).get('down')!;
    expectCents(totals.legal, 11_000);
  });

  it('contests every claim under the default pursuit, `always`', () => {
    const record = disputeTrial(arbitration(0.6, 3_000, 8_000));
    expect(legalCostsOf(record.allocations, 'sellers:large')).toEqual([3_000]);
    expectCents(carriedBy(record.allocations, 'sellers:large'), 1_800 + 3_000);
  });

  it('weighs expected values of the distributions, and the scaled costs', () => {
    // Uniform claimant costs 2,000–4,000 (mean 3,000): the same decision as constant 3,000.
    const uniform = disputeTrial(arbitration(0.6, { dist: 'uniform', min: 2_000, max: 4_000 }, 8_000, {}, 'rational'));
    expect(legalCostsOf(uniform.allocations, 'sellers:large')).toEqual([]);
    expect(legalCostsOf(uniform.allocations, 'sellers:small')).toHaveLength(1);
    // Scaled with b = 1 at n0 = 7,500: the large claim's expected cost is 3,000 × 0.6 = 1,800 < 2,700: pursued.
    const scaled = disputeTrial(arbitration(0.6, 3_000, 8_000, { costs_reference_amount: 7_500, costs_exponent: 1 }, 'rational'));
    expectCents(legalCostsOf(scaled.allocations, 'sellers:large')[0]!, 1_800);
    const weighed = scaled.allocations.find((a) => a.component.sufferer === 'sellers:large' && a.component.kind === 'seller_lost_margin');
    expectCents(step(weighed, 'claim', 'pursued')!.expectedRecovery!, 2_700);
    expectCents(step(weighed, 'claim', 'pursued')!.expectedCost!, 1_800);
    expectConserved(scaled);
  });

  it('moves no other claim’s draws: a dropped claim’s dispute is drawn all the same', () => {
    // Channels by chance; the large claim is dropped only under rational pursuit. The small
    // claim's channel and settlement draws are the same either way, trial by trial.
    const channels = {
      negotiation: { probability: 0.5, settlement: { dist: 'uniform', min: 0.5, max: 1 }, claimant_costs: constant(100) },
      litigation: { probability: 0.5, settlement: { dist: 'uniform', min: 0.3, max: 0.9 }, claimant_costs: constant(6_000), defendant_costs: constant(9_000) },
    };
    let dropped = 0;
    for (let trial = 1; trial <= 20; trial++) {
      const always = disputeTrial(channels, { trial });
      const rational = disputeTrial({ ...channels, pursuit: 'rational' }, { trial });
      const smallDispute = (allocations: readonly Allocation[]) =>
        allocations.filter((a) => a.component.sufferer === 'sellers:small' && a.component.kind === 'seller_lost_margin').map((a) => [a.bearer, a.amount, a.trail.at(-1)]);
      expect(smallDispute(rational.allocations)).toEqual(smallDispute(always.allocations));
      if (legalCostsOf(rational.allocations, 'sellers:large').length === 0) dropped++;
      expectConserved(rational);
    }
    // The large segment expects 4,500 × (0.5 × 0.75 + 0.5 × 0.6) = 3,037.5 against 3,050: always dropped.
    expect(dropped).toBe(20);
  });

  it('weighPursuit: recovery × the defendant’s solvency against the channels’ expected costs', () => {
    const liability = compileLiability(
      marketScenario({
        dispute: {
          negotiation: { probability: 0.6, settlement: { dist: 'triangular', min: 0.4, mode: 0.7, max: 1 }, claimant_costs: constant(1_000) },
          litigation: {
            probability: 0.4,
            settlement: constant(0.5),
            claimant_costs: { dist: 'lognormal', mu: 10, sigma: 0.5 },
            costs_reference_amount: 100_000,
            costs_exponent: 0.5,
          },
        },
      }),
      undefined,
    );
    // Share 0.6 × 0.7 + 0.4 × 0.5 = 0.62; costs 0.6 × 1,000 + 0.4 × e^(10 + 0.125) × √(400,000 / 100,000).
    const outlook = weighPursuit(liability.channels, 400_000, 0.5);
    expect(outlook.expectedRecovery).toBeCloseTo(400_000 * 0.62 * 0.5, 6);
    expect(outlook.expectedCost).toBeCloseTo(600 + 0.4 * Math.exp(10.125) * 2, 3);
  });
});

describe('case costs conserve loss', () => {
  it('ground-up + legal costs = what all bearers carry, with scaled costs and rational pursuit on random marketplaces', () => {
    const caseCosts = fc.record({
      referenceAmount: fc.double({ min: 1_000, max: 1e7, noNaN: true }),
      exponent: fc.double({ min: 0, max: 1, noNaN: true }),
      rational: fc.boolean(),
    });
    const reasons = new Set<string>();
    fc.assert(
      fc.property(marketplaceArbitrary, caseCosts, fc.integer({ min: 1, max: 10_000 }), ({ seed, input }, costs, trial) => {
        const dispute = Object.fromEntries(
          Object.entries(input.dispute as Record<string, Record<string, unknown>>).map(([name, channel]) => [
            name,
            { ...channel, costs_reference_amount: costs.referenceAmount, costs_exponent: costs.exponent },
          ]),
        );
        const scenario = buildScenario({ ...input, dispute: { ...dispute, ...(costs.rational ? { pursuit: 'rational' } : {}) } });
        const record = simulateTrial(compileModel(scenario, seed), trial);
        for (const allocation of record.allocations) for (const s of allocation.trail) reasons.add(`${s.rule}:${s.reason}`);
        expectConserved(record);
      }),
      { numRuns: 60, seed: 13 },
    );
    // Not vacuous: claims were scaled, pursued and dropped.
    expect([...reasons].filter((r) => r.startsWith('claim:') || r.includes('scaled')).sort()).toEqual(['claim:not_pursued', 'claim:pursued', 'dispute:costs_scaled_to_amount_in_dispute']);
  });
});

describe('case-cost fields: located errors', () => {
  it('lists an unknown pursuit, a half-given scale, a zero reference amount and an exponent above 1 with file, line and field', async () => {
    const file = fixture('bad/case-costs-problems.yaml');
    const result = await runCli(['run', file, '--out', makeTempFolder(), '--trials', '10']);
    expectExit(result, 2);
    expect(result.stdout).toBe('');
    const scale = '(legal costs scale as (amount in dispute / costs_reference_amount)^costs_exponent)';
    expect(result.stderr.trim().split('\n')).toEqual([
      `${file}:3:12: dispute.pursuit: expected one of always, rational, got "rationl" (did you mean "rational"?)`,
      `${file}:6:21: dispute.negotiation.costs_exponent: expected costs_reference_amount alongside costs_exponent ${scale}, got nothing`,
      `${file}:9:29: dispute.arbitration.costs_reference_amount: expected costs_exponent alongside costs_reference_amount ${scale}, got nothing`,
      `${file}:13:29: dispute.litigation.costs_reference_amount: expected an amount above 0, got 0`,
      `${file}:14:21: dispute.litigation.costs_exponent: expected a number from 0 to 1, got 1.5`,
      '5 problems found.',
    ]);
  });

  it('refuses a scale on a channel without legal costs to scale', async () => {
    const file = fixture('bad/costs-scale-without-costs.yaml');
    const result = await runCli(['validate', file]);
    expectExit(result, 2);
    expect(result.stderr.trim()).toBe(
      `${file}:5:29: dispute.negotiation.costs_reference_amount: expected claimant_costs or defendant_costs on this channel for its costs to scale with the amount in dispute, got neither`,
    );
  });
});
