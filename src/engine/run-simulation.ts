import { availableParallelism } from 'node:os';
import type { ChunkResult, EventLossRows } from '../ledger/chunk-ledger.ts';
import { perilCellCount, PerilLossTable, PERILS } from '../ledger/peril-losses.ts';
import type { IncidentType } from '../scenario/vocabulary.ts';
import type { AllocationSums } from '../ledger/allocation-table.ts';
import { closeYearLossTable, type StrategyCosts, type YearLossTable } from '../ledger/year-loss-table.ts';
import { YearColumns, type TableStorage } from '../ledger/year-columns.ts';
import type { Scenario } from '../scenario/schema/scenario-schema.ts';
import { compileModel, type SimulationModel } from './simulation-model.ts';
import { runChunksOnWorkers, type ChunkRunner, type RunnerReport } from './worker-pool.ts';

/** How a run is executed; none of this changes its numbers. */
export interface RunOptions extends TableStorage {
  trials: number;
  seed: number | string;
  /**
   * Simulate only these trials of the run (a shard): the table then holds `trialCount` years,
   * trial `firstTrial` first. Default: all of them.
   */
  range?: TrialRange;
  /** Worker threads; default: all cores. */
  workers?: number;
  /** Trials per chunk; default: about eight chunks per worker, 1,000 to 20,000 trials each. */
  chunkSize?: number;
  /** Called after each chunk with the number of trials done so far. */
  onProgress?: (trialsDone: number, trials: number) => void;
  /**
   * Receives each chunk's rows of the event loss tables (ground-up and net, CSV text) with the
   * chunk's index, in completion order; each chunk sends at most `limit` rows of each. Chunks
   * default to 1,000 trials with no limit.
   */
  elt?: { limit: number; onChunk: (index: number, rows: EventLossRows) => void };
  /** Aborting it stops the workers; the run then rejects with a SimulationError. */
  signal?: AbortSignal;
  /** A pool shared with other runs (a batch), or a cluster; without it the run starts and closes its own threads. */
  pool?: ChunkRunner;
}

/** Consecutive trials: `firstTrial` (1-based) and the `trialCount` after it. */
export interface TrialRange {
  firstTrial: number;
  trialCount: number;
}

/** The year loss table runSimulation returns, with how it ran the chunks. */
export interface SimulatedTable extends YearLossTable {
  /** Threads or a cluster, and how many workers; none of it changes a number. */
  ranOn: RunnerReport;
}

/** The fixed annual costs of a compiled strategy: enabled mitigations and the premiums of its covers. */
export function strategyCosts(model: SimulationModel): StrategyCosts {
  const payersOf = (bearer: string) => (bearer === 'sellers' && model.market ? model.market.segments.map((segment) => ({ bearer: segment.bearer, share: segment.gmvShare })) : [{ bearer, share: 1 }]);
  return {
    mitigations: [...model.mitigationCosts].map(([name, amount]) => ({ name, amount, payers: payersOf(model.mitigationPayers.get(name)!) })),
    premiums: model.insurance.covers.map((cover) => ({
      name: cover.name,
      amount: cover.premium,
      payers: payersOf(cover.insured),
      ...(cover.premiumRule ? { rule: { ...cover.premiumRule } } : {}),
    })),
  };
}

/**
 * Simulates every trial of a scenario under every strategy, in chunks on worker threads.
 *
 * The chunks are placed by trial number, so the table is the same for any worker count or
 * chunk size.
 */
