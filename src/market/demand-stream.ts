import type { Observable, SchedulerLike } from 'rxjs';
import { atVirtualTimes, type Timed } from '../pipeline/virtual-time.ts';
import type { PolicyYear } from '../calendar/policy-year.ts';
import type { MarketModel } from './market-model.ts';
import type { SeasonalitySpec } from '../calendar/seasonality-profile.ts';

/**
 * Demand changes: a calendar month begins at its seasonal rate, a named peak begins or ends, or
 * an outage cuts the demand that reaches the platform and it comes back.
 */
export interface DemandEvent extends Timed {
  stream: 'demand';
  kind: 'month' | 'peak_began' | 'peak_ended' | 'fell' | 'back';
  /** The month (YYYY-MM), the peak's name, or the system down (`platform`, `provider:<name>`). */
  label: string;
  /** A month: its average demand over the year's average; a peak: its multiplier; a fall: the share of demand still served. */
  ratio: number;
  /** A month: the GMV it brings (before any incident). */
  gmv?: number;
  /** A fall or its end: the outage's list number in the year. */
  incident?: number;
}

/** An outage as demand sees it: when it began and ended, which system, what share of traffic it cut. */
export interface DemandCut {
  timeHours: number;
  endHours: number;
  system: string;
  scope: number;
  incident: number;
}

/**
 * Demand as a stream in virtual time: each calendar month of the policy year at its start, with
 * its share of the year's demand as a ratio to the average month, and each named peak of the
 * seasonality at its first and after its last day; and each outage's cut, from its start (the
 * share of demand still served) to its restoration within the year.
 */
export function demand$(year: PolicyYear, market: MarketModel, seasonality: SeasonalitySpec | undefined, cuts: readonly DemandCut[], scheduler: SchedulerLike): Observable<DemandEvent> {
  const { demand } = market;
  const average = demand.gmvPerYear / demand.hoursInYear;
  const events: DemandEvent[] = [];
  const starts = year.monthStartHours;
  for (let month = 0; month + 1 < starts.length; month++) {
    const from = starts[month]!;
    const to = starts[month + 1]!;
    const gmv = demand.integrate(from, to);
    const label = new Date(year.startMs + from * 3_600_000).toISOString().slice(0, 7);
    events.push({ stream: 'demand', timeHours: from, kind: 'month', label, ratio: average > 0 ? gmv / (to - from) / average : 0, gmv });
  }
  for (const peak of seasonality?.peaks ?? []) {
    const began = (Date.parse(`${peak.date}T00:00:00Z`) - year.startMs) / 3_600_000;
    const ended = (Date.parse(`${peak.until ?? peak.date}T00:00:00Z`) - year.startMs) / 3_600_000 + 24;
    events.push({ stream: 'demand', timeHours: began, kind: 'peak_began', label: peak.name, ratio: peak.multiplier });
    if (ended < year.hoursInYear) events.push({ stream: 'demand', timeHours: ended, kind: 'peak_ended', label: peak.name, ratio: peak.multiplier });
  }
  for (const cut of cuts) {
    events.push({ stream: 'demand', timeHours: cut.timeHours, kind: 'fell', label: cut.system, ratio: 1 - cut.scope, incident: cut.incident });
    if (cut.endHours < year.hoursInYear) events.push({ stream: 'demand', timeHours: cut.endHours, kind: 'back', label: cut.system, ratio: 1, incident: cut.incident });
  }
  return atVirtualTimes(events, scheduler);
}
