import { range, map } from 'rxjs';
import { assessImpacts } from '../impacts/assess-impacts.ts';
import { generateIncidents } from '../incidents/generate-incidents.ts';
import { applyInsurance } from '../insurance/apply-insurance.ts';
import { ChunkLedger, type ChunkResult } from '../ledger/chunk-ledger.ts';
import { allocateLiability } from '../liability/allocate-liability.ts';
import { exposeMarket } from '../market/expose-market.ts';
import type { SimulationModel } from './simulation-model.ts';
import type { TrialContext } from './trial-context.ts';

/**
 * Simulates a chunk of consecutive trials under every strategy.
 *
 * ```
 * trials ─▶ exposeMarket ─▶ generateIncidents ─▶ assessImpacts ─▶ allocateLiability ─▶ applyInsurance ─▶ ledger
 * (trial,   (calendar,      (drawn, in           (ground-up      (who finally        (recoveries,      (annual and
 * strategy)  demand)         virtual time)        components)     carries what)       aggregates)       occurrence)
 * ```
 *
 * Each trial (one policy year under one strategy) flows through the stages as one record; within
 * a trial, incidents are handled in virtual-time order. The stream is synchronous, so this
 * returns when the chunk is done.
 */
export function simulateChunk(model: SimulationModel, firstTrial: number, trialCount: number): ChunkResult {
  const ledger = new ChunkLedger(model, firstTrial, trialCount);
  const strategyCount = model.strategies.length;
  range(0, trialCount * strategyCount)
    .pipe(
      map((index): TrialContext => ({ trial: firstTrial + Math.floor(index / strategyCount), strategy: index % strategyCount })),
      exposeMarket(model),
      generateIncidents(model),
      assessImpacts(model),
      allocateLiability(model),
      applyInsurance(model),
    )
    .subscribe((trial) => ledger.record(trial));
  return ledger.result;
}
