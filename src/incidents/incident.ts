import type { ExposedTrial } from '../market/market-exposure.ts';
import type { CoverageTag } from '../scenario/schema/coverage.ts';
import type { DataClass } from '../scenario/schema/market-schema.ts';
import type { MisconductKind } from '../scenario/vocabulary.ts';

/**
 * Fields every incident carries. Detail builders write every field, optional ones as
 * `undefined`, so all incidents of a type share one object shape (V8 keeps them fast).
 */
export interface IncidentBase {
  /** Name of the incident definition or injection in the scenario. */
  name: string;
  /** Virtual time: hours from the start of the policy year. */
  timeHours: number;
  /** Index of the definition in the scenario: the tie-break for simultaneous incidents. */
  definitionIndex: number;
  /**
   * Number of the candidate event within its definition and trial, from 1; extra events that a
   * frequency multiplier above 1 adds are numbered from 1,000,001 on (round r: r·10^6 + k).
   */
  candidate: number;
  /** The id of the incident that triggered this one, if any. */
  triggeredBy?: string;
  /** Uniform draw that decides negligence (and gross negligence) of the responsible party. */
  negligenceDraw: number;
  /** Share of remaining buyers lost after it (0 when the definition has no churn). */
  churnShare: number;
}

/** Where and when a candidate event happens: what the incident stage knows before its details. */
export type CandidateHeader = Omit<IncidentBase, 'churnShare'>;

/** Platform or provider unavailable for a while. */
export interface OutageIncident extends IncidentBase {
  type: 'outage' | 'third_party_outage';
  durationHours: number;
  /** Share of traffic lost, 0–1. */
  scope: number;
  /** Cause (outage) or the failed provider's name (third-party outage). */
  cause: string;
  provider?: string;
  /** The vendor whose software took the platform down (an outage with `origin: vendor:<name>`). */
  vendor?: string;
  /** The fixed part of the response cost (`incident_response`). */
  incidentResponseCost: number;
  /** Response cost per hour at full scope (`incident_response_per_hour`); absent when not given. */
  incidentResponsePerHour?: number;
}

/** A software glitch in checkout, pricing or payments. */
export interface BugIncident extends IncidentBase {
  type: 'bug';
  /** Whose code failed; `vendor`: a vendor's software acting for its licensee (`vendor` names it). */
  origin: 'platform' | 'seller' | 'algorithm' | 'vendor';
  vendor?: string;
  segment?: string;
  error: 'overcharge' | 'mispricing' | 'payment_failure';
  windowHours: number;
  /** Share of orders affected, 0–1. */
  share: number;
  /** Share of the price overcharged or lost, 0–1. */
  priceError: number;
  handlingFee: number;
  remediationCost: number;
  /** Mispricing only (absent otherwise): demand multiplier on the mispriced listings while live (≥ 1). */
  surge?: number;
  /** Mispricing only: units on sale at the wrong price (absent: no bound). */
  unitsListed?: number;
  /** Mispricing only: share of the orders placed at the wrong price that are honoured. */
  honouredShare?: number;
  /** Mispricing only: cost of one cancelled order to the listing's owner. */
  cancellationCost?: number;
}

