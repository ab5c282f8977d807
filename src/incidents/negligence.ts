import type { Incident } from './incident.ts';
import { DEFAULT_PARTY_POSTURE } from '../scenario/vocabulary.ts';
import type { Negligence } from '../scenario/schema/liability-schema.ts';

/** What deciding fault and negligence reads: the settings and every party's security posture. */
export interface NegligenceModel {
  negligence: Negligence;
  /** Security posture of the platform (after mitigations). */
  platformPosture: number;
  /** Security posture of each seller segment by bearer (`sellers:<name>`), and of `sellers` (all segments). */
  sellerPostures: Map<string, number>;
  /** Vendors by bearer (`vendor:<name>`), with their posture. */
  vendors: Map<string, { securityPosture: number }>;
}

/** Whether the party responsible for an incident breached its duty of care, and how badly. */
export interface NegligenceFinding {
  /** The responsible party's bearer name, or undefined when no party is at fault. */
  party: string | undefined;
  probability: number;
  /** The draw must fall below this for gross negligence: probability × gross_share. */
  grossProbability: number;
  draw: number;
  negligent: boolean;
  /** Gross negligence: the same draw below probability × gross_share. */
  gross: boolean;
  incidentType: Incident['type'];
}

/**
 * Decides fault and negligence for an incident (MODEL §8, steps 1–2).
 *
 * Fault follows the cause: the platform's systems → platform; a seller's integration, tool or
 * goods → that seller's segment (with its segment's `security_posture`, default 0.5); a
 * processor's systems → the processor; a vendor's software → the vendor (with its own posture); a third-party outage or a
 * plain loss event → nobody. The responsible party is negligent when the incident's negligence
 * draw is below base × (1 − posture) × the cause's multiplier (capped at 1); a seller's
 * misconduct is deliberate, so always at fault and grossly so.
 */
export function findNegligence(incident: Incident, model: NegligenceModel): NegligenceFinding {
  const party = responsibleParty(incident);
  const draw = incident.negligenceDraw;
  const incidentType = incident.type;
  if (party === undefined) return { party, probability: 0, grossProbability: 0, draw, negligent: false, gross: false, incidentType };
  if (incident.type === 'seller_misconduct') return { party, probability: 1, grossProbability: 1, draw, negligent: true, gross: true, incidentType };
  const { base, causes, gross_share: grossShare } = model.negligence;
  const posture = party === 'platform' ? model.platformPosture : (model.vendors.get(party)?.securityPosture ?? model.sellerPostures.get(party) ?? DEFAULT_PARTY_POSTURE);
  const cause = incident.type === 'bug' ? 'code_error' : 'cause' in incident ? incident.cause : undefined;
  const factor = cause === undefined ? 1 : (causes[cause as keyof typeof causes] ?? 1);
  const probability = Math.min(1, base * (1 - posture) * factor);
  const grossProbability = probability * grossShare;
  return { party, probability, grossProbability, draw, negligent: draw < probability, gross: draw < grossProbability, incidentType };
}

/** The party whose systems, code or goods caused an incident; undefined when nobody is at fault. */
export function responsibleParty(incident: Incident): string | undefined {
  switch (incident.type) {
    case 'outage':
      return incident.vendor === undefined ? 'platform' : bearerOf('vendor', incident.vendor);
    case 'third_party_outage':
      return undefined; // the provider owes service credits by contract, not damages by fault
    case 'bug':
      if (incident.origin === 'vendor') return bearerOf('vendor', incident.vendor!);
      return incident.origin === 'platform' ? 'platform' : incident.segment === undefined ? 'sellers' : bearerOf('sellers', incident.segment);
    case 'breach':
    case 'data_mishandling':
      if (incident.vendor !== undefined) return bearerOf('vendor', incident.vendor);
      return incident.party === 'platform' ? 'platform' : incident.party === 'processor' ? bearerOf('processor', incident.processor!) : bearerOf('sellers', incident.segment!);
    case 'seller_misconduct':
      return incident.segment === undefined ? 'sellers' : bearerOf('sellers', incident.segment);
    case 'loss_event':
      return undefined;
  }
}

/** Each kind's bearer names by party name, made once: the same string every time is one hash and a pointer compare downstream. */
const BEARERS = { vendor: new Map<string, string>(), sellers: new Map<string, string>(), processor: new Map<string, string>() };

/** `<kind>:<name>`, the bearer of a vendor, a seller segment or a processor. */
function bearerOf(kind: keyof typeof BEARERS, name: string): string {
  const names = BEARERS[kind];
  let bearer = names.get(name);
  if (bearer === undefined) names.set(name, (bearer = `${kind}:${name}`));
  return bearer;
}
