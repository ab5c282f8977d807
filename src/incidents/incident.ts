import type { CoverageTag } from '../scenario/schema/coverage.ts';
import type { ExposedTrial } from '../market/market-exposure.ts';

/** Fields every incident carries. */
interface IncidentBase {
  /** Name of the incident definition in the scenario. */
  name: string;
  /** Virtual time: hours from the start of the policy year. */
  timeHours: number;
  /** Index of the definition in the scenario: the tie-break for simultaneous incidents. */
  definitionIndex: number;
  /** 1-based number of the candidate event within its definition and trial. */
  candidate: number;
}

/** A plain frequency × severity loss with its drawn amount. */
export interface LossEventIncident extends IncidentBase {
  type: 'loss_event';
  lossAmount: number;
  bearer: string;
  coverage: CoverageTag;
}

/** One incident of a simulated year: the record between the incident and impact stages. */
export type Incident = LossEventIncident;

/** A trial after the incident stage: its incidents in time order. */
export interface IncidentTrial extends ExposedTrial {
  incidents: Incident[];
}

/** The incident's id within its trial: `<definition name>#<candidate number>`. */
export function incidentId(incident: Incident): string {
  return `${incident.name}#${incident.candidate}`;
}

/** Orders incidents by time, then definition, then candidate number: deterministic ties. */
export function compareIncidents(a: Incident, b: Incident): number {
  return a.timeHours - b.timeHours || a.definitionIndex - b.definitionIndex || a.candidate - b.candidate;
}
