import type { Observable, SchedulerLike } from 'rxjs';
import { incidentEndHours, type Incident } from '../incidents/incident.ts';
import { atVirtualTimes, type Timed } from '../pipeline/virtual-time.ts';
import type { Allocation } from './allocation.ts';

/** What one party finally pays another for an incident: its claims, settled. */
export interface ClaimEvent extends Timed {
  stream: 'claims';
  kind: 'settled';
  /** Who pays (the allocation's bearer). */
  payer: string;
  /** Who had suffered the loss (the component's sufferer). */
  payee: string;
  amount: number;
  incident: number;
}

/**
 * The claims as a stream in virtual time: for each incident, what each party finally pays each
 * other party (allocations borne by someone other than their sufferer, summed per pair), when
 * the incident is over, as the model books claims and settlements.
 */
export function claims$(incidents: readonly Incident[], allocations: readonly Allocation[], hoursInYear: number, scheduler: SchedulerLike): Observable<ClaimEvent> {
  const number = new Map(incidents.map((incident, index) => [incident, index + 1]));
  const pairs = new Map<string, ClaimEvent>();
  for (const { component, bearer, amount } of allocations) {
    if (bearer === component.sufferer || amount === 0) continue;
    const incident = number.get(component.incident)!;
    const key = `${incident}\u0000${bearer}\u0000${component.sufferer}`;
    const event = pairs.get(key);
    if (event) event.amount += amount;
    else pairs.set(key, { stream: 'claims', kind: 'settled', timeHours: incidentEndHours(component.incident, hoursInYear), payer: bearer, payee: component.sufferer, amount, incident });
  }
  return atVirtualTimes([...pairs.values()], scheduler);
}
