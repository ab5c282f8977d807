import { incidentNamer, trailSentences } from './reason-sentences.ts';
import type { ExplainedAllocation, ExplainedComponent, ExplainedIncident, ExplainedRecovery, YearExplanation } from './year-explanation.ts';

/**
 * The sentences of an explained year that the text of `faultline explain` and the report page
 * share: why each allocation and recovery is as it is, and which incident started another.
 */

/** What the sentences of one year need: its currency, and its incidents by id to name them by number. */
export interface YearContext {
  currency: string;
  incident: (id: string) => string | undefined;
}

/** The context of one explained year. */
export function yearContext(explanation: YearExplanation): YearContext {
  return { currency: explanation.currency, incident: incidentNamer(explanation.incidents) };
}

/** Why a bearer carries its part of a component: its trail, one sentence a step. */
export function allocationSentences(allocation: ExplainedAllocation, component: ExplainedComponent, context: YearContext): string[] {
  return trailSentences(allocation.trail, { ...context, bearer: allocation.bearer, sufferer: component.sufferer });
}

/** Why a policy paid its insured what it did: its trail, one sentence a step. */
export function recoverySentences(recovery: ExplainedRecovery, context: YearContext): string[] {
  return trailSentences(recovery.trail, { ...context, bearer: recovery.insured, sufferer: recovery.insured, policy: recovery.policy });
}

/**
 * "Started by incident 7 (platform-breach, breach at 2027-03-02 12:56:55 UTC)." for an incident
 * another one triggered, by its number in the year's list; undefined for one nothing started.
 */
export function startedBy(incident: ExplainedIncident): string | undefined {
  const parent = incident.triggered_by;
  if (!parent) return undefined;
  const at = parent.type ? `, ${parent.type} at ${readableTime(parent.time)}` : '';
  return parent.number === null || parent.number === undefined ? `Started by ${parent.id}${at ? ` (${at.slice(2)})` : ''}.` : `Started by incident ${parent.number} (${parent.name}${at}).`;
}

/** `2027-03-02T12:56:55Z` → `2027-03-02 12:56:55 UTC`. */
export function readableTime(iso: string): string {
  return iso.replace('T', ' ').replace(/Z$/, ' UTC');
}
