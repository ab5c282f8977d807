import { describe, expect, it } from 'vitest';
import { claimedOf, COVERAGE_INDEX, payLayer, payPrimary, type LayerTerms, type PrimaryTerms } from '../../src/insurance/occurrence-terms.ts';
import type { TrailStep } from '../../src/liability/allocation.ts';
import { COVERAGE_TAGS, type CoverageTag } from '../../src/scenario/schema/coverage.ts';

/**
 * Hand-computed occurrences (MODEL §9 steps 1–4): each term alone, then combined, with the
 * trail each term records. Amounts are checked to 1e-9 (the arithmetic is exact in the cases
 * below up to rounding of the last bit).
 */

const CLOSE = 9;

/** Primary terms: no retention, no coinsurance, share 1, defense within limits, no sublimits unless given. */
function primary(terms: Partial<Omit<PrimaryTerms, 'sublimits'>> & { sublimits?: Partial<Record<CoverageTag, number>> } = {}): PrimaryTerms {
  const sublimits = new Float64Array(COVERAGE_TAGS.length).fill(Infinity);
  for (const [tag, amount] of Object.entries(terms.sublimits ?? {})) sublimits[COVERAGE_INDEX.get(tag as CoverageTag)!] = amount;
  return {
    retention: terms.retention ?? 0,
    limit: terms.limit ?? Infinity,
    coinsurance: terms.coinsurance ?? 0,
    share: terms.share ?? 1,
    defenseOutsideLimits: terms.defenseOutsideLimits ?? false,
    sublimits,
  };
}

function layer(terms: Partial<LayerTerms> & { attachment: number; limit: number }): LayerTerms {
  return { coinsurance: 0, share: 1, ...terms };
}

/** Trail steps as [reason, amount] pairs, amounts rounded to 1e-9. */
function reasons(steps: readonly TrailStep[]): [string, number | undefined][] {
  return steps.map((step) => [step.reason, step.amount === undefined ? undefined : Math.round(step.amount * 1e9) / 1e9]);
}

const tpd = (amount: number) => claimedOf({ third_party_damages: amount });

describe('claimedOf', () => {
  it("puts each amount at its tag's index and zero elsewhere", () => {
    const claimed = claimedOf({ forensics: 3, defense_costs: 7 });
    expect(claimed).toHaveLength(COVERAGE_TAGS.length);
    expect(claimed[COVERAGE_INDEX.get('forensics')!]).toBe(3);
    expect(claimed[COVERAGE_INDEX.get('defense_costs')!]).toBe(7);
    expect([...claimed].reduce((a, b) => a + b, 0)).toBe(10);
  });
});

describe('payPrimary: MODEL §9 examples', () => {
  it('retention 15, limit 30: X = 0, 10, …, 60 ↦ 0, 0, 5, 15, 25, 30, 30', () => {
    const terms = primary({ retention: 15, limit: 30 });
    const paid = [0, 10, 20, 30, 40, 50, 60].map((x) => payPrimary(terms, tpd(x), Infinity).paid);
    paid.forEach((p, i) => expect(p).toBeCloseTo([0, 0, 5, 15, 25, 30, 30][i]!, CLOSE));
  });

  it('records the retention, and the limit when it binds', () => {
    const terms = primary({ retention: 15, limit: 30 });
    expect(payPrimary(terms, tpd(0), Infinity).steps).toEqual([]);
    expect(reasons(payPrimary(terms, tpd(10), Infinity).steps)).toEqual([['within_retention', 10]]);
    expect(reasons(payPrimary(terms, tpd(20), Infinity).steps)).toEqual([['retention', 15]]);
    expect(reasons(payPrimary(terms, tpd(45), Infinity).steps)).toEqual([['retention', 15]]); // Y = 30 = limit: the limit does not bite
    expect(reasons(payPrimary(terms, tpd(50), Infinity).steps)).toEqual([
      ['retention', 15],
      ['limit', 5],
    ]);
    expect(reasons(payPrimary(terms, tpd(60), Infinity).steps)).toEqual([
      ['retention', 15],
      ['limit', 15],
    ]);
    for (const step of payPrimary(terms, tpd(60), Infinity).steps) expect(step.rule).toBe('insurance');
  });

  it('limit 30, aggregate 70, three occurrences of 40 ↦ 30, 30, 10; then nothing (the caller erodes)', () => {
    const terms = primary({ limit: 30 });
    let left = 70;
    const paid: number[] = [];
    const trails: ReturnType<typeof reasons>[] = [];
    for (let i = 0; i < 4; i++) {
      const payment = payPrimary(terms, tpd(40), left);
      expect(payment.eroded).toBe(payment.paid);
      left -= payment.eroded;
      paid.push(payment.paid);
      trails.push(reasons(payment.steps));
    }
    expect(paid).toEqual([30, 30, 10, 0]);
    expect(left).toBe(0);
    expect(trails).toEqual([
      [['limit', 10]],
      [['limit', 10]],
      [
        ['limit', 10],
        ['aggregate_binding', 20],
      ],
      [
        ['limit', 10],
        ['aggregate_exhausted', 30],
      ],
    ]);
  });

  it('utilisation is the share of the per-occurrence limit used before the aggregate', () => {
    const terms = primary({ retention: 15, limit: 30 });
    expect(payPrimary(terms, tpd(30), Infinity).utilisation).toBeCloseTo(0.5, CLOSE);
    expect(payPrimary(terms, tpd(60), Infinity).utilisation).toBe(1);
    expect(payPrimary(terms, tpd(60), 0).utilisation).toBe(1);
    expect(payPrimary(terms, tpd(10), Infinity).utilisation).toBe(0);
  });
});

