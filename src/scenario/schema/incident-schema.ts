import { z } from 'zod';
import { describeInput } from './describe-input.ts';
import { countSchema, NON_NEGATIVE, SHARE_RANGE, severitySchema } from './distribution-field.ts';
import { INCIDENT_DESCRIPTIONS, INCIDENT_FIELDS, INCIDENT_RULES, INCIDENT_TYPES, type IncidentType } from './incident-fields.ts';
import { INCIDENT_ATTRIBUTES } from './insurance-schema.ts';
import { nameSchema, textSchema } from './names.ts';
import { share } from './numbers.ts';

/** When in the year candidate incidents happen. */
export const timingSchema = z.enum(['uniform', 'demand']).default('uniform').meta({
  description: '`uniform` spreads incidents evenly over the year; `demand` weights them by the demand curve (needs `market`).',
});

/** An incident that this one may start. */
export const triggerSchema = z
  .strictObject({
    incident: nameSchema('Name of the incident definition started.'),
    probability: share('Probability that each occurrence starts one.'),
    delay_hours: severitySchema(NON_NEGATIVE).optional().meta({ description: 'Hours after this incident starts (default 0).' }),
  })
  .meta({ description: 'Starts another incident with a probability, e.g. a ransomware breach → an outage.' });

const commonFields = {
  name: nameSchema("Unique name; it names the incident's random generators, so renaming changes its draws."),
  description: textSchema('Free text shown in reports.').optional(),
  churn: severitySchema(SHARE_RANGE).optional().meta({ description: 'Share of remaining buyers lost after each occurrence (0–1; clamped); their demand is gone for the rest of the year.' }),
  attributes: z.array(z.enum(INCIDENT_ATTRIBUTES)).optional().meta({
    description:
      "Attributes insurance exclusions match, for every incident of this definition: `war` (a war or state-backed attack), `prior_acts` (the cause predates the policies' retroactive date).",
  }),
};

/** The rules about one incident of a type (INCIDENT_RULES), for its definition and its injection alike. */
function rulesOf<Incident>(type: IncidentType): z.core.$ZodCheck<Incident>[] {
  const rule = INCIDENT_RULES[type];
  // A type's rule reads fields that the type's incidents have.
  return rule ? [rule as z.core.$ZodCheck<Incident>] : [];
}

function typeLiteral(type: IncidentType) {
  return z.literal(type).meta({ description: INCIDENT_DESCRIPTIONS[type] });
}

function definitionOf<Type extends IncidentType>(type: Type) {
  const definition = z.strictObject({
    type: typeLiteral(type) as z.ZodLiteral<Type>,
    ...commonFields,
    frequency: countSchema().meta({ description: 'Number of incidents per simulated year.' }),
    timing: timingSchema,
    triggers: z.array(triggerSchema).default([]).meta({ description: 'Incidents this one may start.' }),
    ...INCIDENT_FIELDS[type],
  });
  return definition.check(...rulesOf<z.output<typeof definition>>(type)).meta({ description: INCIDENT_DESCRIPTIONS[type] });
}

function injectionOf<Type extends IncidentType>(type: Type) {
  const injection = z.strictObject({
    type: typeLiteral(type) as z.ZodLiteral<Type>,
    ...commonFields,
    at: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?Z?)?$/, {
        error: (issue) => `expected a time as YYYY-MM-DDTHH:MM (UTC), got ${describeInput(issue.input)}`,
      })
      .meta({ description: 'When it happens, in every trial: YYYY-MM-DDTHH:MM (UTC), or a date for midnight.' }),
    ...INCIDENT_FIELDS[type],
  });
  return injection.check(...rulesOf<z.output<typeof injection>>(type)).meta({ description: `${INCIDENT_DESCRIPTIONS[type]} Scheduled at a fixed time.` });
}

const definitions = INCIDENT_TYPES.map(definitionOf) as unknown as [
  ReturnType<typeof definitionOf<'outage'>>,
  ReturnType<typeof definitionOf<'third_party_outage'>>,
  ReturnType<typeof definitionOf<'bug'>>,
  ReturnType<typeof definitionOf<'breach'>>,
  ReturnType<typeof definitionOf<'data_mishandling'>>,
  ReturnType<typeof definitionOf<'seller_misconduct'>>,
  ReturnType<typeof definitionOf<'loss_event'>>,
];
const injections = INCIDENT_TYPES.map(injectionOf) as unknown as [
  ReturnType<typeof injectionOf<'outage'>>,
  ReturnType<typeof injectionOf<'third_party_outage'>>,
  ReturnType<typeof injectionOf<'bug'>>,
  ReturnType<typeof injectionOf<'breach'>>,
  ReturnType<typeof injectionOf<'data_mishandling'>>,
  ReturnType<typeof injectionOf<'seller_misconduct'>>,
  ReturnType<typeof injectionOf<'loss_event'>>,
];

/** A recurring incident definition of any type: what can go wrong, how often and how badly. */
export const incidentSchema = z.discriminatedUnion('type', definitions).meta({
  description: 'An incident definition; `type` selects its kind.',
});

/** A scheduled injection: an incident at a fixed calendar time, present in every trial. */
export const injectionSchema = z.discriminatedUnion('type', injections).meta({
  description: 'A scheduled incident (stress test) at a fixed time in every trial.',
});

/** A validated incident definition. */
export type IncidentDefinition = z.infer<typeof incidentSchema>;
/** A validated scheduled injection. */
export type InjectionDefinition = z.infer<typeof injectionSchema>;
/** A validated definition of one type. */
export type DefinitionOf<Type extends IncidentType> = Extract<IncidentDefinition, { type: Type }>;
/** A validated `loss_event` definition. */
export type LossEventDefinition = DefinitionOf<'loss_event'>;
/** The severity fields of a definition or injection of one type. */
export type SeverityFieldsOf<Type extends IncidentType> = Omit<Extract<IncidentDefinition | InjectionDefinition, { type: Type }>, 'frequency' | 'timing' | 'triggers' | 'at'>;
