import { z } from 'zod';
import { ATTACK_VECTORS, MISCONDUCT_KINDS, OUTAGE_CAUSES, type IncidentType } from '../vocabulary.ts';

export { ATTACK_VECTORS, INCIDENT_TYPES, OUTAGE_CAUSES, type IncidentType } from '../vocabulary.ts';
import { bearerSchema } from './bearer.ts';
import { coverageTagSchema } from './coverage.ts';
import { lowestWritten, NON_NEGATIVE, SHARE_RANGE, severitySchema } from './distribution-field.ts';
import type { SeverityDistribution } from './distribution-schema.ts';

/** A severity that cannot be negative (an amount, a duration, a count of records): a constant below 0 is an issue. */
const severity = severitySchema(NON_NEGATIVE);
/** A severity that is a share (0–1): a constant outside is an issue; draws are clamped. */
const shareSeverity = severitySchema(SHARE_RANGE);
/** An outage's response cost per hour: its lowest written value must be at least 0 (a negative draw would count as 0 without a word). */
const costPerHour = severitySchema(undefined, { minimum: 0, expected: 'an amount ≥ 0 per hour (the response cost of an hour of outage at full scope)', lowest: lowestWritten });
/** A mispricing's surge: its smallest value (a constant's value, a Pareto's scale, else its min) must be at least 1. */
const surge = severitySchema(undefined, { minimum: 1, expected: 'a surge of at least 1 (a multiplier on demand that a wrong low price raises)', lowest: lowestSurge });
import { DATA_CLASSES } from './market-schema.ts';
import { NAME_PATTERN, nameSchema } from './names.ts';
import { describeInput, withArticle } from './describe-input.ts';
import { amount, share, weight, wholeNumber } from './numbers.ts';
import { objectRule } from './object-rule.ts';

/**
 * The severity fields of each incident type (MODEL §6), shared by recurring incident
 * definitions and scheduled injections.
 */

function weights<const Keys extends readonly [string, ...string[]]>(keys: Keys, description: string) {
  return z.partialRecord(z.enum(keys), weight('Relative weight.')).meta({ description: `${description} Relative weights over ${keys.join(', ')}; they need not sum to 1.` });
}

const segment = nameSchema(
  'Seller segment concerned (default: a segment drawn in proportion to its seller count, i.e. a random seller; for a pricing algorithm, all sellers pro rata to gmv_share).',
).optional();
const dataClasses = z
  .array(z.enum(DATA_CLASSES))
  .min(1)
  .optional()
  .meta({ description: 'Data classes exposed (default: what the party holds: all for the platform, its data_classes for a processor, contact for sellers).' });

/** An origin: one of `origins` or `vendor:<name>`, the incident having started in a vendor's software (market.vendors). */
function originSchema<const Origins extends readonly [string, ...string[]]>(origins: Origins) {
  const expected = `expected ${origins.join(', ')} or vendor:<name>, got`;
  const vendor = z.string().regex(new RegExp(`^vendor:${NAME_PATTERN.source.slice(1, -1)}$`), { error: (issue) => `${expected} ${describeInput(issue.input)}` });
  return z.union([z.enum(origins), vendor], { error: (issue) => `${expected} ${describeInput(issue.input)}` });
}

const outageFields = {
  duration_hours: severity.meta({ description: 'Hours until service is restored.' }),
  scope: shareSeverity.meta({ description: 'Share of traffic lost while it lasts (0–1; draws are clamped to [0, 1]).' }),
  incident_response: severity.optional().meta({ description: 'Cost of responding, in currency units (default 0).' }),
  incident_response_per_hour: costPerHour.optional().meta({
    description:
      "Response cost per hour of outage at full scope, in currency units (`{ dist: constant, value }` for a fixed rate): drawn once per incident from the incident's own `incident_response_per_hour` stream, so switching it on moves no other draw; negative draws count as 0. The response then costs incident_response + per_hour × duration_hours × scope. Mitigations' `incident_response` multiplier scales it too. Absent: the response is `incident_response` alone.",
  }),
};

/** Where a surge writes its smallest value: a constant's value, a Pareto's scale, else its min. */
function lowestSurge(spec: SeverityDistribution): { path: (string | number)[]; value: number } | undefined {
  const field = spec.dist === 'constant' ? 'value' : spec.dist === 'pareto' ? 'scale' : 'min';
  const value = (spec as Partial<Record<string, unknown>>)[field];
  return typeof value === 'number' ? { path: [field], value } : undefined;
}