describe('payLayer: MODEL §9 examples', () => {
  it('30 xs 25 at share 0.5: X = 0, 10, …, 60 ↦ 0, 0, 0, 2.5, 7.5, 12.5, 15', () => {
    const terms = layer({ attachment: 25, limit: 30, share: 0.5 });
    const paid = [0, 10, 20, 30, 40, 50, 60].map((x) => payLayer(terms, x, Infinity).paid);
    paid.forEach((p, i) => expect(p).toBeCloseTo([0, 0, 0, 2.5, 7.5, 12.5, 15][i]!, CLOSE));
  });

  it("records the attachment, the limit and the insurer's share", () => {
    const terms = layer({ attachment: 25, limit: 30, share: 0.5 });
    expect(payLayer(terms, 0, Infinity).steps).toEqual([]);
    expect(reasons(payLayer(terms, 20, Infinity).steps)).toEqual([['below_attachment', 20]]);
    expect(payLayer(terms, 40, Infinity).steps).toEqual([
      { rule: 'insurance', reason: 'attachment', amount: 25 },
      { rule: 'insurance', reason: 'share', share: 0.5, amount: 7.5 },
    ]);
    expect(payLayer(terms, 60, Infinity).steps).toEqual([
      { rule: 'insurance', reason: 'attachment', amount: 25 },
      { rule: 'insurance', reason: 'limit', amount: 5 },
      { rule: 'insurance', reason: 'share', share: 0.5, amount: 15 },
    ]);
  });

  it('a layer attaching at 0 records no attachment', () => {
    const payment = payLayer(layer({ attachment: 0, limit: 30 }), 40, Infinity);
    expect(payment.paid).toBe(30);
    expect(reasons(payment.steps)).toEqual([['limit', 10]]);
  });

  it("coinsurance is the insured's part inside the layer, before the limit", () => {
    const terms = layer({ attachment: 25, limit: 30, coinsurance: 0.2 });
    // X = 60: excess 35, the insured keeps 7, 28 < 30.
    const at60 = payLayer(terms, 60, Infinity);
    expect(at60.paid).toBeCloseTo(28, CLOSE);
    expect(reasons(at60.steps)).toEqual([
      ['attachment', 25],
      ['coinsurance', 7],
    ]);
    // X = 100: excess 75, the insured keeps 15, 60 is cut to the limit 30.
    const at100 = payLayer(terms, 100, Infinity);
    expect(at100.paid).toBeCloseTo(30, CLOSE);
    expect(reasons(at100.steps)).toEqual([
      ['attachment', 25],
      ['coinsurance', 15],
      ['limit', 30],
    ]);
  });

  it("erodes its own aggregate: at most the aggregate left, in the insurer's share", () => {
    const terms = layer({ attachment: 25, limit: 30, share: 0.5 });
    const binding = payLayer(terms, 60, 10);
    expect(binding.paid).toBe(10);
    expect(binding.eroded).toBe(10);
    expect(reasons(binding.steps)).toEqual([
      ['attachment', 25],
      ['limit', 5],
      ['share', 15],
      ['aggregate_binding', 5],
    ]);
    const gone = payLayer(terms, 60, 0);
    expect(gone.paid).toBe(0);
    expect(reasons(gone.steps).at(-1)).toEqual(['aggregate_exhausted', 15]);
  });
});

