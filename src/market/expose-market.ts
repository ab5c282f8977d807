import type { OperatorFunction } from 'rxjs';
import { stageMap } from '../engine/stage-map.ts';
import type { TrialContext } from '../engine/trial-context.ts';
import type { ExposedTrial, MarketExposure } from './market-exposure.ts';
import { MarketState } from './market-state.ts';
import type { SimulationModel } from '../engine/simulation-model.ts';
import { TrialRecord } from '../engine/trial-record.ts';

/**
 * Market stage: attaches the market to each trial, with a fresh state (all buyers, no downtime)
 * that the trial's incidents then change in time order.
 *
 * @example
 * trials$.pipe(exposeMarket(model)) // emits { context, market: { year } }
 */
export function exposeMarket(model: SimulationModel): OperatorFunction<TrialContext, ExposedTrial> {
  const { year, market } = model;
  if (!market) {
    const exposure: MarketExposure = { year };
    return stageMap('market', (context) => new TrialRecord(context, exposure));
  }
  return stageMap('market', (context) => new TrialRecord(context, { year, model: market, state: new MarketState(year) }));
}
