import { z } from 'zod';
import { describeInput } from './describe-input.ts';
import { parseCalendarTime } from '../../calendar/calendar-time.ts';
import { incidentSchema, injectionSchema } from './incident-schema.ts';
import { marketSchema } from './market-schema.ts';
import { mitigationSchema } from './mitigation-schema.ts';
import { breachCostsSchema, regulationSchema } from './regulation-schema.ts';
import { contractsSchema, disputeSchema, negligenceSchema } from './liability-schema.ts';
import { MAX_NAME_LENGTH, MAX_PATH_LENGTH, nameSchema, textSchema, tooLongError, uniqueNames } from './names.ts';
import { insuranceSchema } from './insurance-schema.ts';
import { strategySchema } from './strategy-schema.ts';
import { costOfCapitalSchema, riskToleranceSchema } from './risk-appetite-schema.ts';
import { withSectionDefault } from './section-default.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

import { DEFAULT_START } from '../vocabulary.ts';

export { DEFAULT_START };

/** The longest text seed. */
const MAX_SEED_LENGTH = 2 * MAX_NAME_LENGTH;

/** The seed of a scenario that gives none. */
export const DEFAULT_SEED = 1;

/** A run's seed: a whole number or a string; the same seed gives the same numbers. */
export const seedSchema = z
  .union([z.number().int().nonnegative(), z.string().min(1).max(MAX_SEED_LENGTH, tooLongError('a seed', MAX_SEED_LENGTH))])
  .meta({ description: `Seed of all random draws: a whole number from 0 to 2^53 − 1 or text of 1 to ${MAX_SEED_LENGTH} characters.` });

/**
 * The scenario language: the single source of truth for validation, the TypeScript types and
 * the generated `scenarios/schema.json`.
 */
export const scenarioSchema = z
  .strictObject({
    $schema: z
      .string()
      .max(MAX_PATH_LENGTH, tooLongError('a reference', MAX_PATH_LENGTH))
      .optional()
      .meta({ description: `JSON Schema reference for editors (at most ${MAX_PATH_LENGTH.toLocaleString('en-US')} characters); ignored.` }),
    name: nameSchema('Scenario name; the report folder is `reports/<name>/` by default.'),
    description: textSchema('Free text shown in reports.').optional(),
    extends: z
      .string()
      .max(MAX_PATH_LENGTH, tooLongError('a path', MAX_PATH_LENGTH))
      .optional()
      .meta({
        description: `Path of a base scenario, relative to this file, deep-merged under this one: a regular .yaml, .yml or .json file; at most ${MAX_PATH_LENGTH.toLocaleString('en-US')} characters, no control characters.`,
      }),
    seed: seedSchema.default(DEFAULT_SEED),
    trials: z.number().int().min(1).max(100_000_000).default(10_000).meta({ description: 'Number of simulated policy years (trials); `--trials` overrides it.' }),
    start: z
      .string()
      .regex(ISO_DATE, { error: (issue) => `expected a date as YYYY-MM-DD, got ${describeInput(issue.input)}` })
      .refine((text) => parseCalendarTime(text) !== undefined, {
        error: (issue) => `expected a real calendar date, got ${describeInput(issue.input)}`,
      })
      .default(DEFAULT_START)
      .meta({ description: 'First day of the simulated policy year (YYYY-MM-DD, UTC).' }),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, { error: (issue) => `expected a three-letter ISO 4217 code such as USD, got ${describeInput(issue.input)}` })
      .default('USD')
      .meta({ description: 'ISO 4217 code of the currency all amounts are in.' }),
    market: marketSchema.optional().meta({
      description: 'The marketplace; needed by every incident type but loss_event (FAIR-style scenarios can omit it).',
    }),
    incidents: z.array(incidentSchema).default([]).meta({ description: 'Incident definitions: what can go wrong, how often and how badly.' }),
    inject: z.array(injectionSchema).default([]).meta({ description: 'Scheduled incidents at fixed times, in every trial: stress tests such as a Black Friday outage.' }),
    mitigations: z.array(mitigationSchema).check(uniqueNames('mitigation', 'mitigations')).default([]).meta({ description: 'Controls in place, with costs and effects.' }),
    breach_costs: withSectionDefault(breachCostsSchema),
    regulation: withSectionDefault(regulationSchema),
    contracts: withSectionDefault(contractsSchema),
    negligence: withSectionDefault(negligenceSchema),
    dispute: withSectionDefault(disputeSchema),
    insurance: withSectionDefault(insuranceSchema),
    strategies: z.array(strategySchema).default([]).meta({ description: 'Strategies compared on the same trials; the scenario as written is the `baseline`.' }),
    risk_tolerance: riskToleranceSchema.optional(),
    cost_of_capital: costOfCapitalSchema.optional(),
  })
  .meta({
    title: 'Faultline scenario',
    description: 'A Faultline scenario: a marketplace, what can go wrong in it, and who pays.',
  });

/** A scenario as written in a file (defaults not yet applied). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** A validated scenario with defaults applied. */
export type Scenario = z.infer<typeof scenarioSchema>;
