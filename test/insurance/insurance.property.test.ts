import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COVERAGE_INDEX, payLayer, payPrimary, type LayerTerms, type PrimaryTerms } from '../../src/insurance/occurrence-terms.ts';
import { COVERAGE_TAGS, type CoverageTag } from '../../src/scenario/schema/coverage.ts';

/**
 * Properties of one policy's per-occurrence terms (MODEL §9 steps 1–4), on random terms and
 * random occurrences; the stage's erosion of the aggregate is simulated by the test as
 * `apply-insurance.ts` does it (the aggregate left falls by each payment's `eroded`).
 */

const DEFENSE = COVERAGE_INDEX.get('defense_costs')!;
const RUNS = 300;

/** `a ≤ b` up to rounding. */
function expectAtMost(a: number, b: number, label: string): void {
  expect(a, `${label}: ${a} > ${b}`).toBeLessThanOrEqual(b + 1e-9 * Math.max(1, Math.abs(b)));
}

const amount = (max: number) => fc.double({ min: 0, max, noNaN: true, noDefaultInfinity: true });
const fraction = fc.double({ min: 0, max: 1, noNaN: true });

/** Random per-coverage amounts: a few tags, some repeated (they add up). */
const claimedArbitrary = fc.array(fc.tuple(fc.constantFrom(...COVERAGE_TAGS), fc.oneof(amount(2e6), amount(100))), { minLength: 0, maxLength: 6 }).map((entries) => {
  const claimed = new Float64Array(COVERAGE_TAGS.length);
  for (const [tag, value] of entries) {
    const c = COVERAGE_INDEX.get(tag)!;
    claimed[c] = claimed[c]! + value;
  }
  return claimed;
});

/** Random primary terms: sublimits on some coverages (at most the limit). */
const primaryArbitrary = fc
  .record({
    retention: fc.oneof(fc.constant(0), amount(1e6)),
    limit: fc.double({ min: 1, max: 2e6, noNaN: true }),
    coinsurance: fc.oneof(fc.constant(0), fraction),
    share: fc.oneof(fc.constant(1), fraction),
    defenseOutsideLimits: fc.boolean(),
    sublimited: fc.array(fc.tuple(fc.constantFrom(...COVERAGE_TAGS), fraction), { maxLength: 4 }),
  })
  .map(({ sublimited, ...terms }): PrimaryTerms => {
    const sublimits = new Float64Array(COVERAGE_TAGS.length).fill(Infinity);
    for (const [tag, part] of sublimited) sublimits[COVERAGE_INDEX.get(tag)!] = part * terms.limit;
    return { ...terms, sublimits };
  });

const layerArbitrary = fc.record({
  attachment: fc.oneof(fc.constant(0), amount(2e6)),
  limit: fc.double({ min: 1, max: 2e6, noNaN: true }),
  coinsurance: fc.oneof(fc.constant(0), fraction),
  share: fc.oneof(fc.constant(1), fraction),
});

/** The aggregate: the default (limit × share) or an amount from nothing to three limits; with reinstatements. */
const aggregateArbitrary = fc.record({ default: fc.boolean(), part: fc.double({ min: 0, max: 3, noNaN: true }), reinstatements: fc.integer({ min: 0, max: 2 }) });

function capacityOf(limit: number, share: number, aggregate: { default: boolean; part: number; reinstatements: number }): number {
  return (aggregate.default ? limit * share : aggregate.part * limit) * (1 + aggregate.reinstatements);
}

const sum = (claimed: Float64Array) => claimed.reduce((total, value) => total + value, 0);
const lossOf = (terms: PrimaryTerms, claimed: Float64Array) => claimed.reduce((total, value, c) => (c === DEFENSE && terms.defenseOutsideLimits ? total : total + value), 0);

/** The part of a payment paid for defense outside limits (0 when within). */
function defenseOutside(payment: { paid: number; eroded: number }): number {
  return payment.paid - payment.eroded;
}

