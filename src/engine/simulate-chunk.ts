import { of, pipe, Subject, type OperatorFunction } from 'rxjs';
import type { InsuredTrial } from '../insurance/recovery.ts';
import { assessImpacts } from '../impacts/assess-impacts.ts';
import { generateIncidents } from '../incidents/generate-incidents.ts';
import { applyInsurance } from '../insurance/apply-insurance.ts';
import { ChunkLedger, type ChunkResult } from '../ledger/chunk-ledger.ts';
import { EventLossTable } from '../ledger/event-loss-table.ts';
import { AllocationTable } from '../ledger/allocation-table.ts';
import { InsuranceTable } from '../ledger/insurance-table.ts';
import { allocateLiability } from '../liability/allocate-liability.ts';
import { exposeMarket } from '../market/expose-market.ts';
import type { SimulationModel } from './simulation-model.ts';
import type { TrialContext } from './trial-context.ts';

/**
 * Simulates a chunk of consecutive trials under every strategy (common random numbers: each
 * strategy replays the same trials, whose draws depend only on seed, trial and generator).
 *
 * ```
 * trials ─▶ exposeMarket ─▶ generateIncidents ─▶ assessImpacts ─▶ allocateLiability ─▶ applyInsurance ─▶ ledger
 * (trial,   (calendar,      (drawn, in           (ground-up      (who finally        (recoveries,      (annual and
 * strategy)  demand)         virtual time)        components)     carries what)       aggregates)       occurrence)
 * ```
 *
 * Each trial (one policy year under one strategy) flows through the stages as one record; within
 * a trial, incidents are handled in virtual-time order. The stream is synchronous, so this
 * returns when the chunk is done. With `eltLimit` > 0 the chunk also returns up to that many
 * rows of its event loss table.
 */
export function simulateChunk(model: SimulationModel, firstTrial: number, trialCount: number, eltLimit = 0): ChunkResult {
  const ledger = new ChunkLedger(model, firstTrial, trialCount);
  const elt = eltLimit > 0 ? new EventLossTable(model.strategies, eltLimit) : undefined;
  const allocations = new AllocationTable(model.strategies);
  const insurance = new InsuranceTable(model.strategyModels.map((strategy) => strategy.insurance), model.strategies);
  const record = (trial: InsuredTrial) => {
    ledger.record(trial);
    allocations.record(trial);
    insurance.record(trial);
    elt?.record(trial);
  };
  // One pipeline per strategy, all fed the same trials in turn: trial 1 under each strategy, then
  // trial 2, … (the order the ledger and the event loss table expect).
  const pipelines = model.strategyModels.map((strategy) => {
    const trials = new Subject<TrialContext>();
    trials.pipe(simulateTrials(strategy)).subscribe(record);
    return trials;
  });
  for (let trial = firstTrial; trial < firstTrial + trialCount; trial++) {
    pipelines.forEach((pipeline, strategy) => pipeline.next({ trial, strategy }));
  }
  for (const pipeline of pipelines) pipeline.complete();
  return { ...ledger.result, allocations: allocations.sums(), insurance: insurance.result(), ...(elt ? { elt: elt.toCsv() } : {}) };
}

/**
 * The trial pipeline of one strategy as one operator: each trial context in, its complete record
 * out (market, incidents, components, allocations, recoveries).
 */
export function simulateTrials(model: SimulationModel): OperatorFunction<TrialContext, InsuredTrial> {
  return pipe(exposeMarket(model), generateIncidents(model), assessImpacts(model), allocateLiability(model), applyInsurance(model));
}

/** Simulates one trial under one strategy and returns its complete record (for `explain`). */
export function simulateTrial(model: SimulationModel, trial: number, strategy = 0): InsuredTrial {
  let record: InsuredTrial | undefined;
  of({ trial, strategy }).pipe(simulateTrials(model.strategyModels[strategy]!)).subscribe((result) => (record = result));
  return record!;
}
