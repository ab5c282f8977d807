import type { Observable, SchedulerLike } from 'rxjs';
import { atVirtualTimes, type Timed } from '../pipeline/virtual-time.ts';
import { incidentEndHours, type Incident } from './incident.ts';

/** A change of a system's status: down (all traffic lost), degraded (part of it), or up again. */
export interface PlatformStatusEvent extends Timed {
  stream: 'platform';
  kind: 'down' | 'degraded' | 'up';
  /** `platform`, or the provider whose outage took the platform's traffic (`provider:<name>`). */
  system: string;
  /** Share of traffic lost (0 when up). */
  scope: number;
  /** The incident's list number in the year, from 1. */
  incident: number;
}

/** An incident begins, or is over (restored, fixed, contained). */
export interface IncidentTimelineEvent extends Timed {
  stream: 'incidents';
  kind: 'began' | 'over';
  incident: number;
  name: string;
  type: Incident['type'];
}

/** Something a seller segment did or suffered in its own systems: misconduct, its code, its breach. */
export interface SellerEvent extends Timed {
  stream: 'sellers';
  kind: 'misconduct' | 'own_code_failed' | 'own_systems_breached';
  /** The segment (`sellers:<name>`), or `sellers` when the scenario names none. */
  sellers: string;
  incident: number;
}

/** Each outage's span, system and scope, with its list number: what demand sees of it. */
export function outageSpans(incidents: readonly Incident[]): { timeHours: number; endHours: number; system: string; scope: number; incident: number }[] {
  const spans = [];
  for (let index = 0; index < incidents.length; index++) {
    const incident = incidents[index]!;
    if (incident.type !== 'outage' && incident.type !== 'third_party_outage') continue;
    const system = incident.provider === undefined ? 'platform' : `provider:${incident.provider}`;
    spans.push({ timeHours: incident.timeHours, endHours: incident.timeHours + incident.durationHours, system, scope: incident.scope, incident: index + 1 });
  }
  return spans;
}

/**
 * The platform's status as a stream in virtual time: each outage takes a system down (scope 1)
 * or degrades it (scope below 1) when it begins, and brings it up when it is restored within the
 * year.
 */
export function platformStatus$(incidents: readonly Incident[], hoursInYear: number, scheduler: SchedulerLike): Observable<PlatformStatusEvent> {
  const events: PlatformStatusEvent[] = [];
  for (const { timeHours, endHours, system, scope, incident } of outageSpans(incidents)) {
    events.push({ stream: 'platform', timeHours, kind: scope >= 1 ? 'down' : 'degraded', system, scope, incident });
    if (endHours < hoursInYear) events.push({ stream: 'platform', timeHours: endHours, kind: 'up', system, scope: 0, incident });
  }
  return atVirtualTimes(events, scheduler);
}

/** The incidents as a stream in virtual time: each one's beginning, and its end when that comes later within the year. */
export function incidents$(incidents: readonly Incident[], hoursInYear: number, scheduler: SchedulerLike): Observable<IncidentTimelineEvent> {
  const events: IncidentTimelineEvent[] = [];
  incidents.forEach((incident, index) => {
    const base = { stream: 'incidents' as const, incident: index + 1, name: incident.name, type: incident.type };
    events.push({ ...base, timeHours: incident.timeHours, kind: 'began' });
    const end = incidentEndHours(incident, hoursInYear);
    if (end > incident.timeHours) events.push({ ...base, timeHours: end, kind: 'over' });
  });
  return atVirtualTimes(events, scheduler);
}

/** The sellers as a stream in virtual time: a segment's misconduct, its own code failing, its own systems breached. */
export function sellers$(incidents: readonly Incident[], scheduler: SchedulerLike): Observable<SellerEvent> {
  const events: SellerEvent[] = [];
  incidents.forEach((incident, index) => {
    const kind =
      incident.type === 'seller_misconduct'
        ? 'misconduct'
        : incident.type === 'bug' && incident.origin === 'seller'
          ? 'own_code_failed'
          : (incident.type === 'breach' || incident.type === 'data_mishandling') && incident.party === 'seller'
            ? 'own_systems_breached'
            : undefined;
    if (kind === undefined) return;
    const segment = 'segment' in incident ? incident.segment : undefined;
    events.push({ stream: 'sellers', timeHours: incident.timeHours, kind, sellers: segment === undefined ? 'sellers' : `sellers:${segment}`, incident: index + 1 });
  });
  return atVirtualTimes(events, scheduler);
}
