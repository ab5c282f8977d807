import { runSimulation } from '../engine/run-simulation.ts';
import type { TableStorage } from '../ledger/year-columns.ts';
import { closeYearLossTable } from '../ledger/year-loss-table.ts';
import { encodeModelContent } from '../engine/model-content.ts';
import { EltWriter } from '../report/elt-writer.ts';
import type { EventLossRows } from '../ledger/chunk-ledger.ts';
import { ReportStaging } from '../report/report-staging.ts';
import type { LoadedScenario } from '../scenario/load-scenario.ts';
import { locateNonFinite } from '../run/locate-non-finite.ts';
import { reportSource } from '../run/report-source.ts';
import { VERSION } from '../version.ts';
import { stagePartial, type PartialManifest } from './partial-result.ts';
import { shardTrials, type Shard } from './shard-range.ts';

/** How to simulate one shard of a run into a partial result folder. */
export interface ShardRunOptions extends TableStorage {
  folder: string;
  shard: Shard;
  /** Trials of the whole run. */
  trials: number;
  seed: number | string;
  workers: number;
  chunkSize?: number;
  /** Rows of event loss table to keep (0: none; Infinity: all). */
  eltRows: number;
  onProgress?: (done: number) => void;
  signal?: AbortSignal;
}

/**
 * Simulates shard i of n of a run (its consecutive share of the trials) and writes the partial
 * result `faultline merge` joins: staged beside the folder and renamed into place, so a failure
 * leaves an earlier partial as it was.
 */
export async function writePartialResult(loaded: LoadedScenario, options: ShardRunOptions): Promise<PartialManifest> {
  const startedAt = new Date();
  const range = shardTrials(options.trials, options.shard);
  const source = reportSource(loaded);
  const { content } = encodeModelContent(source.strategies);
  const staging = ReportStaging.open(options.folder, options.signal ? { signal: options.signal } : {});
  try {
    const elt = options.eltRows ? new EltWriter(staging, options.eltRows) : undefined;
    const t0 = performance.now();
    const table = await runSimulation(loaded.scenario, {
      trials: options.trials,
      range,
      seed: options.seed,
      workers: options.workers,
      ...(options.chunkSize !== undefined ? { chunkSize: options.chunkSize } : {}),
      ...(options.tableMemoryBytes !== undefined ? { tableMemoryBytes: options.tableMemoryBytes } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(elt ? { elt: { limit: options.eltRows, onChunk: (index: number, rows: EventLossRows) => elt.add(index, rows) } } : {}),
    });
    elt?.close();
    let manifest: PartialManifest;
    try {
      manifest = stagePartial(staging, table, {
        faultlineVersion: VERSION,
        scenario: source.scenario,
        currency: source.currency,
        model: content,
        seed: options.seed,
        trials: options.trials,
        shard: options.shard,
        first_trial: range.firstTrial,
        trial_count: range.trialCount,
        elt: elt ? { limit: Number.isFinite(options.eltRows) ? options.eltRows : 'all', rows: elt.rows.groundUp, net_rows: elt.rows.net } : null,
        workers: options.workers,
        chunk_size: options.chunkSize ?? null,
        started_at: startedAt.toISOString(),
        simulate_ms: Math.round(performance.now() - t0),
      });
    } finally {
      closeYearLossTable(table);
    }
    staging.commit();
    return manifest;
  } catch (error) {
    staging.discard();
    throw locateNonFinite(error, loaded.file);
  }
}
