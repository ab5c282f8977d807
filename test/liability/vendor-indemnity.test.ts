import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectExit } from '../helpers/expect-exit.ts';
import { FLAT_MARKET, constant, expectCents } from '../helpers/fixed-trial.ts';
import { carriedBy, expectAllocations, expectConserved, liabilityTrial, settles, trailCodes } from '../helpers/liability-trial.ts';
import { makeTempFolder, parseCsv, runCli, scenarioWriter } from '../helpers/run-cli.ts';

/**
 * A vendor's indemnity of its licensee (MODEL §13, `market.vendors[].indemnity`): what the
 * licensee ends up paying third parties for an incident in the vendor's software it passes on to
 * the vendor, up to the indemnity's own cap per licensee, if the vendor can pay; fines never.
 *
 * Flat market (10,000 of GMV an hour; segment small: 1,000 sellers, 40% of GMV; large: 10
 * sellers, 60%). The pricing engine is licensed by the platform at 100,000 a year, posture 0 (so
 * negligent with probability 1 at base 1). Its bug sets every price 50% too low for 10 h: GMV
 * touched 100,000, sellers lose 50,000 (small 20,000, large 30,000), which they claim from the
 * platform under their seller terms (direct damages; caps of 12 months of fees, 1,200,000 and
 * 500,000, do not bind): the platform answers for its vendor.
 */
const ENGINE = { name: 'engine', role: 'pricing_engine', licensed_by: ['platform'], annual_fees: 100_000, security_posture: 0 };
const REPRICER = { name: 'repricer', role: 'repricer', licensed_by: ['sellers:small'], annual_fees: 600, security_posture: 0 };
const market = (engine: Record<string, unknown> = {}, repricer: Record<string, unknown> = {}) => ({
  ...FLAT_MARKET,
  vendors: [
    { ...ENGINE, ...engine },
    { ...REPRICER, ...repricer },
  ],
});
const NEGLIGENT = { base: 1, gross_share: 0 };

const ENGINE_BUG = {
  type: 'bug',
  name: 'engine-bug',
  at: '2027-03-01T00:00',
  origin: 'vendor:engine',
  error: 'mispricing',
  window_hours: constant(10),
  share: constant(1),
  price_error: constant(0.5),
};

/** The repricer overcharges the small sellers' buyers 50% for 10 h: 20,000 the sellers refund by statute. */
const REPRICER_OVERCHARGE = { ...ENGINE_BUG, name: 'repricer-bug', origin: 'vendor:repricer', error: 'overcharge' };

const ANSWERED = ['fault:caused_by_vendor:engine', 'negligence:negligent', 'dispute:settled_in_negotiation'];
const CLAIMED = [...ANSWERED, 'contract:licensee_claims_indemnity'];
const INDEMNIFIES = 'contract:vendor_indemnifies_licensee';

function engineBug(engine: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return liabilityTrial({ inject: [ENGINE_BUG], negligence: NEGLIGENT, dispute: settles(1), ...extra }, { market: market(engine) });
}

