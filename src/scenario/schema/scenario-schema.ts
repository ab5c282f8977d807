import { z } from 'zod';
import { incidentSchema } from './incident-schema.ts';
import { nameSchema } from './names.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A run's seed: a whole number or a string; the same seed gives the same numbers. */
export const seedSchema = z
  .union([z.number().int().nonnegative(), z.string().min(1)])
  .meta({ description: 'Seed of all random draws: a whole number ≥ 0 or a non-empty string.' });

/**
 * The scenario language: the single source of truth for validation, the TypeScript types and
 * the generated `scenarios/schema.json`.
 */
export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: 'JSON Schema reference for editors; ignored.' }),
    name: nameSchema('Scenario name; the report folder is `reports/<name>/` by default.'),
    description: z.string().optional().meta({ description: 'Free text shown in reports.' }),
    extends: z
      .string()
      .optional()
      .meta({ description: 'Path of a base scenario, relative to this file, deep-merged under this one.' }),
    seed: seedSchema.default(1),
    trials: z
      .number()
      .int()
      .min(1)
      .max(100_000_000)
      .default(10_000)
      .meta({ description: 'Number of simulated policy years (trials); `--trials` overrides it.' }),
    start: z
      .string()
      .regex(ISO_DATE, { error: (issue) => `expected a date as YYYY-MM-DD, got ${JSON.stringify(issue.input)}` })
      .refine((text) => !Number.isNaN(Date.parse(`${text}T00:00:00Z`)), {
        error: (issue) => `expected a real calendar date, got ${JSON.stringify(issue.input)}`,
      })
      .default('2027-01-01')
      .meta({ description: 'First day of the simulated policy year (YYYY-MM-DD, UTC).' }),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, { error: (issue) => `expected a three-letter ISO 4217 code such as USD, got ${JSON.stringify(issue.input)}` })
      .default('USD')
      .meta({ description: 'ISO 4217 code of the currency all amounts are in.' }),
    incidents: z
      .array(incidentSchema)
      .min(1)
      .meta({ description: 'Incident definitions: what can go wrong, how often and how badly.' }),
  })
  .meta({
    title: 'Faultline scenario',
    description: 'A Faultline scenario: a marketplace, what can go wrong in it, and who pays.',
  });

/** A scenario as written in a file (defaults not yet applied). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** A validated scenario with defaults applied. */
export type Scenario = z.infer<typeof scenarioSchema>;
