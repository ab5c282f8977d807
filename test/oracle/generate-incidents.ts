import type { OperatorFunction } from 'rxjs';
import { stageMap } from './stage-map.ts';
import type { SimulationModel } from '../../src/engine/simulation-model.ts';
import type { ExposedTrial } from '../../src/market/market-exposure.ts';
import { compareIncidents, type Incident, type IncidentTrial } from '../../src/incidents/incident.ts';
import { triggerIncidents } from '../../src/incidents/trigger-incidents.ts';

/**
 * Incident stage: draws every definition's and injection's incidents for the trial, orders them
 * in virtual time, then adds the incidents they trigger.
 *
 * @example
 * exposed$.pipe(generateIncidents(model)) // emits { context, market, incidents }
 */
export function generateIncidents(model: SimulationModel): OperatorFunction<ExposedTrial, IncidentTrial> {
  return stageMap('incidents', (exposed) => {
    const { trial } = exposed.context;
    const { year } = exposed.market;
    const incidents: Incident[] = [];
    for (const generate of model.incidents.generators) generate(trial, year, incidents);
    if (incidents.length > 1) incidents.sort(compareIncidents);
    if (model.incidents.triggers.size > 0) triggerIncidents(incidents, model.incidents.triggers, model.seed, trial, year);
    const next = exposed as IncidentTrial;
    next.incidents = incidents;
    return next;
  });
}
