import { z } from 'zod';
import { ATTACK_VECTORS } from './incident-fields.ts';
import { bearerSchema } from './bearer.ts';
import { nameSchema, textSchema } from './names.ts';
import { amount, boundedNumber, multiplier, share } from './numbers.ts';

/** The largest frequency multiplier of one mitigation, and of all that act on one incident. */
export const MAX_FREQUENCY_MULTIPLIER = 100;

/** Severity fields a mitigation can scale, with what each means. */
export const SCALABLE_FIELDS = ['duration_hours', 'scope', 'window_hours', 'share', 'exposed_share', 'days_to_contain', 'records', 'orders', 'loss', 'incident_response', 'remediation'] as const;

/** A control: what it costs and how it changes incidents. */
export const mitigationSchema = z
  .strictObject({
    name: nameSchema('Name of the control, e.g. failover or mfa.'),
    description: textSchema('Free text shown in reports.').optional(),
    enabled: z.boolean().default(true).meta({ description: 'Whether the control is in place (strategies switch it).' }),
    annual_cost: amount('What the control costs per year, in currency units.').default(0),
    paid_by: bearerSchema.default('platform').meta({ description: "Who pays the annual cost (counted in that bearer's total cost of risk)." }),
    applies_to: z
      .array(nameSchema('An incident definition or injection name.'))
      .optional()
      .meta({ description: 'Incidents it acts on, by name (default: every incident definition and injection; frequency multipliers act on definitions only, never on scheduled injections).' }),
    frequency: boundedNumber(
      'Frequency multiplier: below 1 thins the same candidate events, above 1 adds independent rounds of extra events. The mitigations acting on one incident multiply to at most 100.',
      MAX_FREQUENCY_MULTIPLIER,
      'a frequency multiplier',
    ).default(1),
    severity: z
      .partialRecord(z.enum(SCALABLE_FIELDS), multiplier('Multiplier of the drawn value; the mitigations acting on one incident multiply to at most 1,000.'))
      .default({})
      .meta({ description: `Severity multipliers by field: ${SCALABLE_FIELDS.join(', ')}. Each scales the same draw.` }),
    vectors: z
      .partialRecord(z.enum(ATTACK_VECTORS), multiplier('Multiplier of the vector weight; the mitigations acting on one incident multiply to at most 1,000.'))
      .default({})
      .meta({ description: 'Multipliers of breach attack-vector weights (e.g. MFA: credential_stuffing 0.2); weights are renormalised.' }),
    protected_records: share('Share of exposed records that are protected (encrypted): exposed but unreadable, so no notification, monitoring, fines or claims.').default(0),
    posture: z.number().min(-1).max(1).default(0).meta({ description: "Change to the platform's security posture (capped to [0, 1])." }),
  })
  .meta({ description: 'A mitigation (control) with its annual cost and effects.' });

/** A validated mitigation. */
export type Mitigation = z.infer<typeof mitigationSchema>;
