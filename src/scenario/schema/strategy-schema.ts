import { z } from 'zod';
import { nameSchema, textSchema } from './names.ts';

/** The parts of a scenario a strategy may change: the risk manager's levers. */
export const STRATEGY_LEVERS = ['mitigations', 'contracts', 'insurance'] as const;

/**
 * A strategy: a named overlay of the scenario, merged over it as `extends` merges a variant
 * (named lists by `name`, objects field by field), and validated as a whole scenario. Every
 * strategy of a run replays the same trials with the same draws (common random numbers).
 */
export const strategySchema = z
  .strictObject({
    name: nameSchema('Strategy name; `baseline` is the scenario as written and cannot be redefined.').refine((name) => name !== 'baseline', {
      error: () => 'expected a name other than "baseline" (the scenario as written is the baseline strategy)',
    }),
    description: textSchema('Free text shown in reports.').optional(),
    mitigations: z
      .array(z.looseObject({ name: nameSchema('The mitigation to change or add, by name.') }))
      .optional()
      .meta({ description: 'Mitigations changed (matched by name: e.g. `{ name: failover, enabled: true }`) or added.' }),
    contracts: z
      .record(z.string(), z.unknown())
      .optional()
      .meta({ description: 'Contract terms changed, merged field by field over `contracts`; lists (`sla_tiers`, `processor_terms`) are replaced whole.' }),
    insurance: z.record(z.string(), z.unknown()).optional().meta({
      description: 'Insurance program changes, merged over `insurance`: policies and layers by name (a new name adds one; `enabled: false` drops one).',
    }),
  })
  .meta({ description: 'A named variant of the scenario: mitigations switched, contract terms changed, insurance swapped.' });

/** A validated strategy overlay (its levers still to be merged and validated as a scenario). */
export type StrategyDefinition = z.infer<typeof strategySchema>;
