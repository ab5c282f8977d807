import { z } from 'zod';
import { bearerSchema } from './bearer.ts';
import { coverageTagSchema } from './coverage.ts';
import { countDistributionSchema, severityDistributionSchema } from './distribution-schema.ts';
import { nameSchema } from './names.ts';

/** When in the year candidate incidents happen. */
export const timingSchema = z.enum(['uniform']).default('uniform').meta({
  description: 'When incidents happen: `uniform` spreads them evenly over the year.',
});

/** Fields every incident definition has. */
const incidentBase = {
  name: nameSchema('Unique name of the incident definition; it names its generators, so renaming changes its draws.'),
  description: z.string().optional().meta({ description: 'Free text shown in reports.' }),
  frequency: countDistributionSchema.meta({ description: 'Number of incidents per simulated year.' }),
  timing: timingSchema,
};

/** A plain frequency × severity loss (FAIR style): one component borne by `bearer`. */
export const lossEventSchema = z
  .strictObject({
    type: z.literal('loss_event').meta({ description: 'A plain frequency × severity loss (FAIR style).' }),
    ...incidentBase,
    loss: severityDistributionSchema.meta({
      description: 'Loss per occurrence in currency units; draws below 0 count as 0.',
    }),
    bearer: bearerSchema,
    coverage: coverageTagSchema.default('uninsured'),
  })
  .meta({ description: 'A plain frequency × severity loss event (FAIR style).' });

/** An incident definition of any type. */
export const incidentSchema = z.discriminatedUnion('type', [lossEventSchema]).meta({
  description: 'An incident definition; `type` selects its kind.',
});

/** A validated `loss_event` definition. */
export type LossEventDefinition = z.infer<typeof lossEventSchema>;
/** A validated incident definition. */
export type IncidentDefinition = z.infer<typeof incidentSchema>;
