import { of, pipe, Subject, type OperatorFunction } from 'rxjs';
import type { InsuredTrial } from '../insurance/recovery.ts';
import { assessImpacts } from '../impacts/assess-impacts.ts';
import { generateIncidents } from '../incidents/generate-incidents.ts';
import { applyInsurance } from '../insurance/apply-insurance.ts';
import { ChunkLedger, type ChunkResult } from '../ledger/chunk-ledger.ts';
import { EventLossTable } from '../ledger/event-loss-table.ts';
import { NetEventLossTable } from '../ledger/net-event-loss-table.ts';
import { AllocationTable } from '../ledger/allocation-table.ts';
import { InsuranceTable } from '../ledger/insurance-table.ts';
import { allocateLiability } from '../liability/allocate-liability.ts';
import { exposeMarket } from '../market/expose-market.ts';
import type { SimulationModel } from './simulation-model.ts';
import type { TrialContext } from './trial-context.ts';
import { NonFiniteLoss, SimulationError } from '../errors.ts';
import { injectedFaults, StageFailure } from './stage-map.ts';

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
 * rows of each of its event loss tables (ground-up and net).
 *
 * @throws SimulationError naming the trial, strategy and stage when any stage (the ledger
 *   included) throws: the error travels the stream's error channel and stops the chunk at once, so
 *   no partial result is ever returned as if it were complete.
 */
export function simulateChunk(model: SimulationModel, firstTrial: number, trialCount: number, eltLimit = 0): ChunkResult {
  const ledger = new ChunkLedger(model, firstTrial, trialCount);
  const elt = eltLimit > 0 ? new EventLossTable(model.strategies, eltLimit) : undefined;
  const eltNet = eltLimit > 0 ? new NetEventLossTable(model, eltLimit, ledger.result) : undefined;
  const allocations = new AllocationTable(model.strategies);
  const insurance = new InsuranceTable(model.strategyModels.map((strategy) => strategy.insurance), model.strategies);
  const ledgerFaults = injectedFaults('ledger');
  let failure: unknown;
  const record = (trial: InsuredTrial) => {
    // A throw inside a subscriber's `next` would be re-thrown by RxJS later, on a timer, and lost
    // to this call: catch it here, as the ledger stage's failure.
    try {
      if (ledgerFaults?.has(trial.context.trial)) throw new Error('fault injected by FAULTLINE_INJECT_FAULT');
      ledger.record(trial);
      allocations.record(trial);
      insurance.record(trial);
      elt?.record(trial);
      eltNet?.record(trial);
    } catch (error) {
      failure ??= error instanceof StageFailure ? error : new StageFailure('ledger', trial.context, error);
    }
  };
  const fail = (error: unknown) => (failure ??= error);
  // One pipeline per strategy, all fed the same trials in turn: trial 1 under each strategy, then
  // trial 2, … (the order the ledger and the event loss table expect).
  const pipelines = model.strategyModels.map((strategy) => {
    const trials = new Subject<TrialContext>();
    trials.pipe(simulateTrials(strategy)).subscribe({ next: record, error: fail });
    return trials;
  });
  for (let trial = firstTrial; trial < firstTrial + trialCount; trial++) {
    for (let strategy = 0; strategy < pipelines.length; strategy++) {
      pipelines[strategy]!.next({ trial, strategy });
      if (failure !== undefined) throw describeFailure(model, failure);
    }
  }
  for (const pipeline of pipelines) pipeline.complete();
  return { ...ledger.finish(), allocations: allocations.sums(), insurance: insurance.result(), ...(elt && eltNet ? { elt: { groundUp: elt.toCsv(), net: eltNet.toCsv() } } : {}) };
}

/**
 * The trial pipeline of one strategy as one operator: each trial context in, its complete record
 * out (market, incidents, components, allocations, recoveries).
 */
export function simulateTrials(model: SimulationModel): OperatorFunction<TrialContext, InsuredTrial> {
  return pipe(exposeMarket(model), generateIncidents(model), assessImpacts(model), allocateLiability(model), applyInsurance(model));
}

/**
 * Simulates one trial under one strategy and returns its complete record (for `explain`).
 *
 * @throws SimulationError naming the trial, strategy and stage when a stage throws.
 */
export function simulateTrial(model: SimulationModel, trial: number, strategy = 0): InsuredTrial {
  let record: InsuredTrial | undefined;
  let failure: unknown;
  of({ trial, strategy })
    .pipe(simulateTrials(model.strategyModels[strategy]!))
    .subscribe({ next: (result) => (record = result), error: (error) => (failure = error) });
  if (failure !== undefined) throw describeFailure(model, failure);
  if (record === undefined) throw new SimulationError(`trial ${trial}: the pipeline completed without a record`);
  return record;
}

/**
 * The one-line error a failed chunk or trial reports: `trial 7, strategy "baseline", stage
 * liability: <what went wrong>`. An error that is already a SimulationError or bad input keeps its
 * class (a non-finite loss is bad input, exit 2), with the location put in front.
 */
function describeFailure(model: SimulationModel, failure: unknown): Error {
  if (!(failure instanceof StageFailure)) return failure instanceof Error ? failure : new SimulationError(String(failure));
  const { stage, context, cause } = failure;
  const where = `trial ${context.trial}, strategy ${JSON.stringify(model.strategies[context.strategy] ?? context.strategy)}, stage ${stage}`;
  const reason = cause instanceof Error ? cause.message : String(cause);
  const error = cause instanceof NonFiniteLoss ? new NonFiniteLoss(`${where}: ${reason}`, cause.issue) : new SimulationError(`${where}: ${reason}`);
  if (cause instanceof Error && cause.stack) error.stack = `${error.name}: ${error.message}\ncaused by ${cause.stack}`;
  return error;
}
