import { map, type OperatorFunction } from 'rxjs';
import type { TrialContext } from '../engine/trial-context.ts';
import type { ExposedTrial, MarketExposure } from './market-exposure.ts';
import type { SimulationModel } from '../engine/simulation-model.ts';
import { TrialRecord } from '../engine/trial-record.ts';

/**
 * Market stage: attaches the market exposure of the year to each trial.
 *
 * @example
 * trials$.pipe(exposeMarket(model)) // emits { context, market: { year } }
 */
export function exposeMarket(model: SimulationModel): OperatorFunction<TrialContext, ExposedTrial> {
  const market: MarketExposure = { year: model.year };
  return map((context) => new TrialRecord(context, market));
}