describe('payPrimary: each term alone', () => {
  it('retention only: the insured keeps the first part', () => {
    const terms = primary({ retention: 100 });
    expect(payPrimary(terms, tpd(250), Infinity).paid).toBe(150);
    expect(payPrimary(terms, tpd(100), Infinity).paid).toBe(0);
    expect(reasons(payPrimary(terms, tpd(100), Infinity).steps)).toEqual([['within_retention', 100]]);
  });

  it('limit only', () => {
    const payment = payPrimary(primary({ limit: 500 }), tpd(800), Infinity);
    expect(payment.paid).toBe(500);
    expect(reasons(payment.steps)).toEqual([['limit', 300]]);
  });

  it('coinsurance only: the insured keeps its share of the whole loss', () => {
    const payment = payPrimary(primary({ coinsurance: 0.25 }), tpd(80), Infinity);
    expect(payment.paid).toBeCloseTo(60, CLOSE);
    expect(reasons(payment.steps)).toEqual([['coinsurance', 20]]);
  });

  it("share only: the insurer's line on what the policy pays", () => {
    const payment = payPrimary(primary({ share: 0.25 }), tpd(80), Infinity);
    expect(payment.paid).toBe(20);
    expect(payment.steps).toEqual([{ rule: 'insurance', reason: 'share', share: 0.25, amount: 60 }]);
  });

  it('sublimit only: caps its coverage', () => {
    const payment = payPrimary(primary({ sublimits: { business_interruption: 10 } }), claimedOf({ business_interruption: 60, forensics: 40 }), Infinity);
    expect(payment.paid).toBe(50);
    expect(reasons(payment.steps)).toEqual([['sublimit_business_interruption', 50]]);
  });

  it('aggregate only: binding, then exhausted', () => {
    const binding = payPrimary(primary(), tpd(80), 50);
    expect(binding.paid).toBe(50);
    expect(binding.eroded).toBe(50);
    expect(reasons(binding.steps)).toEqual([['aggregate_binding', 30]]);
    const gone = payPrimary(primary(), tpd(80), 0);
    expect(gone.paid).toBe(0);
    expect(gone.eroded).toBe(0);
    expect(reasons(gone.steps)).toEqual([['aggregate_exhausted', 80]]);
  });

  it('terms that bite by less than half a cent are not recorded', () => {
    expect(payPrimary(primary({ limit: 100 }), tpd(100.004), Infinity).steps).toEqual([]);
    expect(payPrimary(primary({ coinsurance: 0.001 }), tpd(4), Infinity).steps).toEqual([]);
    expect(payPrimary(primary({ sublimits: { forensics: 10 } }), claimedOf({ forensics: 10.004 }), Infinity).steps).toEqual([]);
  });
});

