import { map, type OperatorFunction } from 'rxjs';
import type { SimulationModel } from '../engine/simulation-model.ts';
import type { Incident, IncidentTrial } from '../incidents/incident.ts';
import type { ImpactedTrial, LossComponent } from './loss-component.ts';

/**
 * Impact stage: turns each incident into its ground-up loss components.
 *
 * @example
 * incidents$.pipe(assessImpacts(model)) // emits { …, components }
 */
export function assessImpacts(_model: SimulationModel): OperatorFunction<IncidentTrial, ImpactedTrial> {
  return map((trial) => {
    const components: LossComponent[] = [];
    for (const incident of trial.incidents) appendComponents(incident, components);
    const next = trial as ImpactedTrial;
    next.components = components;
    return next;
  });
}

/** Appends an incident's components; a `loss_event` has exactly one, its drawn loss. */
function appendComponents(incident: Incident, into: LossComponent[]): void {
  switch (incident.type) {
    case 'loss_event':
      into.push({
        incident,
        kind: 'loss_event',
        amount: incident.lossAmount,
        sufferer: incident.bearer,
        coverage: incident.coverage,
      });
      return;
  }
}