describe("a vendor's indemnity of the platform against its sellers' claims", () => {
  it('without one, the platform keeps the 50,000 it pays its sellers for the engine (as before)', () => {
    const record = engineBug({});
    expectAllocations(record.allocations, [
      ['mispricing_loss', 'sellers:small', 'platform', 20_000, ANSWERED],
      ['mispricing_loss', 'sellers:large', 'platform', 30_000, ANSWERED],
    ]);
    expect(carriedBy(record.allocations, 'vendor:engine')).toBe(0);
  });

  it('a cap of 0.3 × a year of fees (30,000) below the 50,000: the vendor pays 30,000, the platform keeps 20,000', () => {
    // Small's 20,000 first: all indemnified (cap left 10,000); large's 30,000: 10,000 indemnified, 20,000 kept.
    const record = engineBug({ indemnity: { cap_fees: 0.3 } });
    expectAllocations(record.allocations, [
      ['mispricing_loss', 'sellers:small', 'vendor:engine', 20_000, [...CLAIMED, INDEMNIFIES]],
      ['mispricing_loss', 'sellers:large', 'vendor:engine', 10_000, [...CLAIMED, 'contract:indemnity_cap_binding', INDEMNIFIES]],
      ['mispricing_loss', 'sellers:large', 'platform', 20_000, [...CLAIMED, 'contract:indemnity_cap_binding']],
    ]);
    const binding = record.allocations.find((a) => a.bearer === 'platform')!.trail.find((step) => step.reason === 'indemnity_cap_binding');
    expect(binding?.amount).toBeCloseTo(20_000, 6);
    expect(carriedBy(record.allocations, 'vendor:engine')).toBeCloseTo(30_000, 6);
    expect(carriedBy(record.allocations, 'platform')).toBeCloseTo(20_000, 6);
    expectConserved(record);
  });

  it('a cap in currency units that does not bind (60,000): the vendor pays all 50,000, with no cap step', () => {
    const record = engineBug({ indemnity: { cap_amount: 60_000 } });
    expectAllocations(record.allocations, [
      ['mispricing_loss', 'sellers:small', 'vendor:engine', 20_000, [...CLAIMED, INDEMNIFIES]],
      ['mispricing_loss', 'sellers:large', 'vendor:engine', 30_000, [...CLAIMED, INDEMNIFIES]],
    ]);
  });

  it('a cap used up by the first claim leaves the second with the platform (indemnity_cap_exhausted)', () => {
    const record = engineBug({ indemnity: { cap_amount: 20_000 } });
    const large = record.allocations.filter((a) => a.component.sufferer === 'sellers:large');
    expect(large.map((a) => [a.bearer, Math.round(a.amount), trailCodes(a.trail).at(-1)])).toEqual([['platform', 30_000, 'contract:indemnity_cap_exhausted']]);
  });

  it('an indemnity with no cap pays all; under gross negligence a cap is void, as the licence cap is', () => {
    expect(carriedBy(engineBug({ indemnity: {} }).allocations, 'vendor:engine')).toBeCloseTo(50_000, 6);
    const gross = engineBug({ indemnity: { cap_amount: 1_000 } }, { negligence: { base: 1, gross_share: 1 } });
    expect(carriedBy(gross.allocations, 'vendor:engine')).toBeCloseTo(50_000, 6);
    expect(gross.allocations.some((a) => a.trail.some((step) => step.reason.startsWith('indemnity_cap')))).toBe(false);
  });

  it('an insolvent vendor pays nothing: the platform keeps all, the trail says why', () => {
    const record = engineBug({ indemnity: {}, solvency: 0 });
    expectAllocations(record.allocations, [
      ['mispricing_loss', 'sellers:small', 'platform', 20_000, [...CLAIMED, 'solvency:debtor_insolvent']],
      ['mispricing_loss', 'sellers:large', 'platform', 30_000, [...CLAIMED, 'solvency:debtor_insolvent']],
    ]);
    expectConserved(record);
  });

  it('what the platform pays is what is indemnified: a 50% settlement with its sellers halves it', () => {
    const record = engineBug({ indemnity: {} }, { dispute: settles(0.5) });
    expect(carriedBy(record.allocations, 'vendor:engine')).toBeCloseTo(25_000, 6);
    expect(carriedBy(record.allocations, 'platform')).toBeCloseTo(0, 6);
    expect(carriedBy(record.allocations, 'sellers:small') + carriedBy(record.allocations, 'sellers:large')).toBeCloseTo(25_000, 6);
  });

  it('nothing is indemnified when the platform owes its sellers nothing (the vendor not negligent)', () => {
    const record = engineBug({ indemnity: {} }, { negligence: { base: 0 } });
    expect(carriedBy(record.allocations, 'vendor:engine')).toBe(0);
    expect(record.allocations.some((a) => a.trail.some((step) => step.reason === 'licensee_claims_indemnity'))).toBe(false);
  });

  it("the platform's legal costs of defending its sellers' claims are not indemnified, also when claims are booked at the incident's end", () => {
    // Each seller segment's claim costs the platform 1,000 to defend; costs scaled at exponent 0
    // (× 1) defer the claims to the end of the incident; the indemnity still sees what was paid.
    const dispute = { negotiation: { probability: 1, settlement: constant(1), defendant_costs: constant(1_000), costs_reference_amount: 1, costs_exponent: 0 } };
    const record = engineBug({ indemnity: {} }, { dispute });
    expect(carriedBy(record.allocations, 'vendor:engine')).toBeCloseTo(50_000, 6);
    const legal = record.allocations.filter((a) => a.component.kind === 'legal_costs');
    expect(legal.map((a) => [a.bearer, a.amount])).toEqual([
      ['platform', 1_000],
      ['platform', 1_000],
    ]);
    expectConserved(record);
  });
});

