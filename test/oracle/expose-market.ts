import type { OperatorFunction } from 'rxjs';
import { stageMap } from './stage-map.ts';
import type { TrialContext } from '../../src/pipeline/trial-context.ts';
import type { ExposedTrial, MarketExposure } from '../../src/market/market-exposure.ts';
import { MarketState } from '../../src/market/market-state.ts';
import type { SimulationModel } from '../../src/engine/simulation-model.ts';
import { TrialRecord } from '../../src/engine/trial-record.ts';

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
    return stageMap('market', (context) => withMarket(new TrialRecord(context), exposure));
  }
  return stageMap('market', (context) => withMarket(new TrialRecord(context), { year, model: market, state: new MarketState(year) }));
}

function withMarket(record: TrialRecord, market: MarketExposure): TrialRecord {
  record.market = market;
  return record;
}
