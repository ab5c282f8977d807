import { createSeveritySampler } from '../random/sample-severity.ts';
import { createStream, generatorKey } from '../random/trial-random.ts';
import type { PolicyYear } from '../calendar/policy-year.ts';
import { mechanismStreams, type DrawDetails } from './details-context.ts';
import { compareIncidents, incidentId, type Incident } from './incident.ts';

/** One compiled trigger: the definition it starts, with what probability and delay. */
export interface CompiledTrigger {
  target: string;
  targetIndex: number;
  probability: number;
  delayHours: ((random: () => number) => number) | undefined;
  drawDetails: DrawDetails;
}

/**
 * Adds the incidents that incidents start (a ransomware breach → an outage), in time order.
 *
 * Walks the time-ordered incidents; for each trigger of an incident's definition, one draw from a
 * generator named after the triggering incident decides, a second gives the delay, and the
 * started incident's details come from a generator named after both. A started incident that
 * would begin after the year ends is dropped; it may start others in turn (the scenario's
 * triggers have no cycles).
 */
export function triggerIncidents(incidents: Incident[], triggers: ReadonlyMap<string, readonly CompiledTrigger[]>, seed: number, trial: number, year: PolicyYear): void {
  for (let i = 0; i < incidents.length; i++) {
    const parent = incidents[i]!;
    const list = triggers.get(parent.name);
    if (!list) continue;
    const parentId = incidentId(parent);
    for (const trigger of list) {
      const decision = createStream(seed, trial, generatorKey(`trigger:${parentId}:${trigger.target}`));
      if (decision() >= trigger.probability) continue;
      const timeHours = parent.timeHours + Math.max(0, trigger.delayHours?.(decision) ?? 0);
      if (timeHours >= year.hoursInYear) continue;
      const negligenceDraw = decision();
      const details = createStream(seed, trial, generatorKey(`triggered:${parentId}:${trigger.target}`));
      const child = trigger.drawDetails(
        details,
        { name: trigger.target, definitionIndex: trigger.targetIndex, candidate: 0, timeHours, triggeredBy: parentId, negligenceDraw },
        mechanismStreams(seed, `triggered:${parentId}:${trigger.target}`)(trial, 0),
      );
      insertInOrder(incidents, child, i + 1);
    }
  }
}

function insertInOrder(incidents: Incident[], incident: Incident, from: number): void {
  let at = from;
  while (at < incidents.length && compareIncidents(incidents[at]!, incident) <= 0) at++;
  incidents.splice(at, 0, incident);
}

/** A delay sampler from an optional distribution. */
export function delaySampler(spec: Parameters<typeof createSeveritySampler>[0] | undefined): CompiledTrigger['delayHours'] {
  return spec ? createSeveritySampler(spec) : undefined;
}
