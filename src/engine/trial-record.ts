import type { LossComponent } from '../impacts/loss-component.ts';
import type { Incident } from '../incidents/incident.ts';
import type { InsuredTrial, Recovery } from '../insurance/recovery.ts';
import type { Allocation } from '../liability/allocation.ts';
import type { MarketExposure } from '../market/market-exposure.ts';
import type { TrialContext } from '../pipeline/trial-context.ts';

const NONE: never[] = [];

/**
 * The one record a trial fills as its events go through the stages; each stage fills in its own
 * field.
 *
 * The engine creates it and sends it down the pipeline in the trial's start marker; the market
 * stage sets `market`, the incident stage `incidents`, and the later stages append to
 * `components`, `allocations` and `recoveries` incident by incident, so the stages' types
 * (`ExposedTrial`, `IncidentTrial`, … `InsuredTrial`) are views of this record that show which
 * fields are filled so far. Filling one object in place, rather than spreading a new one per
 * stage, keeps a trial's cost in its incidents, not in copying (measured: the spreads took half of
 * a loss_event trial's time).
 */
export class TrialRecord implements InsuredTrial {
  /** Set by the market stage when the trial starts. */
  market: MarketExposure = undefined as unknown as MarketExposure;
  incidents: Incident[] = NONE;
  components: LossComponent[] = NONE;
  allocations: Allocation[] = NONE;
  recoveries: Recovery[] = NONE;
  exhausted: number[] = NONE;

  constructor(readonly context: TrialContext) {}
}
