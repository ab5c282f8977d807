import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectExit } from '../helpers/expect-exit.ts';
import { FLAT_MARKET, constant, expectComponents, marketScenario, runTrial } from '../helpers/fixed-trial.ts';
import { carriedBy, expectAllocations, expectConserved, liabilityTrial, settles } from '../helpers/liability-trial.ts';
import { makeTempFolder, parseCsv, runCli, scenarioWriter } from '../helpers/run-cli.ts';

/**
 * Third-party vendors as parties (MODEL §13): an incident that starts in a vendor's software
 * makes the vendor the responsible party (negligence with the vendor's own posture); its licensee
 * claims its own losses from it under the licence (lost profits excluded unless gross, a cap per
 * licensee in fees, a dispute, the vendor's solvency); everyone else deals with the licensee as if
 * the code were its own. `vendor:<name>` is a bearer like any other.
 *
 * Flat market (10,000 of GMV an hour): segment small (1,000 sellers, 40% of GMV, margin 0.25),
 * large (10 sellers, 60%, margin 0.1); take rate 0.1, recapture 0.25. The repricer is licensed by
 * the small sellers at 600 a year each, the endpoint software by the platform at 100,000 a year;
 * both vendors have posture 0, so with base 1 the negligence probability is 1 × (1 − 0) × 1 = 1.
 */
const REPRICER = { name: 'repricer', role: 'repricer', licensed_by: ['sellers:small'], annual_fees: 600, security_posture: 0 };
const ENDPOINT = { name: 'endpoint', role: 'endpoint_security', licensed_by: ['platform'], annual_fees: 100_000, security_posture: 0 };
const VENDOR_MARKET = { ...FLAT_MARKET, vendors: [REPRICER, ENDPOINT] };
const NEGLIGENT = { base: 1, gross_share: 0 };
const GROSSLY_NEGLIGENT = { base: 1, gross_share: 1 };

/**
 * The repricer sets the small sellers' prices 50% too low for 10 h: GMV touched 10 × 10,000 × 0.4
 * = 40,000, so the small sellers lose 20,000; the vendor pays its own 5,000 of remediation.
 */
function repricerBug(extra: Record<string, unknown> = {}) {
  return {
    type: 'bug',
    name: 'penny-prices',
    at: '2027-03-01T00:00',
    origin: 'vendor:repricer',
    error: 'mispricing',
    window_hours: constant(10),
    share: constant(1),
    price_error: constant(0.5),
    remediation: constant(5_000),
    ...extra,
  };
}

/** The endpoint software's faulty update takes the platform down for 10 h: lost GMV 75,000; response 20,000. */
const BAD_UPDATE = {
  type: 'outage',
  name: 'bad-update',
  at: '2027-03-01T00:00',
  origin: 'vendor:endpoint',
  duration_hours: constant(10),
  scope: constant(1),
  incident_response: constant(20_000),
};

const REPRICER_FAULT = 'fault:caused_by_vendor:repricer';
const CLAIM = 'contract:licensee_claims_from_vendor';