describe("the vendor's own insurance", () => {
  it('treats the indemnity as contractual liability: a tech E&O with that exclusion pays none of it, one without pays it', () => {
    const policy = { name: 'engine-eo', preset: 'tech_eo', insured: 'vendor:engine', limit: 1_000_000, premium: 1_000 };
    const recovered = (extra: Record<string, unknown>) =>
      engineBug({ indemnity: { cap_fees: 0.3 } }, { insurance: { policies: [{ ...policy, ...extra }] } }).recoveries.reduce((sum, r) => sum + r.amount, 0);
    expect(recovered({})).toBe(0);
    expect(recovered({ exclusions: [] })).toBeCloseTo(30_000, 6);
  });
});

describe("the indemnity's cap is its own", () => {
  /**
   * The engine's faulty update takes the platform down for 10 h (it licenses endpoint software
   * too, here the engine): response 20,000 the platform claims under the licence; the sellers'
   * lost margins (small 7,500, large 4,500) it pays them, its seller terms not excluding lost profits.
   */
  const UPDATE = { type: 'outage', name: 'bad-update', at: '2027-03-01T00:00', origin: 'vendor:engine', duration_hours: constant(10), scope: constant(1), incident_response: constant(20_000) };
  const TERMS = { seller_terms: { exclude_consequential: false } };

  it('apart from the licence cap: both 20,000 caps are used in full, the vendor pays 20,000 + 12,000', () => {
    const record = liabilityTrial(
      { inject: [UPDATE], negligence: NEGLIGENT, dispute: settles(1), contracts: TERMS },
      { market: market({ liability_cap_amount: 20_000, indemnity: { cap_amount: 20_000 } }) },
    );
    const vendor = record.allocations.filter((a) => a.bearer === 'vendor:engine');
    const paid = (kind: string, sufferer: string) => vendor.find((a) => a.component.kind === kind && a.component.sufferer === sufferer);
    expect(vendor).toHaveLength(3);
    expectCents(paid('incident_response', 'platform')!.amount, 20_000);
    expect(trailCodes(paid('incident_response', 'platform')!.trail)).toContain('contract:licensee_claims_from_vendor');
    for (const [sufferer, amount] of [
      ['sellers:small', 7_500],
      ['sellers:large', 4_500],
    ] as const) {
      expectCents(paid('seller_lost_margin', sufferer)!.amount, amount);
      expect(trailCodes(paid('seller_lost_margin', sufferer)!.trail).at(-1)).toBe(INDEMNIFIES);
    }
    expectConserved(record);
  });

  it("one solvency draw for all the vendor's debts in the incident: they stand or fall together", () => {
    const outcomes = new Set<string>();
    for (let trial = 1; trial <= 30; trial++) {
      const record = liabilityTrial({ inject: [UPDATE], negligence: NEGLIGENT, dispute: settles(1), contracts: TERMS }, { market: market({ indemnity: {}, solvency: 0.5 }), trial });
      const solvency = record.allocations.flatMap((a) => a.trail.filter((step) => step.rule === 'solvency' && step.threshold === 0.5));
      expect(new Set(solvency.map((step) => step.draw)).size).toBe(1);
      const vendor = carriedBy(record.allocations, 'vendor:engine');
      expect([0, 32_000].map((amount) => Math.abs(vendor - amount) < 0.005)).toContain(true);
      outcomes.add(solvency[0]!.reason);
      expectConserved(record);
    }
    expect([...outcomes].sort()).toEqual(['debtor_insolvent', 'debtor_paid']);
  });
});