/** The fields of a mispricing's rush and orders (only for `error: mispricing`), and the values they take when absent. */
const MISPRICING_DEFAULTS = { surge: undefined, units_listed: undefined, honour_policy: 'honour', cancellation_cost: 0 } as const;

/** Severity fields of each incident type, by `type`. */
export const INCIDENT_FIELDS = {
  outage: {
    ...outageFields,
    origin: originSchema(['platform']).default('platform').meta({
      description: "Whose change took the platform down: its own (`platform`, default) or a vendor's it licenses (`vendor:<name>`, e.g. a faulty endpoint-software update).",
    }),
    causes: weights(OUTAGE_CAUSES, 'Cause mix (default: all `change`).').optional(),
  },
  third_party_outage: {
    ...outageFields,
    provider: nameSchema('The processor or provider that failed (a processor under market.platform.processors).'),
  },
  bug: {
    origin: originSchema(['platform', 'seller', 'algorithm']).meta({
      description:
        "Whose code failed: the platform's, a seller's integration, a pricing algorithm acting for sellers, or a vendor's software (`vendor:<name>`, acting for its licensee: the platform's checkout, or a seller segment's repricer).",
    }),
    segment,
    error: z.enum(['overcharge', 'mispricing', 'payment_failure']).meta({ description: 'What went wrong.' }),
    window_hours: severity.meta({ description: 'Hours until the bug is detected and fixed.' }),
    share: shareSeverity.meta({ description: 'Share of orders affected during the window (0–1; clamped).' }),
    price_error: shareSeverity.optional().meta({ description: 'Share of the price overcharged (overcharge) or lost (mispricing), 0–1, clamped. Required for those errors.' }),
    handling_fee: amount('Cost of handling one refund (overcharge), in currency units.').default(0),
    remediation: severity.optional().meta({ description: 'Cost of fixing the code, borne by its owner (default 0).' }),
    surge: surge.optional().meta({
      description:
        'Mispricing only: the rush a wrong low price draws, as a multiplier on the demand for the mispriced listings while the error is live (at least 1; draws below 1 count as 1; default 1).',
    }),
    units_listed: wholeNumber('Mispricing only: units on sale at the wrong price; orders beyond them cannot be placed (default: no bound).').optional(),
    honour_policy: z
      .union([z.enum(['honour', 'cancel']), share('The share of mispriced orders honoured, 0–1.')], {
        error: (issue) => `expected honour, cancel or a share of orders honoured from 0 to 1, got ${describeInput(issue.input)}`,
      })
      .default(MISPRICING_DEFAULTS.honour_policy)
      .meta({
        description:
          'Mispricing only: what happens to orders placed at the wrong price: `honour` (they ship at that price; the price gap is lost), `cancel` (they are cancelled at cancellation_cost each), or the share honoured, 0–1 (default honour).',
      }),
    cancellation_cost: amount("Mispricing only: cost of one cancelled order to the listing's owner (refund handling, goodwill credit), in currency units.").default(
      MISPRICING_DEFAULTS.cancellation_cost,
    ),
  },
  breach: {
    target: z.enum(['platform', 'seller', 'processor']).meta({ description: 'Whose systems were breached.' }),
    origin: originSchema(['target']).default('target').meta({
      description:
        "Where the attack came in: through the target's own systems (`target`, default) or through a vendor's software on its pages that it licenses (`vendor:<name>`, e.g. a skimming script in a chat widget or payment-page script).",
    }),
    processor: nameSchema('The processor breached, when target is processor.').optional(),
    segment,
    exposed_share: shareSeverity.meta({ description: 'Share of buyer accounts exposed (0–1; clamped).' }),
    vectors: weights(ATTACK_VECTORS, 'Attack vector mix (default: all `phishing`).').optional(),
    days_to_contain: severity.meta({ description: 'Days from detection to containment (drives forensics cost).' }),
    data_classes: dataClasses,
  },
  data_mishandling: {
    party: z.enum(['platform', 'seller', 'processor']).default('platform').meta({ description: 'Who mishandled the data.' }),
    processor: nameSchema('The processor, when party is processor.').optional(),
    segment,
    records: severity.meta({ description: 'Buyer accounts (people) whose data was exposed.' }),
    left_organisation: z.number().min(0).max(1).default(1).meta({ description: 'Probability the data left the organisation (then it is a notifiable breach; otherwise only investigated).' }),
    investigation: severity.optional().meta({ description: 'Cost of investigating, in currency units (default 0).' }),
    data_classes: dataClasses,
  },
  seller_misconduct: {
    segment,
    kind: z.enum(MISCONDUCT_KINDS).meta({ description: 'What the seller did.' }),
    orders: severity.meta({ description: 'Orders affected.' }),
    order_value: severity.meta({ description: 'Value of one affected order, in currency units.' }),
    window_days: z
      .number({ error: (issue) => `expected a number of days, got ${describeInput(issue.input)}` })
      .gt(0, { error: (issue) => `expected a number of days above 0, got ${String(issue.input)}` })
      .max(366, { error: (issue) => `expected a number of days of at most 366 (a year), got ${String(issue.input)}` })
      .optional()
      .meta({
        description:
          "Days the seller's misconduct ran before it was stopped, above 0 and at most 366: the buyers' loss is at most one seller's sales in that window (its segment's gmv_share × the sellers' share of market.gmv × window_days / 365 / the segment's count; for no named segment, the average seller's). Absent: no bound.",
      }),
  },
  loss_event: {
    loss: severity.meta({ description: 'Loss per occurrence in currency units; draws below 0 count as 0.' }),
    bearer: bearerSchema,
    coverage: coverageTagSchema.default('uninsured'),
  },
} as const;