describe('a policy per occurrence and per year', () => {
  it('pays at most share · limit per occurrence (defense outside limits on top, at most share · (1 − coinsurance) · its cost)', () => {
    fc.assert(
      fc.property(primaryArbitrary, claimedArbitrary, fc.oneof(fc.constant(Infinity), amount(3e6)), (terms, claimed, left) => {
        const payment = payPrimary(terms, claimed, left);
        expect(payment.paid).toBeGreaterThanOrEqual(0);
        expect(payment.eroded).toBeGreaterThanOrEqual(0);
        expectAtMost(payment.eroded, terms.share * terms.limit, 'within the limit');
        expectAtMost(payment.eroded, left, 'within the aggregate left');
        if (terms.defenseOutsideLimits) {
          expectAtMost(defenseOutside(payment), terms.share * Math.min((1 - terms.coinsurance) * claimed[DEFENSE]!, terms.sublimits[DEFENSE]!), 'defense outside limits');
        } else {
          expect(payment.paid).toBe(payment.eroded);
          expectAtMost(payment.paid, terms.share * terms.limit, 'paid');
        }
        expect(payment.utilisation).toBeGreaterThanOrEqual(0);
        expect(payment.utilisation).toBeLessThanOrEqual(1);
      }),
      { numRuns: RUNS },
    );
  });

  it('pays in a year at most its aggregate × (1 + reinstatements), eroded occurrence after occurrence', () => {
    fc.assert(
      fc.property(primaryArbitrary, aggregateArbitrary, fc.array(claimedArbitrary, { minLength: 1, maxLength: 20 }), (terms, aggregate, year) => {
        const capacity = capacityOf(terms.limit, terms.share, aggregate);
        let left = capacity;
        let eroded = 0;
        for (const claimed of year) {
          const payment = payPrimary(terms, claimed, left);
          expect(payment.eroded).toBeGreaterThanOrEqual(0);
          left -= payment.eroded;
          eroded += payment.eroded;
          expectAtMost(payment.paid - defenseOutside(payment), terms.share * terms.limit, 'occurrence');
        }
        expectAtMost(eroded, capacity, 'year');
        expect(left).toBeGreaterThanOrEqual(-1e-9 * Math.max(1, capacity));
      }),
      { numRuns: RUNS },
    );
  });

  it('a layer pays at most share · limit per occurrence and its aggregate in a year', () => {
    fc.assert(
      fc.property(layerArbitrary, aggregateArbitrary, fc.array(amount(5e6), { minLength: 1, maxLength: 20 }), (terms: LayerTerms, aggregate, year) => {
        const capacity = capacityOf(terms.limit, terms.share, aggregate);
        let left = capacity;
        let paid = 0;
        for (const x of year) {
          const payment = payLayer(terms, x, left);
          expect(payment.paid).toBeGreaterThanOrEqual(0);
          expect(payment.paid).toBe(payment.eroded);
          expectAtMost(payment.paid, terms.share * terms.limit, 'occurrence');
          expectAtMost(payment.paid, Math.max(x - terms.attachment, 0), 'above the attachment');
          left -= payment.eroded;
          paid += payment.paid;
        }
        expectAtMost(paid, capacity, 'year');
      }),
      { numRuns: RUNS },
    );
  });

  it('never pays more than the insured paid (Σ X_c)', () => {
    fc.assert(
      fc.property(primaryArbitrary, claimedArbitrary, (terms, claimed) => {
        expectAtMost(payPrimary(terms, claimed, Infinity).paid, sum(claimed), 'paid');
      }),
      { numRuns: RUNS },
    );
  });

  it('raising the retention never raises the payment', () => {
    fc.assert(
      fc.property(primaryArbitrary, claimedArbitrary, amount(1e6), fc.oneof(fc.constant(Infinity), amount(3e6)), (terms, claimed, more, left) => {
        const lower = payPrimary(terms, claimed, left).paid;
        const higher = payPrimary({ ...terms, retention: terms.retention + more }, claimed, left).paid;
        expectAtMost(higher, lower, 'higher retention');
      }),
      { numRuns: RUNS },
    );
  });

  it('raising the coinsurance never raises the payment; the share scales it', () => {
    fc.assert(
      fc.property(primaryArbitrary, claimedArbitrary, fraction, (terms, claimed, more) => {
        const base = payPrimary(terms, claimed, Infinity).paid;
        const coinsured = payPrimary({ ...terms, coinsurance: terms.coinsurance + (1 - terms.coinsurance) * more }, claimed, Infinity).paid;
        expectAtMost(coinsured, base, 'higher coinsurance');
        const whole = payPrimary({ ...terms, share: 1 }, claimed, Infinity).paid;
        expect(Math.abs(base - terms.share * whole)).toBeLessThanOrEqual(1e-9 * Math.max(1, whole));
      }),
      { numRuns: RUNS },
    );
  });

  it('pays nothing until the loss (as the policy counts it) exceeds the retention, except defense outside limits', () => {
    fc.assert(
      fc.property(primaryArbitrary, claimedArbitrary, (terms, claimed) => {
        const payment = payPrimary(terms, claimed, Infinity);
        if (lossOf(terms, claimed) <= terms.retention) expect(payment.eroded).toBe(0);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('a tower stacked end to end', () => {
  /** Primary r, L1 and layers L2, L3 over it vs one policy r, L1 + L2 + L3: same coinsurance and share throughout. */
  const towerArbitrary = fc.record({
    retention: fc.oneof(fc.constant(0), amount(1e6)),
    limits: fc.tuple(fc.double({ min: 1, max: 2e6, noNaN: true }), fc.double({ min: 1, max: 2e6, noNaN: true }), fc.double({ min: 1, max: 2e6, noNaN: true })),
    coinsurance: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.9, noNaN: true })),
    share: fc.oneof(fc.constant(1), fraction),
    claimed: fc.array(fc.tuple(fc.constantFrom<CoverageTag>('third_party_damages', 'forensics', 'privacy_liability', 'business_interruption'), amount(8e6)), { minLength: 1, maxLength: 3 }),
  });

  function expectTowerEqualsOnePolicy(coinsurance: number, share: number, retention: number, limits: readonly [number, number, number], entries: readonly (readonly [CoverageTag, number])[]): void {
    const claimed = new Float64Array(COVERAGE_TAGS.length);
    for (const [tag, value] of entries) {
      const c = COVERAGE_INDEX.get(tag as CoverageTag)!;
      claimed[c] = claimed[c]! + value;
    }
    const x = sum(claimed);
    const [l1, l2, l3] = limits;
    const noSublimits = new Float64Array(COVERAGE_TAGS.length).fill(Infinity);
    const base = { coinsurance, share, sublimits: noSublimits, defenseOutsideLimits: false };
    const first = retention + l1 / (1 - coinsurance);
    const second = first + l2 / (1 - coinsurance);
    const tower =
      payPrimary({ ...base, retention, limit: l1 }, claimed, Infinity).paid +
      payLayer({ attachment: first, limit: l2, coinsurance, share }, x, Infinity).paid +
      payLayer({ attachment: second, limit: l3, coinsurance, share }, x, Infinity).paid;
    const single = payPrimary({ ...base, retention, limit: l1 + l2 + l3 }, claimed, Infinity).paid;
    expect(Math.abs(tower - single), `X = ${x}: tower ${tower}, one policy ${single}`).toBeLessThanOrEqual(1e-9 * Math.max(tower, single, 1e-3));
  }

  it('pays in sum exactly what one policy with retention r and limit L1 + L2 + L3 pays (share 1, no coinsurance)', () => {
    fc.assert(
      fc.property(towerArbitrary, ({ retention, limits, claimed }) => expectTowerEqualsOnePolicy(0, 1, retention, limits, claimed)),
      { numRuns: RUNS },
    );
  });

  it('the same with coinsurance (layers attaching at r + L/(1 − coinsurance)) and a common share', () => {
    fc.assert(
      fc.property(towerArbitrary, ({ retention, limits, coinsurance, share, claimed }) => expectTowerEqualsOnePolicy(coinsurance, share, retention, limits, claimed)),
      { numRuns: RUNS },
    );
  });

  it('holds at the seams: X exactly at each attachment and at the top of the tower', () => {
    const [r, l1, l2, l3] = [15, 30, 25, 40];
    for (const x of [0, r, r + l1, r + l1 + l2, r + l1 + l2 + l3, r + l1 + l2 + l3 + 1]) {
      expectTowerEqualsOnePolicy(0, 1, r, [l1, l2, l3], [['third_party_damages', x]]);
    }
  });
});
