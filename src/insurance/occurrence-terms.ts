import type { TrailStep } from '../liability/allocation.ts';
import { COVERAGE_TAGS, type CoverageTag } from '../scenario/vocabulary.ts';

/** Position of each coverage tag in the per-coverage arrays below. */
export const COVERAGE_INDEX: ReadonlyMap<CoverageTag, number> = new Map(COVERAGE_TAGS.map((tag, index) => [tag, index]));
const DEFENSE = COVERAGE_INDEX.get('defense_costs')!;

/** Amounts below half a cent are nothing: terms that bite by less are not recorded, aggregates that little are used up. */
export const CENT = 0.005;

/** A primary policy's per-occurrence terms (MODEL §9 steps 1–3). */
export interface PrimaryTerms {
  retention: number;
  limit: number;
  /** Sublimit per coverage, by `COVERAGE_INDEX`; Infinity where there is none. */
  sublimits: Float64Array;
  coinsurance: number;
  share: number;
  /** Defense costs paid on top of the limit rather than within it. */
  defenseOutsideLimits: boolean;
}

/** An excess layer's per-occurrence terms (MODEL §9 step 4). */
export interface LayerTerms {
  attachment: number;
  limit: number;
  coinsurance: number;
  share: number;
}

/** What a policy pays for one occurrence, and each term that bit, in order. */
export interface OccurrencePayment {
  /** Paid to the insured: the part within the limit after the aggregate, plus defense outside limits. */
  paid: number;
  /** The part that erodes the aggregate. */
  eroded: number;
  /** Share of the per-occurrence limit used (0–1), before the aggregate. */
  utilisation: number;
  /** The loss X the cover counted (a primary's: defense outside limits left out); its layers see the same. */
  x: number;
  steps: TrailStep[];
}

function step(reason: string, amount: number): TrailStep {
  return { rule: 'insurance', reason, amount };
}

/**
 * A primary policy's payment for one occurrence, given what the insured paid under each coverage
 * (X_c ≥ 0, after exclusions and the waiting period) and the aggregate left (in the insurer's share):
 *
 * 1. X = Σ X_c (defense costs only when within limits);
 * 2. Y = max(X − retention, 0), shared pro rata: Y_c = Y · X_c / X;
 * 3. P_c = min((1 − coinsurance) · Y_c, sublimit_c); P = share · min(Σ P_c, limit);
 *    P = min(P, aggregate left).
 *
 * Defense outside limits is paid as share · min((1 − coinsurance) · X_defense, its sublimit),
 * not subject to the retention, the limit or the aggregate. When `paidByCoverage` is given, it
 * receives what was paid under each coverage (P_c scaled down by limit, share and aggregate alike).
 *
 * @example
 * // retention 15, limit 30: X = 0, 10, 20, 30, 40, 50, 60 ↦ 0, 0, 5, 15, 25, 30, 30
 * payPrimary(terms, claimedOf({ third_party_damages: 40 }), Infinity).paid; // 25
 */
