import type { Observable, SchedulerLike } from 'rxjs';
import type { Incident } from '../incidents/incident.ts';
import { atVirtualTimes, type Timed } from '../pipeline/virtual-time.ts';
import { churnFrom } from './lost-sales.ts';

/** Buyers leave after an incident. */
export interface BuyerEvent extends Timed {
  stream: 'buyers';
  kind: 'churn';
  /** Share of the remaining buyers who leave. */
  share: number;
  /** Share of the year-start buyers still buying afterwards. */
  buyersLeft: number;
  incident: number;
}

/**
 * The buyers as a stream in virtual time: after each incident with churn, the share of the
 * remaining buyers who leave, when they leave (`churnFrom`), and the share of the year-start
 * buyers left; the impact stage takes them in incident order, as here.
 */
export function buyers$(incidents: readonly Incident[], hoursInYear: number, scheduler: SchedulerLike): Observable<BuyerEvent> {
  const events: BuyerEvent[] = [];
  let buyersLeft = 1;
  incidents.forEach((incident, index) => {
    const timeHours = churnFrom(incident, hoursInYear);
    if (timeHours === undefined) return;
    buyersLeft *= 1 - incident.churnShare;
    events.push({ stream: 'buyers', timeHours, kind: 'churn', share: incident.churnShare, buyersLeft, incident: index + 1 });
  });
  return atVirtualTimes(events, scheduler);
}
