import { z } from 'zod';

/**
 * Coverage tags: what kind of loss a component is, in the words insurance policies use.
 *
 * Policies (`insurance`) answer the tags they list; a loss tagged `uninsured` is never covered.
 */
export const COVERAGE_TAGS = [
  'business_interruption',
  'incident_response',
  'forensics',
  'notification',
  'credit_monitoring',
  'regulatory_fines',
  'pci_assessments',
  'privacy_liability',
  'third_party_damages',
  'defense_costs',
  'sla_credits',
  'lost_business',
  'remediation',
  'refunds',
  'uninsured',
] as const;

/** One coverage tag. */
export type CoverageTag = (typeof COVERAGE_TAGS)[number];

/** Schema of a coverage tag field. */
export const coverageTagSchema = z.enum(COVERAGE_TAGS).meta({
  description: `Coverage tag of the loss, matched against insurance policies' \`covers\`: one of ${COVERAGE_TAGS.join(', ')}.`,
});