export function payPrimary(terms: PrimaryTerms, claimed: Float64Array, aggregateLeft: number, paidByCoverage?: Float64Array): OccurrencePayment {
  const steps: TrailStep[] = [];
  paidByCoverage?.fill(0);
  let x = 0;
  for (let c = 0; c < claimed.length; c++) if (c !== DEFENSE || !terms.defenseOutsideLimits) x += claimed[c]!;
  const y = Math.max(x - terms.retention, 0);
  if (x > 0 && terms.retention > 0) steps.push(step(y > 0 ? 'retention' : 'within_retention', Math.min(x, terms.retention)));
  let sum = 0;
  if (y > 0) {
    const kept = 1 - terms.coinsurance;
    if (terms.coinsurance > 0 && y * terms.coinsurance >= CENT) steps.push(step('coinsurance', y * terms.coinsurance));
    for (let c = 0; c < claimed.length; c++) {
      const xc = claimed[c]!;
      if (xc <= 0 || (c === DEFENSE && terms.defenseOutsideLimits)) continue;
      const owed = (kept * y * xc) / x;
      const sublimit = terms.sublimits[c]!;
      const allowed = Math.min(owed, sublimit);
      if (owed - sublimit >= CENT) steps.push(step(`sublimit_${COVERAGE_TAGS[c]}`, owed - sublimit));
      sum += allowed;
      if (paidByCoverage) paidByCoverage[c] = allowed;
    }
  }
  const limited = Math.min(sum, terms.limit);
  if (sum - terms.limit >= CENT) steps.push(step('limit', sum - terms.limit));
  const lined = terms.share * limited;
  if (terms.share < 1 && limited > 0) steps.push({ rule: 'insurance', reason: 'share', share: terms.share, amount: limited - lined });
  const eroded = erode(lined, aggregateLeft, steps);
  if (paidByCoverage) {
    const scale = sum > 0 ? eroded / sum : 0;
    for (let c = 0; c < paidByCoverage.length; c++) paidByCoverage[c] = paidByCoverage[c]! * scale;
  }
  let defense = 0;
  if (terms.defenseOutsideLimits && claimed[DEFENSE]! > 0) {
    const owed = (1 - terms.coinsurance) * claimed[DEFENSE]!;
    if (terms.coinsurance > 0 && claimed[DEFENSE]! * terms.coinsurance >= CENT) steps.push(step('defense_coinsurance', claimed[DEFENSE]! * terms.coinsurance));
    const sublimit = terms.sublimits[DEFENSE]!;
    if (owed - sublimit >= CENT) steps.push(step('sublimit_defense_costs', owed - sublimit));
    defense = terms.share * Math.min(owed, sublimit);
    if (defense > 0) steps.push(step('defense_outside_limits', defense));
    if (paidByCoverage) paidByCoverage[DEFENSE] = paidByCoverage[DEFENSE]! + defense;
  }
  return { paid: eroded + defense, eroded, utilisation: terms.limit > 0 ? limited / terms.limit : 0, x, steps };
}

/**
 * An excess layer's payment for one occurrence of loss X (as its primary counts it):
 * P = share · min((1 − coinsurance) · max(X − attachment, 0), limit), then at most the aggregate
 * left.
 *
 * @example
 * // 30 xs 25 at share 0.5: X = 0, 10, 20, 30, 40, 50, 60 ↦ 0, 0, 0, 2.5, 7.5, 12.5, 15
 * payLayer({ attachment: 25, limit: 30, coinsurance: 0, share: 0.5 }, 40, Infinity).paid; // 7.5
 */
export function payLayer(terms: LayerTerms, x: number, aggregateLeft: number): OccurrencePayment {
  const steps: TrailStep[] = [];
  const excess = Math.max(x - terms.attachment, 0);
  if (x > 0 && terms.attachment > 0) steps.push(step(excess > 0 ? 'attachment' : 'below_attachment', Math.min(x, terms.attachment)));
  const owed = (1 - terms.coinsurance) * excess;
  if (terms.coinsurance > 0 && excess * terms.coinsurance >= CENT) steps.push(step('coinsurance', excess * terms.coinsurance));
  const limited = Math.min(owed, terms.limit);
  if (owed - terms.limit >= CENT) steps.push(step('limit', owed - terms.limit));
  const lined = terms.share * limited;
  if (terms.share < 1 && limited > 0) steps.push({ rule: 'insurance', reason: 'share', share: terms.share, amount: limited - lined });
  const eroded = erode(lined, aggregateLeft, steps);
  return { paid: eroded, eroded, utilisation: terms.limit > 0 ? limited / terms.limit : 0, x, steps };
}

/** Caps a payment at the aggregate left, recording it when the aggregate binds or is already gone. */
function erode(amount: number, aggregateLeft: number, steps: TrailStep[]): number {
  if (amount <= aggregateLeft) return amount;
  if (amount > 0) steps.push(step(aggregateLeft > 0 ? 'aggregate_binding' : 'aggregate_exhausted', amount - Math.max(aggregateLeft, 0)));
  return Math.max(aggregateLeft, 0);
}

/** Per-coverage amounts as the array `payPrimary` reads (tags absent: 0). */
export function claimedOf(amounts: Partial<Record<CoverageTag, number>>): Float64Array {
  const claimed = new Float64Array(COVERAGE_TAGS.length);
  for (const [tag, amount] of Object.entries(amounts)) claimed[COVERAGE_INDEX.get(tag as CoverageTag)!] = amount;
  return claimed;
}
