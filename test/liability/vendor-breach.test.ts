import { describe, expect, it } from 'vitest';
import { expectExit } from '../helpers/expect-exit.ts';
import { FLAT_MARKET, constant } from '../helpers/fixed-trial.ts';
import { carriedBy, expectAllocations, expectConserved, liabilityTrial, settles } from '../helpers/liability-trial.ts';
import { runCli, scenarioWriter } from '../helpers/run-cli.ts';

/**
 * A breach through a vendor's software on the platform's pages (MODEL §13: a skimming script in
 * a chat widget). The vendor is the responsible party, with its own posture; the platform, the
 * controller whose pages ran the script, bears the breach's costs first and claims them from the
 * vendor under the licence (capped at its fees, contested); a fine stays with the controller.
 *
 * Flat market: 1,000,000 accounts, every one with contact data, half with a card. A breach of the
 * platform exposing 1% of the accounts reaches 10,000 people; the widget (posture 0, licensed by
 * the platform at 50,000 a year, cap 1 × fees) is negligent with probability 1 at base 1.
 * Forensics 10,000 fixed; notification 1 a person: 10,000; a GDPR fine of 30,000 (probability 1,
 * flat method, EU people present), doubled by the default fine_multiplier of 2 as the vendor was
 * negligent: 60,000.
 */
const WIDGET = { name: 'chat-widget', role: 'chat_widget', licensed_by: ['platform'], annual_fees: 50_000, security_posture: 0 };
const MARKET = { ...FLAT_MARKET, vendors: [WIDGET] };
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
const COSTS = { forensics_fixed: 10_000, forensics_per_day: 0, notification_per_record: 1 };
const FINE = { gdpr: { fine_probability: 1, fine: constant(30_000) } };
const TRAIL = ['fault:caused_by_vendor:chat-widget', 'negligence:negligent', 'contract:licensee_claims_from_vendor', 'dispute:settled_in_negotiation'];

describe("a breach through a vendor's script on the platform's pages", () => {
  it('the platform claims its breach costs from the negligent vendor; the fine stays with it', () => {
    const record = liabilityTrial({ inject: [SKIMMING], breach_costs: COSTS, regulation: FINE, negligence: { base: 1, gross_share: 0 }, dispute: settles(0.5) }, { market: MARKET });
    expectAllocations(record.allocations, [
      ['forensics', 'platform', 'vendor:chat-widget', 5_000, TRAIL],
      ['forensics', 'platform', 'platform', 5_000, TRAIL],
      ['notification', 'platform', 'vendor:chat-widget', 5_000, TRAIL],
      ['notification', 'platform', 'platform', 5_000, TRAIL],
      ['regulatory_fine', 'platform', 'platform', 60_000, ['fault:caused_by_vendor:chat-widget', 'negligence:negligent', 'statute:controller_fined_for_vendor']],
    ]);
    expectConserved(record);
  });

  it('is capped at the licence: a cap of 4,000 leaves the rest with the platform', () => {
    const market = { ...MARKET, vendors: [{ ...WIDGET, liability_cap_amount: 4_000 }] };
    const record = liabilityTrial({ inject: [SKIMMING], breach_costs: COSTS, negligence: { base: 1, gross_share: 0 }, dispute: settles(1) }, { market });
    expect(carriedBy(record.allocations, 'vendor:chat-widget')).toBeCloseTo(4_000, 6);
    expect(carriedBy(record.allocations, 'platform')).toBeCloseTo(16_000, 6);
  });

  it('stays with the platform when the vendor was not negligent, as a breach of its own would', () => {
    const record = liabilityTrial({ inject: [SKIMMING], breach_costs: COSTS, negligence: { base: 0 }, dispute: settles(1) }, { market: MARKET });
    expect(carriedBy(record.allocations, 'vendor:chat-widget')).toBe(0);
    expect(carriedBy(record.allocations, 'platform')).toBeCloseTo(20_000, 6);
  });
});

describe('a vendor origin on a breach that cannot be', () => {
  const write = scenarioWriter('vendor-breach');
  const scenario = (breach: Record<string, unknown>, vendors: unknown[] = [WIDGET]) => write({ name: 'bad', market: { ...FLAT_MARKET, vendors }, inject: [{ ...SKIMMING, ...breach }] });

  it.each([
    [{ origin: 'vendor:chat-widgte' }, [WIDGET], 'inject[0].origin', 'did you mean "vendor:chat-widget"?'],
    [{ target: 'processor', processor: 'payments' }, [WIDGET], 'inject[0].origin', 'expected target platform or seller'],
    [{}, [{ ...WIDGET, licensed_by: ['sellers:small'] }], 'inject[0].origin', 'expected a vendor the platform licenses'],
    [{ target: 'seller' }, [{ ...WIDGET, licensed_by: ['sellers:small'] }], 'inject[0].segment', 'expected the seller segment whose shops run vendor:chat-widget'],
    [{ target: 'seller', segment: 'large' }, [{ ...WIDGET, licensed_by: ['sellers:small'] }], 'inject[0].segment', 'expected a seller segment that licenses vendor:chat-widget'],
    [{ origin: 'widget' }, [WIDGET], 'inject[0].origin', 'expected target or vendor:<name>, got "widget"'],
  ])('%j is a located error (exit 2)', async (breach, vendors, path, message) => {
    const file = scenario(breach, vendors);
    const result = await runCli(['validate', file]);
    expectExit(result, 2);
    expect(result.stderr).toContain(path);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+`));
  });
});
