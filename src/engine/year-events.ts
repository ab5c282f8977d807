import type { BuyerEvent } from '../impacts/buyer-stream.ts';
import { buyers$ } from '../impacts/buyer-stream.ts';
import type { SchedulerLike } from 'rxjs';
import { incidents$, outageSpans, platformStatus$, sellers$, type IncidentTimelineEvent, type PlatformStatusEvent, type SellerEvent } from '../incidents/incident-streams.ts';
import type { Incident } from '../incidents/incident.ts';
import type { InsuredTrial } from '../insurance/recovery.ts';
import { recoveries$, type RecoveryEvent } from '../insurance/recovery-stream.ts';
import { claims$, type ClaimEvent } from '../liability/claim-stream.ts';
import { demand$, type DemandEvent } from '../market/demand-stream.ts';
import { mergeInVirtualTime } from '../pipeline/virtual-time.ts';
import type { SimulationModel } from './simulation-model.ts';

/** One event of a simulated year, from one of the market's streams. */
export type YearEvent = PlatformStatusEvent | DemandEvent | IncidentTimelineEvent | SellerEvent | BuyerEvent | ClaimEvent | RecoveryEvent;

/** The streams of a year, in priority order: at the same hour, an earlier stream's event comes first. */
export const YEAR_STREAMS = ['platform', 'demand', 'incidents', 'sellers', 'buyers', 'claims', 'insurance'] as const;

/**
 * A simulated year as the merge of its typed event streams in virtual time: the platform's status
 * (down, degraded, up), demand (each month's seasonal rate, peaks), the incidents (begun, over),
 * the sellers (misconduct, their own failures), the buyers (churn after incidents), the claims
 * settled between parties and the insurers' payments, ordered by (time, stream priority,
 * sequence). Built from the trial's complete record, for `faultline explain`; incidents are
 * numbered by their place in `incidents` (the record's, unless explain gives its own order).
 *
 * @example
 * yearEvents(model, simulateTrial(model, 42)) // [{ stream: 'demand', kind: 'month', label: '2027-01', … }, …]
 */
export function yearEvents(model: SimulationModel, record: InsuredTrial, incidents: readonly Incident[] = record.incidents): YearEvent[] {
  const { allocations, recoveries } = record;
  const { hoursInYear } = model.year;
  const market = model.market;
  return mergeInVirtualTime<YearEvent>([
    (scheduler) => platformStatus$(incidents, hoursInYear, scheduler),
    ...(market ? [(scheduler: SchedulerLike) => demand$(model.year, market, model.scenario.market?.seasonality, outageSpans(incidents), scheduler)] : []),
    (scheduler) => incidents$(incidents, hoursInYear, scheduler),
    (scheduler) => sellers$(incidents, scheduler),
    (scheduler) => buyers$(incidents, hoursInYear, scheduler),
    (scheduler) => claims$(incidents, allocations, hoursInYear, scheduler),
    (scheduler) => recoveries$(incidents, recoveries, hoursInYear, scheduler),
  ]);
}
