import type { RandomStream } from '../random/random-stream.ts';
import { createSeveritySampler } from '../random/sample-severity.ts';
import type { SeverityDistribution } from '../scenario/schema/distribution-schema.ts';
import type { MitigationEffects, ScalableField } from './mitigation-effects.ts';

/** Draws one severity field: `(random) => value`, already scaled by mitigations. */
export type FieldSampler = (random: RandomStream) => number;

/**
 * A sampler for a severity field: the distribution's draw, times the mitigations' multiplier for
 * that field, floored at 0 (and capped at 1 for shares). An absent distribution draws nothing
 * and gives 0, so the draws of the other fields stay aligned.
 */
export function fieldSampler(spec: SeverityDistribution | undefined, effects: MitigationEffects, field: ScalableField | undefined, kind: 'amount' | 'share'): FieldSampler {
  if (!spec) return () => 0;
  const sample = createSeveritySampler(spec);
  const factor = field ? (effects.severity[field] ?? 1) : 1;
  return kind === 'share' ? (random) => Math.min(1, Math.max(0, sample(random) * factor)) : (random) => Math.max(0, sample(random) * factor);
}

/**
 * A weighted choice made with one uniform draw (inverse CDF over cumulative weights), so changing
 * the weights moves the same draw to another option rather than using a different draw.
 */
export function weightedChoice<Option extends string>(weights: Partial<Record<Option, number>>, fallback: Option): (random: RandomStream) => Option {
  // Sorted, so that the order keys are written in a file never changes a draw (the scenario hash
  // ignores key order too).
  const options = (Object.entries(weights) as [Option, number][]).filter(([, weight]) => weight > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const total = options.reduce((sum, [, weight]) => sum + weight, 0);
  if (options.length === 0 || !(total > 0)) return (random) => (random(), fallback);
  const cumulative = options.map(([, weight]) => weight);
  for (let i = 1; i < cumulative.length; i++) cumulative[i]! += cumulative[i - 1]!;
  return (random) => {
    const target = random() * total;
    for (let i = 0; i < options.length; i++) if (target < cumulative[i]!) return options[i]![0];
    return options[options.length - 1]![0];
  };
}