export async function runSimulation(scenario: Scenario, options: RunOptions): Promise<SimulatedTable> {
  const model = compileModel(scenario, options.seed);
  const { firstTrial, trialCount: trials } = options.range ?? { firstTrial: 1, trialCount: options.trials };
  const workers = options.workers ?? availableParallelism();
  const chunkSize = options.chunkSize ?? Math.min(options.pool?.chunkSize ?? defaultChunkSize(trials, workers), options.elt && !Number.isFinite(options.elt.limit) ? 1_000 : Infinity);
  const table = emptyYearLossTable(model, trials, options);

  const chunks: TrialRange[] = [];
  for (let first = firstTrial; first < firstTrial + trials; first += chunkSize) {
    chunks.push({ firstTrial: first, trialCount: Math.min(chunkSize, firstTrial + trials - first) });
  }
  const eltLimit = Math.min(options.elt?.limit ?? 0, 2 ** 31);
  let done = 0;
  const onResult = (result: ChunkResult) => {
    placeChunk(table, result, firstTrial);
    addSums(table.allocationSums, result.allocations);
    addSums(table.insuranceSums, result.insurance);
    if (result.elt) options.elt?.onChunk(Math.floor((result.firstTrial - firstTrial) / chunkSize), result.elt);
    done += result.trialCount;
    options.onProgress?.(done, trials);
  };
  const strategies = model.strategyModels.map((strategy) => ({ name: strategy.strategies[strategy.strategy]!, scenario: strategy.scenario }));
  const job = { init: { strategies, seed: options.seed, eltLimit }, chunks, onResult };
  try {
    const ranOn = options.pool ? await options.pool.run(job, options.signal) : await runChunksOnWorkers(job, workers, options.signal);
    return Object.assign(table, { ranOn });
  } catch (error) {
    closeYearLossTable(table);
    throw error;
  }
}

/** A run's year loss table before any chunk is placed: zeros, no sums, each strategy's costs and program. */
export function emptyYearLossTable(model: SimulationModel, trials: number, storage: TableStorage = {}): YearLossTable {
  const years = new YearColumns(trials, model.strategies.length, model.bearers.length, storage);
  return {
    trials,
    strategies: model.strategies,
    bearers: model.bearers,
    years,
    perils: scenarioPerils(model),
    perilLosses: new PerilLossTable(trials, perilCellCount(model.strategies.length, model.bearers.length), { spill: years.spilled }),
    costs: model.strategyModels.map(strategyCosts),
    allocationSums: new Map(),
    insuranceSums: new Map(),
    insurance: model.strategyModels.map((strategy) => strategy.insurance),
  };
}

/** Collects a chunk's exact sums by key; `totalOf` adds each key's parts exactly. */
function addSums(sums: Map<string, [number, number][]>, rows: AllocationSums | undefined): void {
  for (const [key, high, low] of rows ?? []) {
    const parts = sums.get(key);
    if (parts) parts.push([high, low]);
    else sums.set(key, [[high, low]]);
  }
}

/** Copies a chunk's results into the table at its trials' positions (the table's first trial is `tableFirstTrial`). */
export function placeChunk(table: YearLossTable, chunk: ChunkResult, tableFirstTrial = 1): void {
  const bearerCount = table.bearers.length;
  const at = chunk.firstTrial - tableFirstTrial;
  table.perilLosses.add(at, chunk.perils);
  table.strategies.forEach((_, s) => {
    table.years.setOccurrences(s, at, chunk.occurrences.subarray(s * chunk.trialCount, (s + 1) * chunk.trialCount));
    table.bearers.forEach((_, b) => {
      const from = (s * bearerCount + b) * chunk.trialCount;
      table.years.setBearer(s, b, at, chunk.annual.subarray(from, from + chunk.trialCount), chunk.largest.subarray(from, from + chunk.trialCount));
    });
  });
}

/** The incident types any strategy's scenario defines or injects, in PERILS order. */
function scenarioPerils(model: SimulationModel): IncidentType[] {
  const defined = new Set<IncidentType>();
  for (const { scenario } of model.strategyModels) {
    for (const incident of [...scenario.incidents, ...(scenario.inject ?? [])]) defined.add(incident.type);
  }
  return PERILS.filter((peril) => defined.has(peril));
}

/** About eight chunks per worker, so workers stay busy to the end, within 1,000–20,000 trials. */
function defaultChunkSize(trials: number, workers: number): number {
  return Math.max(1_000, Math.min(20_000, Math.ceil(trials / (workers * 8))));
}
