import type { Observable, SchedulerLike } from 'rxjs';
import { incidentEndHours, type Incident } from '../incidents/incident.ts';
import { atVirtualTimes, type Timed } from '../pipeline/virtual-time.ts';
import type { Recovery } from './recovery.ts';

/** A policy or layer pays its insured for an incident. */
export interface RecoveryEvent extends Timed {
  stream: 'insurance';
  kind: 'paid';
  policy: string;
  insured: string;
  amount: number;
  incident: number;
}

/** The insurers' payments as a stream in virtual time: each recovery above zero, when its incident is over. */
export function recoveries$(incidents: readonly Incident[], recoveries: readonly Recovery[], hoursInYear: number, scheduler: SchedulerLike): Observable<RecoveryEvent> {
  const number = new Map(incidents.map((incident, index) => [incident, index + 1]));
  const events = recoveries
    .filter((recovery) => recovery.amount > 0)
    .map((recovery): RecoveryEvent => ({
      stream: 'insurance',
      kind: 'paid',
      timeHours: incidentEndHours(recovery.incident, hoursInYear),
      policy: recovery.policy,
      insured: recovery.insured,
      amount: recovery.amount,
      incident: number.get(recovery.incident)!,
    }));
  return atVirtualTimes(events, scheduler);
}