describe("a bug in a seller segment's repricer", () => {
  it('falls on the licensed segment alone, and the vendor bears its own remediation', () => {
    const { components } = runTrial(marketScenario({ inject: [repricerBug()] }, VENDOR_MARKET));
    expectComponents(components, [
      ['mispricing_loss', 'sellers:small', 20_000, 'third_party_damages'],
      ['remediation', 'vendor:repricer', 5_000, 'remediation'],
    ]);
  });

  it('is claimed from a negligent vendor: the settled share is paid, the rest stays with the sellers', () => {
    // Cap 1 × 600 × 1,000 sellers = 600,000 > 20,000; settled at 50%: 10,000 each.
    const record = liabilityTrial({ inject: [repricerBug()], negligence: NEGLIGENT, dispute: settles(0.5) }, { market: VENDOR_MARKET });
    const trail = [REPRICER_FAULT, 'negligence:negligent', CLAIM, 'dispute:settled_in_negotiation'];
    expectAllocations(record.allocations, [
      ['mispricing_loss', 'sellers:small', 'vendor:repricer', 10_000, trail],
      ['mispricing_loss', 'sellers:small', 'sellers:small', 10_000, trail],
      ['remediation', 'vendor:repricer', 'vendor:repricer', 5_000, [REPRICER_FAULT]],
    ]);
    expectConserved(record);
  });

  it('is capped per seller: a cap of 2 per seller lets the segment recover at most 2,000', () => {
    // Cap 2 × 1,000 sellers = 2,000 < 20,000; settled in full: vendor 2,000, sellers keep 18,000.
    const market = { ...VENDOR_MARKET, vendors: [{ ...REPRICER, liability_cap_amount: 2 }, ENDPOINT] };
    const record = liabilityTrial({ inject: [repricerBug()], negligence: NEGLIGENT, dispute: settles(1) }, { market });
    expect(carriedBy(record.allocations, 'vendor:repricer')).toBeCloseTo(2_000 + 5_000, 6);
    expect(carriedBy(record.allocations, 'sellers:small')).toBeCloseTo(18_000, 6);
    expect(record.allocations.some((a) => a.trail.some((step) => step.reason === 'cap_binding'))).toBe(true);
  });

  it('a cap in fees: half a year of fees is 300 a seller, 300,000 for the segment', () => {
    const market = { ...VENDOR_MARKET, vendors: [{ ...REPRICER, liability_cap_fees: 0.0005 }, ENDPOINT] };
    // 0.0005 × 600 = 0.3 a seller, 300 for the segment: the vendor pays 300 of the 20,000.
    const record = liabilityTrial({ inject: [repricerBug()], negligence: NEGLIGENT, dispute: settles(1) }, { market });
    expect(carriedBy(record.allocations, 'vendor:repricer') - 5_000).toBeCloseTo(300, 6);
  });

  it('stays with the sellers when the vendor was not negligent', () => {
    const record = liabilityTrial({ inject: [repricerBug()], negligence: { base: 0 }, dispute: settles(1) }, { market: VENDOR_MARKET });
    expectAllocations(record.allocations, [
      ['mispricing_loss', 'sellers:small', 'sellers:small', 20_000, [REPRICER_FAULT, 'negligence:not_negligent', CLAIM]],
      ['remediation', 'vendor:repricer', 'vendor:repricer', 5_000, [REPRICER_FAULT]],
    ]);
  });

  it('an insolvent vendor pays nothing of what it owes; the trail says why', () => {
    const market = { ...VENDOR_MARKET, vendors: [{ ...REPRICER, solvency: 0 }, ENDPOINT] };
    const record = liabilityTrial({ inject: [repricerBug()], negligence: NEGLIGENT, dispute: settles(1) }, { market });
    const trail = [REPRICER_FAULT, 'negligence:negligent', CLAIM, 'dispute:settled_in_negotiation', 'solvency:debtor_insolvent'];
    expectAllocations(record.allocations, [
      ['mispricing_loss', 'sellers:small', 'sellers:small', 20_000, trail],
      ['remediation', 'vendor:repricer', 'vendor:repricer', 5_000, [REPRICER_FAULT]],
    ]);
    expectConserved(record);
  });

  it("the vendor's posture sets its negligence: posture 1 is never negligent", () => {
    const market = { ...VENDOR_MARKET, vendors: [{ ...REPRICER, security_posture: 1 }, ENDPOINT] };
    const record = liabilityTrial({ inject: [repricerBug()], negligence: NEGLIGENT, dispute: settles(1) }, { market });
    expect(carriedBy(record.allocations, 'vendor:repricer')).toBeCloseTo(5_000, 6);
  });

  it('overcharged buyers are refunded by the sellers the repricer acted for (the merchants), not by the vendor', () => {
    // 40,000 × 0.5 = 20,000 overcharged, owed by sellers:small (solvency 1).
    const record = liabilityTrial({ inject: [repricerBug({ error: 'overcharge', remediation: undefined })], negligence: NEGLIGENT, dispute: settles(1) }, { market: VENDOR_MARKET });
    const refund = record.allocations.filter((a) => a.component.kind === 'overcharge');
    expect(refund.map((a) => [a.bearer, Math.round(a.amount)])).toEqual([['sellers:small', 20_000]]);
    expect(refund[0]!.trail.map((step) => step.reason)).toContain('refund_owed');
  });
});

describe("a vendor's faulty update that takes the platform down", () => {
  it('the platform recovers its direct costs from the vendor; its lost commission and the sellers’ lost margin are excluded', () => {
    // Response 20,000 claimed, cap 1 × 100,000, settled at 50%: 10,000 each. Commission 7,500:
    // consequential, excluded. Sellers' margins (small 7,500, large 4,500): the platform answers to
    // them for its vendor, and its seller terms exclude lost profits.
    const record = liabilityTrial({ inject: [BAD_UPDATE], negligence: NEGLIGENT, dispute: settles(0.5) }, { market: VENDOR_MARKET });
    const fault = 'fault:caused_by_vendor:endpoint';
    expectAllocations(
      record.allocations.filter((a) => a.component.kind !== 'sla_credit'),
      [
        ['incident_response', 'platform', 'vendor:endpoint', 10_000, [fault, 'negligence:negligent', CLAIM, 'dispute:settled_in_negotiation']],
        ['incident_response', 'platform', 'platform', 10_000, [fault, 'negligence:negligent', CLAIM, 'dispute:settled_in_negotiation']],
        ['platform_lost_commission', 'platform', 'platform', 7_500, [fault, 'negligence:negligent', CLAIM, 'contract:lost_profits_excluded']],
        ['seller_lost_margin', 'sellers:small', 'sellers:small', 7_500, [fault, 'negligence:negligent', 'contract:lost_profits_excluded']],
        ['seller_lost_margin', 'sellers:large', 'sellers:large', 4_500, [fault, 'negligence:negligent', 'contract:lost_profits_excluded']],
      ],
    );
    expectConserved(record);
  });

  it('under gross negligence the exclusion and the cap are void: the vendor pays the lost commission too', () => {
    // 20,000 + 7,500 settled in full; the sellers claim from the platform, which answers for its
    // vendor: its seller terms' exclusion is void too, so it pays their 12,000 (cap: a month of
    // fees, 100,000 and 41,666.67, is void under gross negligence).
    const record = liabilityTrial({ inject: [BAD_UPDATE], negligence: GROSSLY_NEGLIGENT, dispute: settles(1) }, { market: VENDOR_MARKET });
    const vendorPaid = record.allocations.filter((a) => a.bearer === 'vendor:endpoint').reduce((sum, a) => sum + a.amount, 0);
    expect(vendorPaid).toBeCloseTo(27_500, 6);
    const toSellers = record.allocations.filter((a) => a.component.kind === 'seller_lost_margin' && a.bearer === 'platform');
    expect(toSellers.reduce((sum, a) => sum + a.amount, 0)).toBeCloseTo(12_000, 6);
    expectConserved(record);
  });
});

