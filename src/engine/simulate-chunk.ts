import { from, pipe, Subject, type OperatorFunction } from 'rxjs';
import type { TrialEvent } from '../incidents/generate-incidents.ts';
import type { InsuredTrial } from '../insurance/recovery.ts';
import { assessImpacts, type ImpactStageInput } from '../impacts/assess-impacts.ts';
import { generateIncidents, type IncidentStageInput } from '../incidents/generate-incidents.ts';
import { applyInsurance, type InsuranceStageInput } from '../insurance/apply-insurance.ts';
import { ChunkLedger, type ChunkResult } from '../ledger/chunk-ledger.ts';
import { EventLossTable } from '../ledger/event-loss-table.ts';
import { NetEventLossTable } from '../ledger/net-event-loss-table.ts';
import { AllocationTable } from '../ledger/allocation-table.ts';
import { InsuranceTable } from '../ledger/insurance-table.ts';
import { allocateLiability, type LiabilityStageInput } from '../liability/allocate-liability.ts';
import { exposeMarket, type MarketStageInput } from '../market/expose-market.ts';
import type { SimulationModel } from './simulation-model.ts';
import { NonFiniteLoss, SimulationError } from '../errors.ts';
import { injectedFaults, StageFailure } from '../pipeline/stage-failure.ts';
import { trialEnd, trialStart, type TrialMarker } from '../pipeline/trial-events.ts';
import { TrialRecord } from './trial-record.ts';

/**
 * Simulates a chunk of consecutive trials under every strategy (common random numbers: each
 * strategy replays the same trials, whose draws depend only on seed, trial and generator).
 *
 * ```
 * markers ─▶ exposeMarket ─▶ generateIncidents ─▶ assessImpacts ─▶ allocateLiability ─▶ applyInsurance ─▶ ledger
 * (trial     (calendar,      (drawn, one event    (ground-up      (who finally        (recoveries,      (annual and
 * start/end)  demand, state)  each, time order)    components)     carries what)       aggregates)       occurrence)
 * ```
 *
 * One pipeline per strategy lives for the whole chunk. Each trial (one policy year under one
 * strategy) enters as a start marker and an end marker around its record; the incident stage
 * puts the trial's incidents between them, one event each in virtual-time order, and each later
 * stage acts on every event as it passes, carrying its per-trial state (buyers left, each month's
 * downtime, the claim book, the aggregates left) from incident to incident and resetting it at
 * the next trial's start. The ledger books a trial at its end marker. The stream is synchronous,
 * so this returns when the chunk is done. With `eltLimit` > 0 the chunk also returns up to that many
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
  const insurance = new InsuranceTable(
    model.strategyModels.map((strategy) => strategy.insurance),
    model.strategies,
  );
  const ledgerFaults = injectedFaults('ledger');
  let failure: unknown;
  const record = (event: TrialEvent<InsuredTrial>) => {
    if (event.kind !== 'trial-end') return;
    const { trial } = event;
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
    const markers = new Subject<TrialMarker<TrialRecord>>();
    markers.pipe(simulateTrials(strategy)).subscribe({ next: record, error: fail });
    return markers;
  });
  for (let trial = firstTrial; trial < firstTrial + trialCount; trial++) {
    for (let strategy = 0; strategy < pipelines.length; strategy++) {
      const markers = pipelines[strategy]!;
      const year = new TrialRecord({ trial, strategy });
      markers.next(trialStart(year));
      markers.next(trialEnd(year));
      if (failure !== undefined) throw describeFailure(model, failure);
    }
  }
  for (const pipeline of pipelines) pipeline.complete();
  return { ...ledger.finish(), allocations: allocations.sums(), insurance: insurance.result(), ...(elt && eltNet ? { elt: { groundUp: elt.toCsv(), net: eltNet.toCsv() } } : {}) };
}

/**
 * The trial pipeline of one strategy as one operator, each stage given its own compiled input:
 * trial markers in, every event of every trial out (start, incidents in time order, end), the
 * record complete at the end marker (market, incidents, components, allocations, recoveries).
 */
export function simulateTrials(model: SimulationModel): OperatorFunction<TrialMarker<TrialRecord>, TrialEvent<InsuredTrial>> {
  const input = stageInputs(model);
  return pipe(exposeMarket(input.market), generateIncidents(input.incidents), assessImpacts(input.impacts), allocateLiability(input.liability), applyInsurance(input.insurance));
}

/** What each stage reads, taken from one strategy's compiled model: the only place the stages meet the whole model. */
export interface StageInputs {
  market: MarketStageInput;
  incidents: IncidentStageInput;
  impacts: ImpactStageInput;
  liability: LiabilityStageInput;
  insurance: InsuranceStageInput;
}

/** Each stage's own compiled input, from one strategy's model. */
export function stageInputs(model: SimulationModel): StageInputs {
  const { seed, year, market, liability, insurance, scenario } = model;
  return {
    market: { year, market },
    incidents: { seed, incidents: model.incidents },
    impacts: { breachCosts: scenario.breach_costs, regulation: scenario.regulation, negligence: liability },
    liability: { seed, liability, market },
    insurance: { seed, insurance, negligence: liability, market },
  };
}

/**
 * Simulates one trial under one strategy and returns its complete record (for `explain`).
 *
 * @throws SimulationError naming the trial, strategy and stage when a stage throws.
 */
export function simulateTrial(model: SimulationModel, trial: number, strategy = 0): InsuredTrial {
  const year = new TrialRecord({ trial, strategy });
  let ended = false;
  let failure: unknown;
  from([trialStart(year), trialEnd(year)])
    .pipe(simulateTrials(model.strategyModels[strategy]!))
    .subscribe({ next: (event) => (ended ||= event.kind === 'trial-end'), error: (error) => (failure = error) });
  if (failure !== undefined) throw describeFailure(model, failure);
  if (!ended) throw new SimulationError(`trial ${trial}: the pipeline completed without ending the trial`);
  return year;
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
