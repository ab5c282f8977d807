import { describe, expect, it } from 'vitest';
import { runCli, scenarioWriter } from '../helpers/run-cli.ts';
import { FLAT_MARKET, constant, expectComponents, marketScenario, runTrial } from '../helpers/fixed-trial.ts';
import { expectConserved, liabilityTrial } from '../helpers/liability-trial.ts';
import { expectExit } from '../helpers/expect-exit.ts';

/**
 * First-party retail and the mispricing rush (MODEL §13): a share of GMV the platform sells
 * itself, so a price error or an outage on its own listings is its own loss; a wrong low price
 * that draws a surge of orders, bounded by the units listed, honoured or cancelled.
 *
 * The flat market sells 10,000 an hour; with first_party_share 0.3 the platform sells 3,000 of it
 * (margin 0.4) and the sellers 7,000 (small 0.4 of it, large 0.6).
 */
const RETAIL_MARKET = { ...FLAT_MARKET, first_party_share: 0.3, first_party_margin: 0.4 };

/** The platform's pricing code sells everything at 40% off for 10 h: 100,000 of GMV at list price. */
function mispricing(extra: Record<string, unknown> = {}) {
  return {
    type: 'bug',
    name: 'mispricing',
    at: '2027-03-01T00:00',
    origin: 'platform',
    error: 'mispricing',
    window_hours: constant(10),
    share: constant(1),
    price_error: constant(0.4),
    ...extra,
  };
}

describe('first-party retail', () => {
  it("books the platform's own share of a mispricing as its own uninsured loss, the sellers' share as theirs", () => {
    // Gap 100,000 × 0.4 = 40,000: platform 0.3 → 12,000; sellers 0.7 → 28,000 (small 11,200, large 16,800).
    const { components } = runTrial(marketScenario({ inject: [mispricing()] }, RETAIL_MARKET));
    expectComponents(components, [
      ['mispricing_loss', 'platform', 12_000, 'uninsured'],
      ['mispricing_loss', 'sellers:small', 11_200, 'third_party_damages'],
      ['mispricing_loss', 'sellers:large', 16_800, 'third_party_damages'],
    ]);
  });

  it('splits an outage: commission on the sellers’ part, the platform’s own margin on its part', () => {
    // 10 h at full scope: 100,000 of demand, 75,000 lost after 25% recapture. Sellers' 52,500:
    // small 21,000 × 0.25 = 5,250, large 31,500 × 0.1 = 3,150, commission 5,250; first party 22,500 × 0.4 = 9,000.
    const outage = { type: 'outage', name: 'down', at: '2027-03-01T00:00', duration_hours: constant(10), scope: constant(1) };
    const { components } = runTrial(marketScenario({ inject: [outage] }, RETAIL_MARKET));
    expectComponents(components, [
      ['seller_lost_margin', 'sellers:small', 5_250, 'business_interruption'],
      ['seller_lost_margin', 'sellers:large', 3_150, 'business_interruption'],
      ['platform_lost_commission', 'platform', 5_250, 'business_interruption'],
      ['platform_lost_margin', 'platform', 9_000, 'business_interruption'],
    ]);
  });

  it("a seller's repricing algorithm never touches the platform's own listings", () => {
    // The large segment's algorithm: 10 h × 10,000 × 0.7 × 0.6 = 42,000 at 40% off = 16,800, all the segment's.
    const bug = { ...mispricing(), origin: 'algorithm', segment: 'large' };
    const { components } = runTrial(marketScenario({ inject: [bug] }, RETAIL_MARKET));
    expectComponents(components, [['mispricing_loss', 'sellers:large', 16_800, 'third_party_damages']]);
  });
});

