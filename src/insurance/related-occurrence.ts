import { incidentId, type Incident } from '../incidents/incident.ts';

const NO_ROOTS: ReadonlyMap<string, string> = new Map();
const NO_SIZES: ReadonlyMap<string, number> = new Map();

/**
 * The root of each incident's trigger chain: the id of the incident that started the chain
 * (itself when nothing triggered it), for the `related_incidents: one_occurrence` wording.
 * Incidents come in time order, a started incident after the one that started it. A year
 * without a triggered incident (most years) has no chain of two: both maps come back empty.
 *
 * @example
 * chainRoots([breach, outage, ransom]) // Map { 'breach#1' → 'breach#1', 'outage<breach#1' → 'breach#1', … }
 */
export function chainRoots(incidents: readonly Incident[]): { roots: ReadonlyMap<string, string>; sizes: ReadonlyMap<string, number> } {
  if (!incidents.some((incident) => incident.triggeredBy !== undefined)) return { roots: NO_ROOTS, sizes: NO_SIZES };
  const roots = new Map<string, string>();
  const sizes = new Map<string, number>();
  for (const incident of incidents) {
    const id = incidentId(incident);
    const parent = incident.triggeredBy;
    const root = parent === undefined ? id : (roots.get(parent) ?? parent);
    roots.set(id, root);
    sizes.set(root, (sizes.get(root) ?? 0) + 1);
  }
  return { roots, sizes };
}

/**
 * Splits an amount pro rata to weights: each part but the last rounded to the cent, the last
 * taking the rest, so the parts add up to the amount. All weights 0: the last takes it all.
 *
 * @example
 * splitProRata(100, [1, 1, 1]) // [33.33, 33.33, 33.34]
 */
export function splitProRata(amount: number, weights: readonly number[]): number[] {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const parts: number[] = [];
  let given = 0;
  for (let i = 0; i < weights.length - 1; i++) {
    const share = total > 0 ? Math.round(((amount * weights[i]!) / total) * 100) / 100 : 0;
    const part = Math.max(0, Math.min(share, amount - given)); // rounding never takes more than is left
    parts.push(part);
    given += part;
  }
  if (weights.length > 0) parts.push(amount - given);
  return parts;
}
