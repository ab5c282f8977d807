import { z } from 'zod';
import { ATTACK_VECTORS } from './incident-fields.ts';
import { bearerSchema } from './bearer.ts';
import { nameSchema } from './names.ts';
import { nonNegative, share } from './numbers.ts';

/** Severity fields a mitigation can scale, with what each means. */
export const SCALABLE_FIELDS = [
  'duration_hours',
  'scope',
  'window_hours',
  'share',
  'exposed_share',
  'days_to_contain',
  'records',
  'orders',
  'loss',
  'incident_response',
  'remediation',
] as const;

/** A control: what it costs and how it changes incidents. */
export const mitigationSchema = z
  .strictObject({
    name: nameSchema('Name of the control, e.g. failover or mfa.'),
    description: z.string().optional().meta({ description: 'Free text shown in reports.' }),
    enabled: z.boolean().default(true).meta({ description: 'Whether the control is in place (strategies switch it).' }),
    annual_cost: nonNegative('What the control costs per year, in currency units.').default(0),
    paid_by: bearerSchema.default('platform').meta({ description: 'Who pays the annual cost (counted in that bearer\'s total cost of risk).' }),
    applies_to: z
      .array(nameSchema('An incident definition or injection name.'))
      .optional()
      .meta({ description: 'Incidents it acts on, by name (default: every incident definition and injection; frequency multipliers act on definitions only, never on scheduled injections).' }),
    frequency: nonNegative(
      'Frequency multiplier, at most 100: below 1 thins the same candidate events, above 1 adds independent rounds of extra events.',
    )
      .max(100, { error: (issue) => `expected a frequency multiplier of at most 100, got ${String(issue.input)}` })
      .default(1),
    severity: z
      .partialRecord(z.enum(SCALABLE_FIELDS), nonNegative('Multiplier of the drawn value.'))
      .default({})
      .meta({ description: `Severity multipliers by field: ${SCALABLE_FIELDS.join(', ')}. Each scales the same draw.` }),
    vectors: z
      .partialRecord(z.enum(ATTACK_VECTORS), nonNegative('Multiplier of the vector weight.'))
      .default({})
      .meta({ description: 'Multipliers of breach attack-vector weights (e.g. MFA: credential_stuffing 0.2); weights are renormalised.' }),
    protected_records: share('Share of exposed records that are protected (encrypted): exposed but unreadable, so no notification, monitoring, fines or claims.').default(0),
    posture: z
      .number()
      .min(-1)
      .max(1)
      .default(0)
      .meta({ description: "Change to the platform's security posture (capped to [0, 1])." }),
  })
  .meta({ description: 'A mitigation (control) with its annual cost and effects.' });

/** A validated mitigation. */
export type Mitigation = z.infer<typeof mitigationSchema>;