describe("a seller segment's repricer: refunds to buyers", () => {
  it('are indemnified, whatever the negligence, up to the cap per seller times the sellers', () => {
    // The small sellers refund 20,000; cap 5 a seller × 1,000 sellers = 5,000: the vendor pays
    // 5,000, the sellers keep 15,000. Without the indemnity they keep all 20,000.
    const input = { inject: [REPRICER_OVERCHARGE], dispute: settles(1) };
    const without = liabilityTrial(input, { market: market() });
    expect(carriedBy(without.allocations, 'sellers:small')).toBeCloseTo(20_000, 6);
    const record = liabilityTrial(input, { market: market({}, { indemnity: { cap_amount: 5 } }) });
    expect(carriedBy(record.allocations, 'vendor:repricer')).toBeCloseTo(5_000, 6);
    expect(carriedBy(record.allocations, 'sellers:small')).toBeCloseTo(15_000, 6);
    const kept = record.allocations.find((a) => a.bearer === 'sellers:small')!;
    expect(trailCodes(kept.trail)).toEqual(['fault:caused_by_vendor:repricer', 'statute:refund_owed', 'solvency:debtor_paid', 'contract:licensee_claims_indemnity', 'contract:indemnity_cap_binding']);
    expectConserved(record);
  });

  it('an indemnity that requires negligence pays nothing when the vendor was not negligent', () => {
    const input = { inject: [REPRICER_OVERCHARGE], dispute: settles(1) };
    const record = liabilityTrial(input, { market: market({}, { indemnity: { cap_fees: 1, requires_negligence: true } }) });
    expect(carriedBy(record.allocations, 'vendor:repricer')).toBe(0);
    expect(trailCodes(record.allocations[0]!.trail).at(-1)).toBe('contract:indemnity_requires_negligence');
    const negligent = liabilityTrial({ ...input, negligence: NEGLIGENT }, { market: market({}, { indemnity: { cap_fees: 1, requires_negligence: true } }) });
    expect(carriedBy(negligent.allocations, 'vendor:repricer')).toBeCloseTo(20_000, 6);
  });
});

describe("a breach through a vendor's script", () => {
  /**
   * 10,000 people notified (1% of 1,000,000 accounts, contact data); half live elsewhere than the
   * EU and California, where the class settles at 2 a record: an award of 10,000. The GDPR fine is
   * 30,000. The widget is not negligent, so the licence claim recovers nothing.
   */
  const WIDGET = { name: 'chat-widget', role: 'chat_widget', licensed_by: ['platform'], annual_fees: 50_000, security_posture: 0 };
  const SKIMMING = {
    type: 'breach',
    name: 'skimming',
    at: '2027-03-01T00:00',
    target: 'platform',
    origin: 'vendor:chat-widget',
    exposed_share: constant(0.01),
    days_to_contain: constant(0),
    data_classes: ['contact'],
  };
  const input = {
    inject: [SKIMMING],
    breach_costs: { forensics_fixed: 10_000, forensics_per_day: 0, notification_per_record: 1 },
    regulation: { gdpr: { fine_probability: 1, fine: constant(30_000) }, other: { filing_probability: 1, settlement_per_record: constant(2) } },
    negligence: { base: 0 },
    dispute: settles(1),
  };

  it("indemnifies the class's award, not the fine, nor the controller's own costs", () => {
    const record = liabilityTrial(input, { market: { ...FLAT_MARKET, vendors: [{ ...WIDGET, indemnity: {} }] } });
    const vendor = record.allocations.filter((a) => a.bearer === 'vendor:chat-widget');
    expect(vendor.map((a) => a.component.kind)).toEqual(['class_action']);
    expectCents(vendor[0]!.amount, 10_000);
    const fine = record.allocations.filter((a) => a.component.kind === 'regulatory_fine');
    expect(fine.map((a) => [a.bearer, a.amount, trailCodes(a.trail).at(-1)])).toEqual([['platform', 30_000, 'statute:controller_fined_for_vendor']]);
    for (const kind of ['forensics', 'notification']) {
      expect(record.allocations.filter((a) => a.component.kind === kind).map((a) => a.bearer)).toEqual(['platform']);
    }
    expectConserved(record);
  });

  it('indemnifies what the licence claim left of the award: settled at 50% under the licence, the other half under the indemnity', () => {
    // Negligent widget: the licence claim recovers 50% of each cost (forensics 5,000, notification
    // 5,000, award 5,000); the indemnity then takes the award's other 5,000 (not contested again).
    const negligent = { ...input, negligence: { base: 1, gross_share: 0 }, dispute: settles(0.5) };
    const record = liabilityTrial(negligent, { market: { ...FLAT_MARKET, vendors: [{ ...WIDGET, indemnity: {} }] } });
    const award = record.allocations.filter((a) => a.component.kind === 'class_action');
    expect(award.map((a) => [a.bearer, Math.round(a.amount), trailCodes(a.trail).at(-1)])).toEqual([
      ['vendor:chat-widget', 5_000, 'dispute:settled_in_negotiation'],
      ['vendor:chat-widget', 5_000, INDEMNIFIES],
    ]);
    expectCents(carriedBy(record.allocations, 'vendor:chat-widget'), 20_000);
    expectConserved(record);
  });
});