const writeScenario = scenarioWriter('faultline-vendors');

describe('from the CLI', () => {
  it('a vendor is a bearer of summary.csv, with what it carried, and can hold its own policy', async () => {
    const out = join(makeTempFolder('faultline-vendors-report'), 'report');
    const file = writeScenario({
      name: 'vendor-run',
      seed: 3,
      trials: 20,
      market: VENDOR_MARKET,
      negligence: NEGLIGENT,
      dispute: settles(1),
      inject: [repricerBug()],
      insurance: {
        policies: [{ name: 'repricer-eo', preset: 'tech_eo', insured: 'vendor:repricer', retention: 1_000, limit: 1_000_000, premium: 2_000 }],
      },
    });
    const result = await runCli(['run', file, '--out', out, '--no-charts']);
    expectExit(result, 0);
    const { rows } = parseCsv(readFileSync(join(out, 'summary.csv'), 'utf8'));
    const vendor = rows.find((row) => row.bearer === 'vendor:repricer');
    expect(vendor, `bearers: ${rows.map((row) => row.bearer).join(', ')}`).toBeDefined();
    expect(rows.some((row) => row.bearer === 'vendor:endpoint')).toBe(true);
    expect(rows.some((row) => row.bearer === 'insurer:repricer-eo')).toBe(true);
  });

  it.each([
    ['an origin naming no vendor', { inject: [repricerBug({ origin: 'vendor:repricr' })] }, 'inject[0].origin', 'did you mean "vendor:repricer"?'],
    ['an outage of a vendor the platform does not license', { inject: [{ ...BAD_UPDATE, origin: 'vendor:repricer' }] }, 'inject[0].origin', 'expected a vendor the platform licenses'],
    ['a repricer bug naming a segment that does not license it', { inject: [repricerBug({ segment: 'large' })] }, 'inject[0].segment', 'expected a seller segment that licenses vendor:repricer'],
    ['an origin that is not vendor:<name>', { inject: [repricerBug({ origin: 'vendors:repricer' })] }, 'inject[0].origin', 'expected platform, seller, algorithm or vendor:<name>'],
    ['a licensee that is no segment', { market: { ...VENDOR_MARKET, vendors: [{ ...REPRICER, licensed_by: ['sellers:smal'] }] } }, 'market.vendors[0].licensed_by[0]', 'did you mean "sellers:small"?'],
    [
      'a licensee that is no party',
      { market: { ...VENDOR_MARKET, vendors: [{ ...REPRICER, licensed_by: ['buyers'] }] } },
      'market.vendors[0].licensed_by[0]',
      'expected platform or sellers:<segment>',
    ],
    ['a solvency above 1', { market: { ...VENDOR_MARKET, vendors: [{ ...REPRICER, solvency: 1.5 }] } }, 'market.vendors[0].solvency', 'expected a number from 0 to 1'],
    ['a negative cap', { market: { ...VENDOR_MARKET, vendors: [{ ...REPRICER, liability_cap_amount: -1 }] } }, 'market.vendors[0].liability_cap_amount', '-1'],
    [
      'a policy for an unknown vendor',
      { insurance: { policies: [{ name: 'eo', preset: 'tech_eo', insured: 'vendor:endpont', limit: 1_000 }] } },
      'insurance.policies[0].insured',
      'did you mean "vendor:endpoint"?',
    ],
  ])('%s is refused with exit 2, naming the field', async (_, extra, path, message) => {
    const file = writeScenario({ name: 'vendors', seed: 1, trials: 10, market: VENDOR_MARKET, inject: [repricerBug()], ...extra });
    const result = await runCli(['validate', file]);
    expectExit(result, 2);
    expect(result.stderr).toContain(path);
    expect(result.stderr).toContain(message);
  });

  it('a bug of a vendor two segments license must name the segment it acts for', async () => {
    const market = { ...VENDOR_MARKET, vendors: [{ ...REPRICER, licensed_by: ['sellers:small', 'sellers:large'] }] };
    const file = writeScenario({ name: 'vendors', seed: 1, trials: 10, market, inject: [repricerBug()] });
    const result = await runCli(['validate', file]);
    expectExit(result, 2);
    expect(result.stderr).toContain('inject[0].segment');
    expect(result.stderr).toContain('expected the segment the bug of vendor:repricer acts for');
  });
});