describe('a mispricing that draws a rush', () => {
  it('multiplies the mispriced orders by the surge, up to the units listed', () => {
    // Surge 5: 500,000 of orders at list price. Unbounded: gap 200,000 (platform 60,000, sellers 140,000).
    const { components } = runTrial(marketScenario({ inject: [mispricing({ surge: constant(5) })] }, RETAIL_MARKET));
    expectComponents(components, [
      ['mispricing_loss', 'platform', 60_000, 'uninsured'],
      ['mispricing_loss', 'sellers:small', 56_000, 'third_party_damages'],
      ['mispricing_loss', 'sellers:large', 84_000, 'third_party_damages'],
    ]);
    // 4,000 units at an order value of 50: at most 200,000 of orders, gap 80,000.
    const bounded = runTrial(marketScenario({ inject: [mispricing({ surge: constant(5), units_listed: 4_000 })] }, RETAIL_MARKET));
    expect(bounded.components.reduce((sum, c) => sum + c.amount, 0)).toBeCloseTo(80_000, 6);
  });

  it('honours a share of the orders and cancels the rest at the cancellation cost', () => {
    // 100,000 of orders = 2,000 orders; a quarter honoured: gap 25,000 × 0.4 = 10,000; 1,500 cancelled at 4 = 6,000.
    const { components } = runTrial(marketScenario({ inject: [mispricing({ honour_policy: 0.25, cancellation_cost: 4 })] }, RETAIL_MARKET));
    expectComponents(components, [
      ['mispricing_loss', 'platform', 3_000, 'uninsured'],
      ['mispricing_loss', 'sellers:small', 2_800, 'third_party_damages'],
      ['mispricing_loss', 'sellers:large', 4_200, 'third_party_damages'],
      ['cancellation_handling', 'platform', 1_800, 'uninsured'],
      ['cancellation_handling', 'sellers:small', 1_680, 'third_party_damages'],
      ['cancellation_handling', 'sellers:large', 2_520, 'third_party_damages'],
    ]);
    const cancelled = runTrial(marketScenario({ inject: [mispricing({ honour_policy: 'cancel', cancellation_cost: 4 })] }, RETAIL_MARKET));
    expect(cancelled.components.map((c) => c.kind)).not.toContain('mispricing_loss');
    expect(cancelled.components.reduce((sum, c) => sum + c.amount, 0)).toBeCloseTo(8_000, 6);
  });

  it("sellers claim their cancellation costs from a negligent platform, and the incident's loss is conserved", () => {
    const record = liabilityTrial(
      { inject: [mispricing({ honour_policy: 'cancel', cancellation_cost: 4 })], negligence: { base: 1, gross_share: 0 }, dispute: { negotiation: { probability: 1, settlement: constant(1) } } },
      { market: { ...RETAIL_MARKET, platform: { ...RETAIL_MARKET.platform, security_posture: 0 } } },
    );
    // 8,000 of cancellations: all of it ends with the platform (its own 2,400 and the sellers' 5,600 paid in full).
    const platform = record.allocations.filter((a) => a.bearer === 'platform').reduce((sum, a) => sum + a.amount, 0);
    expect(platform).toBeCloseTo(8_000, 6);
    expectConserved(record);
  });
});

const writeScenario = scenarioWriter('faultline-first-party');

describe('bad input', () => {
  it.each([
    ['a surge below 1', { surge: constant(0.5) }, 'inject[0].surge.value', 'expected a surge of at least 1'],
    ['a uniform surge from below 1', { surge: { dist: 'uniform', min: 0.2, max: 3 } }, 'inject[0].surge.min', 'expected a surge of at least 1'],
    ['an honour policy that is no policy', { honour_policy: 'sometimes' }, 'inject[0].honour_policy', 'expected honour, cancel or a share of orders honoured from 0 to 1, got "sometimes"'],
    ['an honoured share above 1', { honour_policy: 1.5 }, 'inject[0].honour_policy', 'expected a number from 0 to 1, got 1.5'],
    ['a surge on an overcharge', { error: 'overcharge', surge: constant(2) }, 'inject[0].surge', 'expected surge only on a mispricing bug'],
    ['units listed on a payment failure', { error: 'payment_failure', units_listed: 10 }, 'inject[0].units_listed', 'expected units_listed only on a mispricing bug'],
  ])('%s is refused with exit 2, naming the field', async (_, extra, path, message) => {
    const file = writeScenario({ name: 'rush', seed: 1, trials: 10, market: RETAIL_MARKET, inject: [mispricing(extra)] });
    const result = await runCli(['validate', file]);
    expectExit(result, 2);
    expect(result.stderr).toContain(path);
    expect(result.stderr).toContain(message);
  });

  it('a first_party_share above 1 is refused', async () => {
    const file = writeScenario({ name: 'rush', seed: 1, trials: 10, market: { ...RETAIL_MARKET, first_party_share: 1.2 }, inject: [mispricing()] });
    const result = await runCli(['validate', file]);
    expectExit(result, 2);
    expect(result.stderr).toContain('market.first_party_share');
  });
});
