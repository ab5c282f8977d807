import type { OperatorFunction } from 'rxjs';
import type { ExposedTrial } from '../market/market-exposure.ts';
import { stageOperator } from '../pipeline/stage-operator.ts';
import type { TrialMarker } from '../pipeline/trial-events.ts';
import type { CompiledIncidents } from './compile-incidents.ts';
import type { Incident, IncidentTrial } from './incident.ts';
import { sortIncidents } from './sort-incidents.ts';
import { triggerIncidents } from './trigger-incidents.ts';

/** What the incident stage reads: the run's seed key and the compiled incident definitions, injections and triggers. */
export interface IncidentStageInput {
  seed: number;
  incidents: CompiledIncidents;
}

/**
 * One incident of a trial, in virtual time: the event the later stages act on, in the order of
 * (time, definition, candidate): simultaneous incidents break ties deterministically.
 */
export interface IncidentEvent<Trial extends IncidentTrial = IncidentTrial> {
  readonly kind: 'incident';
  readonly trial: Trial;
  readonly incident: Incident;
  /** Its position in `trial.incidents`, from 0. */
  readonly index: number;
}

/** The events of a trial from the incident stage on: its start, its incidents in time order, its end. */
export type TrialEvent<Trial extends IncidentTrial = IncidentTrial> = TrialMarker<Trial> | IncidentEvent<Trial>;

/**
 * Incident stage: at each trial's start, draws every definition's and injection's incidents,
 * orders them in virtual time, adds the incidents they trigger, and emits them one event each
 * between the trial's start and end markers.
 *
 * @example
 * exposed$.pipe(generateIncidents({ seed, incidents })) // trial-start, incident, incident, …, trial-end
 */
export function generateIncidents({ seed, incidents: compiled }: IncidentStageInput): OperatorFunction<TrialMarker<ExposedTrial>, TrialEvent> {
  const { generators, triggers } = compiled;
  return stageOperator('incidents', () => (event, emit) => {
    const trial = event.trial as IncidentTrial;
    if (event.kind === 'trial-end') return emit(event as TrialMarker<IncidentTrial>);
    const { year } = trial.market;
    const number = trial.context.trial;
    const incidents: Incident[] = [];
    for (const generate of generators) generate(number, year, incidents);
    sortIncidents(incidents);
    if (triggers.size > 0) triggerIncidents(incidents, triggers, seed, number, year);
    trial.incidents = incidents;
    emit(event as TrialMarker<IncidentTrial>);
    for (let index = 0; index < incidents.length; index++) emit({ kind: 'incident', trial, incident: incidents[index]!, index });
  });
}