/**
 * The rules of each incident type about the fields of one incident (MODEL §6): a bug's price
 * error where its error needs one and the mispricing fields only on a mispricing; the processor
 * named when a processor is breached or mishandles data.
 */
export const INCIDENT_RULES: { [Type in IncidentType]?: z.core.$ZodCheck<never> } = {
  bug: objectRule<{ error: string; price_error?: unknown } & { [Field in keyof typeof MISPRICING_DEFAULTS]?: unknown }>((bug, context) => {
    if (!context.valid('error')) return;
    if ((bug.error === 'overcharge' || bug.error === 'mispricing') && bug.price_error === undefined) {
      context.report(['price_error'], `expected a price_error distribution for ${withArticle(bug.error)} bug, got nothing`);
    }
    if (bug.error === 'mispricing') return;
    for (const [field, absent] of Object.entries(MISPRICING_DEFAULTS) as [keyof typeof MISPRICING_DEFAULTS, unknown][]) {
      if (bug[field] !== absent) {
        context.report([field], `expected ${field} only on a mispricing bug (it is about orders at a wrong low price), got it on ${withArticle(bug.error)} bug`);
      }
    }
  }),
  breach: processorNamed('target'),
  data_mishandling: processorNamed('party'),
};

/** A breach of a processor (`target: processor`), or data a processor mishandled (`party: processor`), names the processor. */
function processorNamed(field: 'target' | 'party') {
  return objectRule<{ type: string; target?: string; party?: string; processor?: string }>((incident, context) => {
    if (context.valid(field) && incident[field] === 'processor' && incident.processor === undefined) {
      context.report(['processor'], `expected the name of the processor (${incident.type} at a processor), got nothing`);
    }
  });
}

/** Compile-time check: `INCIDENT_FIELDS` has a key for every incident type and no other. */
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const FIELDS_OF_EVERY_INCIDENT_TYPE: SameKeys<keyof typeof INCIDENT_FIELDS, IncidentType> = true;

/** What each type is, for schema descriptions. */
export const INCIDENT_DESCRIPTIONS: Record<IncidentType, string> = {
  outage: 'Platform infrastructure down or degraded (hardware, change, capacity, DDoS).',
  third_party_outage: 'A cloud or payment provider fails; the platform is not at fault.',
  bug: 'A software glitch in checkout, pricing or payments.',
  breach: 'A cyberattack on the platform, a seller or a processor that exposes buyer data.',
  data_mishandling: 'Human error: misdirected data, misconfigured storage, excess access.',
  seller_misconduct: 'Counterfeit, misdescribed or undelivered goods.',
  loss_event: 'A plain frequency × severity loss (FAIR style) borne by a named party.',
};
