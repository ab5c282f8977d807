import type { PolicyYear } from '../calendar/policy-year.ts';
import type { TrialContext } from '../pipeline/trial-context.ts';
import type { MarketModel } from './market-model.ts';
import type { MarketState } from './market-state.ts';

/** The market as the rest of a trial sees it: the calendar, the compiled market, the trial's state. */
export interface MarketExposure {
  year: PolicyYear;
  /** The marketplace, when the scenario has one (FAIR-style scenarios do not). */
  model?: MarketModel;
  /** Buyers left and downtime so far in this trial; present with a market. */
  state?: MarketState;
}

/** A trial after the market stage. */
export interface ExposedTrial {
  context: TrialContext;
  market: MarketExposure;
}
