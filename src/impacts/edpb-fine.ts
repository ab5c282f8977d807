import type { Regulation } from '../scenario/schema/regulation-schema.ts';
import { EDPB_TURNOVER_TIERS } from '../scenario/vocabulary.ts';

/** The draws an EDPB fine is sized with (see `compileDataExposureDetails`). */
export interface EdpbDraws {
  /** Step 2: the starting amount's share of the legal maximum, 0–1. */
  startingShare: number;
  /** Step 2: the uniform draw placing the turnover factor within its tier. */
  tierDraw: number;
  /** Step 5: the discretionary multiplier. */
  discretion: number;
}

/**
 * A GDPR fine sized by the method of EDPB Guidelines 04/2022 on the calculation of
 * administrative fines (final version, 24 May 2023):
 *
 * 1. the legal maximum M = max(ceiling_minimum, ceiling_turnover_share · turnover) (Art. 83(4)/(5));
 * 2. the starting amount = starting share (drawn in the seriousness band: low 0–10%, medium
 *    10–20%, high 20–100% of M) · M, times the turnover tier's factor (min + draw · (max − min)
 *    of the first tier whose `up_to` is at least the turnover; 1 above every tier);
 * 3. × negligence_adjustment when negligence was found, × cooperation_adjustment;
 * 4. × the discretionary multiplier (step 5);
 * 5. capped at M.
 *
 * @example
 * // turnover 1,000M, M = 40M; medium share 0.15 → 6M; above every tier (factor 1); negligent × 1.5, cooperation × 0.8
 * edpbFine(gdpr, 1e9, true, { startingShare: 0.15, tierDraw: 0.5, discretion: 1 }) // 6M · 1.5 · 0.8 = 7.2M
 */
export function edpbFine(gdpr: Regulation['gdpr'], turnover: number, negligent: boolean, draws: EdpbDraws): number {
  const maximum = Math.max(gdpr.ceiling_minimum, gdpr.ceiling_turnover_share * turnover);
  const tier = (gdpr.turnover_tiers ?? EDPB_TURNOVER_TIERS).find((t) => turnover <= t.up_to);
  const sizeFactor = tier ? tier.min + draws.tierDraw * (tier.max - tier.min) : 1;
  const starting = draws.startingShare * maximum * sizeFactor;
  const adjusted = starting * (negligent ? (gdpr.negligence_adjustment ?? 1) : 1) * (gdpr.cooperation_adjustment ?? 1) * draws.discretion;
  return Math.min(adjusted, maximum);
}
