import type { LossComponent } from '../impacts/loss-component.ts';
import type { Incident } from '../incidents/incident.ts';
import type { InsuredTrial, Recovery } from '../insurance/recovery.ts';
import type { Allocation } from '../liability/allocation.ts';
import type { MarketExposure } from '../market/market-exposure.ts';
import type { TrialContext } from './trial-context.ts';

const NONE: never[] = [];

/**
 * The one record a trial carries through the pipeline; each stage fills in its own field.
 *
 * The market stage creates it; each later stage sets its field and passes the same object on, so
 * the stages' types (`ExposedTrial`, `IncidentTrial`, … `InsuredTrial`) are views of this record
 * that show which fields are filled so far. Filling one object in place, rather than spreading a
 * new one per stage, keeps a trial's cost in its incidents, not in copying (measured: the spreads
 * took half of a loss_event trial's time).
 */
export class TrialRecord implements InsuredTrial {
  incidents: Incident[] = NONE;
  components: LossComponent[] = NONE;
  allocations: Allocation[] = NONE;
  recoveries: Recovery[] = NONE;
  exhausted: number[] = NONE;

  constructor(
    readonly context: TrialContext,
    public market: MarketExposure,
  ) {}
}