const writeScenario = scenarioWriter('faultline-vendor-indemnity');

describe('from the CLI', () => {
  it('a run with an indemnity: the vendor carries what it indemnifies in summary.csv', async () => {
    const out = join(makeTempFolder('faultline-indemnity-report'), 'report');
    const file = writeScenario({
      name: 'indemnity-run',
      seed: 3,
      trials: 20,
      market: market({ indemnity: { cap_fees: 0.3 } }),
      negligence: NEGLIGENT,
      dispute: settles(1),
      inject: [ENGINE_BUG],
    });
    const result = await runCli(['run', file, '--out', out, '--no-charts']);
    expectExit(result, 0);
    const { rows } = parseCsv(readFileSync(join(out, 'summary.csv'), 'utf8'));
    const mean = (bearer: string) => Number(rows.find((row) => row.bearer === bearer)?.mean);
    expect(mean('vendor:engine')).toBeCloseTo(30_000, 2);
    expect(mean('platform')).toBeCloseTo(20_000, 2);
    // explain words the indemnity's steps in each allocation's trail.
    const explained = await runCli(['explain', file, '--workers', '1']);
    expectExit(explained, 0);
    for (const step of ['The licensee claims the USD', "The indemnity's cap was reached", 'Vendor engine pays the licensee USD']) {
      expect(explained.stdout).toContain(step);
    }
    expect(explained.stdout).toContain('platform USD 20,000; vendor:engine USD 30,000');
  });

  it.each([
    ['a negative cap in fees', { cap_fees: -1 }, 'market.vendors[0].indemnity.cap_fees', 'expected a number ≥ 0, got -1'],
    ['a negative cap amount', { cap_amount: -5 }, 'market.vendors[0].indemnity.cap_amount', 'expected a number ≥ 0, got -5'],
    ['both caps', { cap_fees: 1, cap_amount: 1_000 }, 'market.vendors[0].indemnity.cap_amount', 'expected cap_fees or cap_amount, not both'],
    ['an unknown key', { cap: 1_000 }, 'market.vendors[0].indemnity.cap', 'expected a known field (known fields: cap_fees, cap_amount, requires_negligence), got unknown field "cap"'],
    ['requires_negligence not a boolean', { requires_negligence: 'yes' }, 'market.vendors[0].indemnity.requires_negligence', 'expected true or false, got "yes"'],
  ])('%s is refused with exit 2, naming the field', async (_, indemnity, path, message) => {
    const file = writeScenario({ name: 'indemnity', seed: 1, trials: 10, market: market({ indemnity }), inject: [ENGINE_BUG] });
    const result = await runCli(['validate', file]);
    expectExit(result, 2);
    // Located: file:line:column, then the field's path and the message.
    expect(result.stderr).toContain(`: ${path}: ${message}`);
    expect(result.stderr).toMatch(/\.yaml:\d+:\d+: market\.vendors\[0\]\.indemnity/);
  });
});
