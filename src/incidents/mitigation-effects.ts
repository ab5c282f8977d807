import type { Mitigation } from '../scenario/schema/mitigation-schema.ts';
import type { SCALABLE_FIELDS } from '../scenario/schema/mitigation-schema.ts';
import type { ATTACK_VECTORS } from '../scenario/schema/incident-fields.ts';

/** A severity field a mitigation can scale. */
export type ScalableField = (typeof SCALABLE_FIELDS)[number];
/** A breach attack vector. */
export type AttackVector = (typeof ATTACK_VECTORS)[number];

/** The combined effect of every enabled mitigation on one incident definition or injection. */
export interface MitigationEffects {
  /** Product of the frequency multipliers. */
  frequency: number;
  /** Product of the severity multipliers, by field (absent: 1). */
  severity: Partial<Record<ScalableField, number>>;
  /** Product of the vector multipliers, by vector (absent: 1). */
  vectors: Partial<Record<AttackVector, number>>;
  /** Share of exposed records protected: 1 − Π(1 − protected_records). */
  protectedShare: number;
}

/** Combines the enabled mitigations that apply to the incident named `name`. */
export function mitigationEffects(mitigations: readonly Mitigation[], name: string): MitigationEffects {
  const effects: MitigationEffects = { frequency: 1, severity: {}, vectors: {}, protectedShare: 0 };
  let unprotected = 1;
  for (const mitigation of mitigations) {
    if (!mitigation.enabled || (mitigation.applies_to && !mitigation.applies_to.includes(name))) continue;
    effects.frequency *= mitigation.frequency;
    for (const [field, factor] of Object.entries(mitigation.severity) as [ScalableField, number][]) {
      effects.severity[field] = (effects.severity[field] ?? 1) * factor;
    }
    for (const [vector, factor] of Object.entries(mitigation.vectors) as [AttackVector, number][]) {
      effects.vectors[vector] = (effects.vectors[vector] ?? 1) * factor;
    }
    unprotected *= 1 - mitigation.protected_records;
  }
  effects.protectedShare = 1 - unprotected;
  return effects;
}

/** The platform's security posture after the enabled mitigations' changes, within [0, 1]. */
export function mitigatedPosture(basePosture: number, mitigations: readonly Mitigation[]): number {
  const change = mitigations.reduce((total, mitigation) => total + (mitigation.enabled ? mitigation.posture : 0), 0);
  return Math.min(1, Math.max(0, basePosture + change));
}