/** Buyer data exposed, by attack (breach) or by human error (data mishandling). */
export interface DataExposureIncident extends IncidentBase {
  type: 'breach' | 'data_mishandling';
  /** Who was breached or mishandled the data. */
  party: 'platform' | 'seller' | 'processor';
  processor?: string;
  segment?: string;
  /** The vendor whose software on the target's pages let the attackers in (a breach with `origin: vendor:<name>`). */
  vendor?: string;
  /** Attack vector (breach) or `human_error` (data mishandling). */
  cause: string;
  /** Buyer accounts (people) whose data was exposed. */
  people: number;
  dataClasses: DataClass[];
  /** Whether the data left the organisation (always for a breach). */
  leftOrganisation: boolean;
  daysToContain: number;
  /** Share of exposed records protected (encrypted) by mitigations, 0–1. */
  protectedShare: number;
  /** Investigation cost (data mishandling), in currency units. */
  investigationCost: number;
  /** Uniform draws deciding a GDPR fine and class-action filings. */
  fineDraw: number;
  fineAmount: number;
  ccpaFilingDraw: number;
  ccpaDamagesPerConsumer: number;
  otherFilingDraw: number;
  otherSettlementPerRecord: number;
  legalDefenseCost: number;
  /** EDPB method only: the starting amount's share of the legal maximum, 0–1. */
  edpbStartingShare?: number;
  /** EDPB method only: the uniform draw placing the turnover factor within its tier. */
  edpbTierDraw?: number;
  /** EDPB method only: the discretionary multiplier (1 without `discretion`). */
  edpbDiscretion?: number;
  /** With `us_regulators` only: the uniform draw deciding whether they act. */
  usActionDraw?: number;
  /** With `us_regulators` only: the amounts per notified California and other US person. */
  usCaliforniaPerPerson?: number;
  usOtherPerPerson?: number;
  /** With `data_subject_costs` only: each listed class's own cost per person holding it. */
  dataSubjectCostPerPerson?: Partial<Record<DataClass, number>>;
}

/** A seller's counterfeit, misdescribed or undelivered goods. */
export interface SellerMisconductIncident extends IncidentBase {
  type: 'seller_misconduct';
  segment?: string;
  cause: MisconductKind;
  orders: number;
  orderValue: number;
  /** With `window_days` only: the days the misconduct ran (absent otherwise). */
  windowDays?: number;
  /** With `window_days` only: one seller of the segment's sales in the window, which bounds the buyers' loss. */
  sellerSalesInWindow?: number;
}

/** A plain frequency × severity loss with its drawn amount. */
export interface LossEventIncident extends IncidentBase {
  type: 'loss_event';
  lossAmount: number;
  bearer: string;
  coverage: CoverageTag;
}

/** One incident of a simulated year: the record between the incident and impact stages. */
export type Incident = OutageIncident | BugIncident | DataExposureIncident | SellerMisconductIncident | LossEventIncident;

/** A trial after the incident stage: its incidents in time order. */
export interface IncidentTrial extends ExposedTrial {
  incidents: Incident[];
}

/** The incident's id within its trial: `<name>#<candidate>`, or `<name>#<parent id>` when triggered. */
export function incidentId(incident: Incident): string {
  return incident.triggeredBy ? `${incident.name}<${incident.triggeredBy}` : `${incident.name}#${incident.candidate}`;
}

/** The incident's cause, vector, error or kind, for tables: what set it off. */
export function incidentCause(incident: Incident): string {
  switch (incident.type) {
    case 'bug':
      return `${incident.origin}:${incident.error}`;
    case 'loss_event':
      return '';
    default:
      return incident.cause;
  }
}

/** Orders incidents by time, then definition, then candidate number: deterministic ties. */
export function compareIncidents(a: Incident, b: Incident): number {
  return a.timeHours - b.timeHours || a.definitionIndex - b.definitionIndex || a.candidate - b.candidate;
}

/**
 * When an incident is over, in virtual hours (at most the year's end): an outage restored, a bug
 * fixed, a breach or a mishandling contained; a seller's misconduct and a plain loss event are
 * over when they happen. The model books claims and their settlement when the incident is over, within the
 * policy year.
 */
export function incidentEndHours(incident: Incident, hoursInYear: number): number {
  const end = (() => {
    switch (incident.type) {
      case 'outage':
      case 'third_party_outage':
        return incident.timeHours + incident.durationHours;
      case 'bug':
        return incident.timeHours + incident.windowHours;
      case 'breach':
      case 'data_mishandling':
        return incident.timeHours + incident.daysToContain * 24;
      case 'seller_misconduct':
      case 'loss_event':
        return incident.timeHours;
    }
  })();
  return Math.min(end, hoursInYear);
}