describe('payPrimary: terms combined', () => {
  it('retention then limit: the limit applies to what is left after the retention', () => {
    // X = 700, retention 100 → Y = 600, cut to the limit 500.
    const payment = payPrimary(primary({ retention: 100, limit: 500 }), tpd(700), Infinity);
    expect(payment.paid).toBe(500);
    expect(reasons(payment.steps)).toEqual([
      ['retention', 100],
      ['limit', 100],
    ]);
    // X = 550 → Y = 450 < 500.
    expect(payPrimary(primary({ retention: 100, limit: 500 }), tpd(550), Infinity).paid).toBe(450);
  });

  it('retention, coinsurance, limit: coinsurance applies to Y before the limit', () => {
    const terms = primary({ retention: 10, limit: 30, coinsurance: 0.2 });
    // X = 40: Y = 30, the insured keeps 6, 24 < 30.
    const small = payPrimary(terms, tpd(40), Infinity);
    expect(small.paid).toBeCloseTo(24, CLOSE);
    expect(reasons(small.steps)).toEqual([
      ['retention', 10],
      ['coinsurance', 6],
    ]);
    // X = 60: Y = 50, the insured keeps 10, 40 is cut to 30.
    const large = payPrimary(terms, tpd(60), Infinity);
    expect(large.paid).toBeCloseTo(30, CLOSE);
    expect(reasons(large.steps)).toEqual([
      ['retention', 10],
      ['coinsurance', 10],
      ['limit', 10],
    ]);
  });

  it("share after the limit, and the aggregate is in the insurer's share", () => {
    const terms = primary({ retention: 10, limit: 100, share: 0.25 });
    // X = 210: Y = 200 → limit 100 → share 25.
    const payment = payPrimary(terms, tpd(210), Infinity);
    expect(payment.paid).toBe(25);
    expect(payment.steps).toEqual([
      { rule: 'insurance', reason: 'retention', amount: 10 },
      { rule: 'insurance', reason: 'limit', amount: 100 },
      { rule: 'insurance', reason: 'share', share: 0.25, amount: 75 },
    ]);
    // With 10 of aggregate left, 25 is cut to 10.
    const binding = payPrimary(terms, tpd(210), 10);
    expect(binding.paid).toBe(10);
    expect(reasons(binding.steps).at(-1)).toEqual(['aggregate_binding', 15]);
  });

  it('a sublimit below the limit: Y is split pro rata (Y_c = Y · X_c / X), then the sublimit caps its part', () => {
    // X = 60 (BI) + 40 (forensics) = 100, retention 20 → Y = 80: Y_BI = 48, Y_forensics = 32.
    // P_BI = min(48, 10) = 10; P_forensics = 32; Σ = 42 < limit 100.
    const claimed = claimedOf({ business_interruption: 60, forensics: 40 });
    const payment = payPrimary(primary({ retention: 20, limit: 100, sublimits: { business_interruption: 10 } }), claimed, Infinity);
    expect(payment.paid).toBeCloseTo(42, CLOSE);
    expect(reasons(payment.steps)).toEqual([
      ['retention', 20],
      ['sublimit_business_interruption', 38],
    ]);
    expect(payment.utilisation).toBeCloseTo(0.42, CLOSE);
  });

  it('sublimits, then the limit on their sum', () => {
    // As above with limit 35: Σ P_c = 42 is cut to 35.
    const claimed = claimedOf({ business_interruption: 60, forensics: 40 });
    const payment = payPrimary(primary({ retention: 20, limit: 35, sublimits: { business_interruption: 10 } }), claimed, Infinity);
    expect(payment.paid).toBeCloseTo(35, CLOSE);
    expect(reasons(payment.steps)).toEqual([
      ['retention', 20],
      ['sublimit_business_interruption', 38],
      ['limit', 7],
    ]);
  });

  it('coinsurance before the sublimit: P_c = min((1 − coinsurance) · Y_c, sublimit_c)', () => {
    // X = 50 (notification) + 50 (forensics), retention 0, coinsurance 0.5: Y_c = 50 each, owed 25 each;
    // notification sublimit 20 → 20 + 25 = 45. Had the sublimit applied first: 0.5 · (20 + 50) = 35.
    const claimed = claimedOf({ notification: 50, forensics: 50 });
    const payment = payPrimary(primary({ coinsurance: 0.5, sublimits: { notification: 20 } }), claimed, Infinity);
    expect(payment.paid).toBeCloseTo(45, CLOSE);
    expect(reasons(payment.steps)).toEqual([
      ['coinsurance', 50],
      ['sublimit_notification', 5],
    ]);
  });

  it('every term at once, in order: retention, coinsurance, sublimit, limit, share, aggregate', () => {
    // X = 30 (BI) + 90 (privacy) = 120, retention 20 → Y = 100: Y_BI = 25, Y_privacy = 75.
    // Coinsurance 0.2: owed 20 and 60 (the insured keeps 20). BI sublimit 5 → 5 + 60 = 65.
    // Limit 50 → 50. Share 0.6 → 30. Aggregate left 12 → 12.
    const claimed = claimedOf({ business_interruption: 30, privacy_liability: 90 });
    const terms = primary({ retention: 20, limit: 50, coinsurance: 0.2, share: 0.6, sublimits: { business_interruption: 5 } });
    const payment = payPrimary(terms, claimed, 12);
    expect(payment.paid).toBeCloseTo(12, CLOSE);
    expect(payment.eroded).toBeCloseTo(12, CLOSE);
    expect(payment.utilisation).toBe(1);
    expect(reasons(payment.steps)).toEqual([
      ['retention', 20],
      ['coinsurance', 20],
      ['sublimit_business_interruption', 15],
      ['limit', 15],
      ['share', 20],
      ['aggregate_binding', 18],
    ]);
    expect(payment.steps.find((step) => step.reason === 'share')!.share).toBe(0.6);
  });
});

