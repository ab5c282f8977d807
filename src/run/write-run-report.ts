import { runSimulation } from '../engine/run-simulation.ts';
import { closeYearLossTable } from '../ledger/year-loss-table.ts';
import type { ChunkRunner } from '../engine/worker-pool.ts';
import type { TableStorage } from '../ledger/year-columns.ts';
import type { EventLossRows } from '../ledger/chunk-ledger.ts';
import { EltWriter } from '../report/elt-writer.ts';
import { ReportStaging } from '../report/report-staging.ts';
import type { TableFormat } from '../report/table-file.ts';
import type { LoadedScenario } from '../scenario/load-scenario.ts';
import { locateNonFinite } from './locate-non-finite.ts';
import { reportSource } from './report-source.ts';
import { writeReportFromTable, type RunReport } from './write-report-from-table.ts';

/** How to run one scenario into one report folder. */
export interface RunReportOptions extends TableStorage {
  out: string;
  trials: number;
  seed: number | string;
  workers: number;
  chunkSize?: number;
  /** Rows of elt.csv to write (0: no elt.csv; Infinity: all). */
  eltRows: number;
  /** Whether to write ylt.csv, the year loss table. */
  ylt?: boolean;
  /** How elt, elt_net and ylt are written: CSV (default), gzip-compressed CSV or Parquet. */
  format?: TableFormat;
  /** The return periods of ep.csv (default RETURN_PERIODS). */
  returnPeriods?: readonly number[];
  /** Index of the strategy comparison.csv compares with (0: the baseline). */
  baseline: number;
  /** Render the charts to SVG and PNG (the specs and report.html are always written). */
  charts: boolean;
  /** The pool or cluster a batch shares; without it the run starts its own threads. */
  pool?: ChunkRunner;
  onProgress?: (done: number) => void;
  /** Called when the trials are done, before the statistics and the files (for the progress line). */
  onSimulated?: () => void;
  /** Called when the trials are done, before the statistics: stops the run's own threads, so their memory is back before the statistics take theirs. */
  releaseRunner?: () => Promise<void>;
  signal?: AbortSignal;
  startedAt: Date;
  /** performance.now() when the command started (for timings). */
  t0: number;
  /** Milliseconds spent loading before the run (for timings). */
  loadMs: number;
}

/**
 * Simulates a loaded scenario and writes its report folder: summary.csv, ep.csv, allocation.csv,
 * insurance.csv, distribution.csv, convergence.csv, peril_summary.csv, explain.json (the 99th-percentile year of platform loss),
 * comparison.csv (with strategies), elt.csv and elt_net.csv (with --elt), ylt.csv (with --ylt), run.json, then the charts
 * (`charts/*.vl.json`, `.svg`, `.png`) and report.html drawn from those files.
 *
 * Everything is written into a staging folder beside the report and renamed into place at the
 * end: a failure or an interruption discards it and leaves any earlier report as it was.
 */
export async function writeRunReport(loaded: LoadedScenario, options: RunReportOptions): Promise<RunReport> {
  const staging = ReportStaging.open(options.out, options.signal ? { signal: options.signal } : {});
  try {
    const t1 = performance.now();
    const elt = options.eltRows ? new EltWriter(staging, options.eltRows, options.format) : undefined;
    const table = await runSimulation(loaded.scenario, {
      trials: options.trials,
      seed: options.seed,
      workers: options.workers,
      ...(options.chunkSize !== undefined ? { chunkSize: options.chunkSize } : {}),
      ...(options.tableMemoryBytes !== undefined ? { tableMemoryBytes: options.tableMemoryBytes } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.pool ? { pool: options.pool } : {}),
      ...(elt ? { elt: { limit: options.eltRows, onChunk: (index: number, rows: EventLossRows) => elt.add(index, rows) } } : {}),
    });
    elt?.close();
    const simulateMs = performance.now() - t1;
    options.onSimulated?.();
    await options.releaseRunner?.();
    const { ranOn } = table;
    try {
      return await writeReportFromTable(staging, reportSource(loaded), table, {
        seed: options.seed,
        baseline: options.baseline,
        charts: options.charts,
        execution: ranOn.execution,
        workers: ranOn.workers,
        ...(options.chunkSize !== undefined ? { chunkSize: options.chunkSize } : {}),
        ...(elt ? { eltRows: elt.rows } : {}),
        ...(options.ylt ? { ylt: true } : {}),
        ...(options.format ? { format: options.format } : {}),
        ...(options.returnPeriods ? { returnPeriods: options.returnPeriods } : {}),
        startedAt: options.startedAt,
        t0: options.t0,
        loadMs: options.loadMs,
        simulateMs,
      });
    } catch (error) {
      closeYearLossTable(table);
      throw error;
    }
  } catch (error) {
    staging.discard();
    throw locateNonFinite(error, loaded.file);
  }
}

/** Runs a loaded scenario on a shared pool into `out`, with a batch's or sweep's defaults: no ELT, the baseline as baseline. */
export function writePooledRunReport(
  loaded: LoadedScenario,
  run: {
    out: string;
    trials: number;
    seed: number | string;
    workers: number;
    pool: ChunkRunner;
    signal: AbortSignal;
    charts: boolean;
    onProgress?: (done: number) => void;
    onSimulated?: () => void;
  },
): Promise<RunReport> {
  return writeRunReport(loaded, { ...run, eltRows: 0, baseline: 0, startedAt: new Date(), t0: performance.now(), loadMs: 0 });
}
