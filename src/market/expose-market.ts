import type { OperatorFunction } from 'rxjs';
import { stageOperator } from '../pipeline/stage-operator.ts';
import type { TrialContext } from '../pipeline/trial-context.ts';
import type { TrialMarker } from '../pipeline/trial-events.ts';
import type { PolicyYear } from '../calendar/policy-year.ts';
import type { ExposedTrial, MarketExposure } from './market-exposure.ts';
import type { MarketModel } from './market-model.ts';
import { MarketState } from './market-state.ts';

/** What the market stage reads: the calendar and, when the scenario has one, the compiled marketplace. */
export interface MarketStageInput {
  year: PolicyYear;
  market: MarketModel | undefined;
}

/** A trial's record before the market stage: its identity, and a market still to be set. */
export interface UnexposedTrial {
  readonly context: TrialContext;
  market: MarketExposure;
}

/**
 * Market stage: at each trial's start, attaches the market to the trial's record with a fresh
 * state (all buyers, no downtime) that the trial's incidents then change in time order; passes
 * every marker on.
 *
 * @example
 * markers$.pipe(exposeMarket({ year, market })) // trial-start { context, market: { year, model, state } }, trial-end
 */
export function exposeMarket({ year, market }: MarketStageInput): OperatorFunction<TrialMarker<UnexposedTrial>, TrialMarker<ExposedTrial>> {
  const fixed: MarketExposure = { year };
  return stageOperator('market', () => (event, emit) => {
    if (event.kind === 'trial-start') event.trial.market = market ? { year, model: market, state: new MarketState(year) } : fixed;
    emit(event);
  });
}
