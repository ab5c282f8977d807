import { map, type OperatorFunction } from 'rxjs';
import type { SimulationModel } from '../engine/simulation-model.ts';
import type { ExposedTrial } from '../market/market-exposure.ts';
import { compareIncidents, type Incident, type IncidentTrial } from './incident.ts';

/**
 * Incident stage: draws every definition's incidents for the trial and orders them in time.
 *
 * @example
 * exposed$.pipe(generateIncidents(model)) // emits { context, market, incidents }
 */
export function generateIncidents(model: SimulationModel): OperatorFunction<ExposedTrial, IncidentTrial> {
  return map((exposed) => {
    const incidents: Incident[] = [];
    for (const generate of model.incidentGenerators) generate(exposed.context.trial, exposed.market.year, incidents);
    if (incidents.length > 1) incidents.sort(compareIncidents);
    const next = exposed as IncidentTrial;
    next.incidents = incidents;
    return next;
  });
}
