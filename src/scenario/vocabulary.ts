/**
 * The words of the scenario language that the simulation itself needs: coverage tags, incident
 * types, outage causes, attack vectors, exclusions and the policy presets, and the defaults of
 * the fields the schema leaves absent that the compilers fill in. Plain constants, without zod:
 * a simulation worker thread imports these and not the schema (src/scenario/schema/ builds its
 * schemas and their descriptions from them), which keeps zod out of every thread's start-up.
 */

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

/** Every incident type, in documentation order (the keys of `INCIDENT_FIELDS`, checked there). */
export const INCIDENT_TYPES = ['outage', 'third_party_outage', 'bug', 'breach', 'data_mishandling', 'seller_misconduct', 'loss_event'] as const;
/** One incident type. */
export type IncidentType = (typeof INCIDENT_TYPES)[number];

/** Causes of platform outages. */
export const OUTAGE_CAUSES = ['hardware', 'change', 'capacity', 'ddos'] as const;
/** Attack vectors of breaches. */
export const ATTACK_VECTORS = ['phishing', 'unpatched_vulnerability', 'credential_stuffing', 'insider', 'misconfiguration'] as const;

/** Kinds of seller misconduct: what the seller did to its buyers. */
export const MISCONDUCT_KINDS = ['counterfeit', 'misdescribed', 'undelivered'] as const;
/** One kind of seller misconduct. */
export type MisconductKind = (typeof MISCONDUCT_KINDS)[number];

/** Whether a claimant pursues every claim, or drops one whose expected recovery is below its expected legal costs. */
export const PURSUIT_POLICIES = ['always', 'rational'] as const;
/** A claimant's pursuit policy (`dispute.pursuit`). */
export type PursuitPolicy = (typeof PURSUIT_POLICIES)[number];
/** The pursuit policy of a scenario that does not name one. */
export const DEFAULT_PURSUIT: PursuitPolicy = 'always';

/**
 * The security posture of a party that writes none (MODEL §8, negligence): the platform's and a
 * vendor's default, a seller segment's when it sets no `security_posture`, and a processor's.
 */
export const DEFAULT_PARTY_POSTURE = 0.5;

/** The share of what buyers are owed that they claim, when `claim_rate` (or one of its fields) is absent: all of it. */
export const DEFAULT_CLAIM_RATE = 1;

/** Exclusions a policy can carry; each denies what it matches (MODEL §9). */
export const EXCLUSIONS = ['known_unpatched_vulnerability', 'contractual_liability', 'fines_and_penalties', 'war', 'prior_acts'] as const;
/** One exclusion name. */
export type ExclusionName = (typeof EXCLUSIONS)[number];

/** Attributes of an incident definition that exclusions match (`war`, `prior_acts`). */
export const INCIDENT_ATTRIBUTES = ['war', 'prior_acts'] as const;
/** One incident attribute. */
export type IncidentAttribute = (typeof INCIDENT_ATTRIBUTES)[number];

/** Whether defense costs erode the limit (`within_limits`) or are paid on top of it (`outside_limits`). */
export const DEFENSE_FORMS = ['within_limits', 'outside_limits'] as const;

/** How a policy counts a trigger chain: each incident its own occurrence, or the whole chain as one. */
export const RELATED_INCIDENTS = ['separate', 'one_occurrence'] as const;
/** A policy's related-incidents wording (`related_incidents`). */
export type RelatedIncidents = (typeof RELATED_INCIDENTS)[number];
/** The wording of a policy that does not name one: every incident is its own occurrence. */
export const DEFAULT_RELATED_INCIDENTS: RelatedIncidents = 'separate';

/** The fields a preset fills in when a policy leaves them out. */
export interface PolicyPreset {
  description: string;
  covers: CoverageTag[];
  incident_types: IncidentType[];
  exclusions: ExclusionName[];
  /** Outage causes answered: all for E&O; only a security failure (`ddos`) for cyber. */
  outage_causes: (typeof OUTAGE_CAUSES)[number][];
  waiting_period_hours: number;
  defense: (typeof DEFENSE_FORMS)[number];
}

/**
 * Typical policy forms. A policy naming a preset takes each of these fields from it unless it
 * gives the field itself (a given list replaces the preset's list).
 */
export const POLICY_PRESETS: Record<'tech_eo' | 'cyber', PolicyPreset> = {
  tech_eo: {
    description: 'Technology errors and omissions: third-party claims from errors, omissions and breaches (damages, privacy liability, defense and regulatory defense costs).',
    covers: ['third_party_damages', 'privacy_liability', 'defense_costs'],
    incident_types: ['outage', 'bug', 'breach', 'data_mishandling'],
    exclusions: ['contractual_liability', 'fines_and_penalties', 'war', 'prior_acts'],
    outage_causes: [...OUTAGE_CAUSES],
    waiting_period_hours: 0,
    defense: 'within_limits',
  },
  cyber: {
    description:
      'Cyber: first-party breach costs (response, forensics, notification, credit monitoring, PCI assessments), business interruption after a waiting period from a security failure (outage cause `ddos`; add the other causes for a system-failure extension), regulatory fines where insurable and privacy liability.',
    covers: ['incident_response', 'forensics', 'notification', 'credit_monitoring', 'business_interruption', 'regulatory_fines', 'pci_assessments', 'privacy_liability', 'defense_costs'],
    incident_types: ['outage', 'breach', 'data_mishandling', 'loss_event'],
    exclusions: ['contractual_liability', 'war', 'prior_acts'],
    outage_causes: ['ddos'],
    waiting_period_hours: 8,
    defense: 'within_limits',
  },
};

/** A preset's name. */
export type PresetName = keyof typeof POLICY_PRESETS;

/** The first day of a scenario's policy year when it gives none. */
export const DEFAULT_START = '2027-01-01';

/** Classes of personal data a buyer account can hold. */
export const DATA_CLASSES = ['contact', 'payment_card', 'government_id', 'health', 'credentials'] as const;
/** One data class. */
export type DataClass = (typeof DATA_CLASSES)[number];

/** The seriousness bands of EDPB Guidelines 04/2022 (¶60–61): the starting amount as a share of the legal maximum. */
export const SERIOUSNESS_BANDS = { low: [0, 0.1], medium: [0.1, 0.2], high: [0.2, 1] } as const;
/** A seriousness band's name. */
export type Seriousness = keyof typeof SERIOUSNESS_BANDS;

/** The seriousness band of the EDPB method when the scenario names none. */
export const DEFAULT_SERIOUSNESS: Seriousness = 'medium';

/**
 * The EDPB's adjustment of the starting amount to the undertaking's size (Guidelines 04/2022
 * ¶65, final version of 24 May 2023): turnover up to each bound (in €, used as scenario
 * currency unless a scenario writes its own tiers) → a share of the starting amount between
 * `min` and `max`; above the last bound the starting amount stands (factor 1).
 */
export const EDPB_TURNOVER_TIERS = [
  { up_to: 2_000_000, min: 0.002, max: 0.004 },
  { up_to: 10_000_000, min: 0.003, max: 0.02 },
  { up_to: 50_000_000, min: 0.015, max: 0.1 },
  { up_to: 100_000_000, min: 0.08, max: 0.2 },
  { up_to: 250_000_000, min: 0.15, max: 0.5 },
  { up_to: 500_000_000, min: 0.4, max: 1 },
] as const;