describe('payPrimary: defense costs', () => {
  const claimed = claimedOf({ third_party_damages: 40, defense_costs: 30 });

  it('within limits: defense counts towards the retention, the limit and the aggregate', () => {
    // X = 70, retention 10 → Y = 60 → limit 50.
    const terms = primary({ retention: 10, limit: 50 });
    const payment = payPrimary(terms, claimed, Infinity);
    expect(payment.paid).toBe(50);
    expect(payment.eroded).toBe(50);
    expect(reasons(payment.steps)).toEqual([
      ['retention', 10],
      ['limit', 10],
    ]);
    // Defense alone within limits is subject to the retention.
    expect(payPrimary(terms, claimedOf({ defense_costs: 8 }), Infinity).paid).toBe(0);
    // And to the aggregate.
    expect(payPrimary(terms, claimed, 20).paid).toBe(20);
  });

  it('outside limits: paid on top of the limit, the retention only applies to the rest', () => {
    // X = 40 (defense left out), retention 10 → Y = 30 < limit 50; defense 30 on top: 60 > the limit.
    const payment = payPrimary(primary({ retention: 10, limit: 50, defenseOutsideLimits: true }), claimed, Infinity);
    expect(payment.paid).toBe(60);
    expect(payment.eroded).toBe(30);
    expect(reasons(payment.steps)).toEqual([
      ['retention', 10],
      ['defense_outside_limits', 30],
    ]);
  });

  it('outside limits: not subject to the retention', () => {
    const payment = payPrimary(primary({ retention: 10, defenseOutsideLimits: true }), claimedOf({ defense_costs: 5 }), Infinity);
    expect(payment.paid).toBe(5);
    expect(payment.eroded).toBe(0);
    expect(payment.utilisation).toBe(0);
    expect(reasons(payment.steps)).toEqual([['defense_outside_limits', 5]]);
  });

  it('outside limits: not subject to the limit', () => {
    const payment = payPrimary(primary({ limit: 50, defenseOutsideLimits: true }), claimedOf({ third_party_damages: 80, defense_costs: 1000 }), Infinity);
    expect(payment.paid).toBe(1050);
    expect(payment.eroded).toBe(50);
    expect(reasons(payment.steps)).toEqual([
      ['limit', 30],
      ['defense_outside_limits', 1000],
    ]);
  });

  it('outside limits: not subject to the aggregate, and erodes none of it', () => {
    const payment = payPrimary(primary({ limit: 50, defenseOutsideLimits: true }), claimed, 0);
    expect(payment.paid).toBe(30);
    expect(payment.eroded).toBe(0);
    expect(reasons(payment.steps)).toEqual([
      ['aggregate_exhausted', 40],
      ['defense_outside_limits', 30],
    ]);
  });

  it("outside limits: after coinsurance, within its sublimit, at the insurer's share", () => {
    // Damages: X = 40, retention 10 → Y = 30; coinsurance 0.1 keeps 3 → 27 < limit 50; share 0.5 → 13.5.
    // Defense: coinsurance keeps 3 of 30, 0.9 · 30 = 27, sublimit 20 (7 over) → 20; share 0.5 → 10.
    // Paid 23.5, eroded 13.5.
    const terms = primary({ retention: 10, limit: 50, coinsurance: 0.1, share: 0.5, defenseOutsideLimits: true, sublimits: { defense_costs: 20 } });
    const payment = payPrimary(terms, claimed, Infinity);
    expect(payment.paid).toBeCloseTo(23.5, CLOSE);
    expect(payment.eroded).toBeCloseTo(13.5, CLOSE);
    expect(reasons(payment.steps)).toEqual([
      ['retention', 10],
      ['coinsurance', 3],
      ['share', 13.5],
      ['defense_coinsurance', 3],
      ['sublimit_defense_costs', 7],
      ['defense_outside_limits', 10],
    ]);
  });

  it('within limits: a defense sublimit caps defense as any other coverage', () => {
    // X = 70, no retention: Y_defense = 30 → sublimit 20; 40 + 20 = 60 < limit 100.
    const payment = payPrimary(primary({ limit: 100, sublimits: { defense_costs: 20 } }), claimed, Infinity);
    expect(payment.paid).toBe(60);
    expect(reasons(payment.steps)).toEqual([['sublimit_defense_costs', 10]]);
  });
});
