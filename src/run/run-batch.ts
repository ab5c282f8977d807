import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChunkRunner } from '../engine/worker-pool.ts';
import { InputError, type InputIssue } from '../errors.ts';
import type { LoadedScenario } from '../scenario/load-scenario.ts';
import { VERSION } from '../version.ts';
import { closeYearLossTable } from '../ledger/year-loss-table.ts';
import type { RunReport } from './write-report-from-table.ts';
import { writePooledRunReport } from './write-run-report.ts';

/** Runs in flight at once: enough to keep every worker busy while one run ends and the next starts. */
const RUNS_IN_FLIGHT = 2;

/** One scenario of a batch, ready to run: its file, the scenario, its report folder, trials and seed. */
export interface BatchEntry {
  file: string;
  loaded: LoadedScenario;
  folder: string;
  trials: number;
  seed: number | string;
}

/** What became of one scenario of a batch. */
export type BatchOutcome =
  { status: 'ok'; report: Pick<RunReport, 'out' | 'statistics'> } | { status: 'skipped'; folder: string } | { status: 'failed'; issues: readonly InputIssue[]; badInput: boolean };

/** How a batch runs, and what it tells its caller as it goes (for a progress bar and a line per scenario). */
export interface BatchOptions {
  workers: number;
  /** The pool or cluster every scenario of the batch shares. */
  pool: ChunkRunner;
  /** Skip a scenario whose folder holds a finished report of it (`isFinished`). */
  resume: boolean;
  /** Render the charts to SVG and PNG. */
  charts: boolean;
  /** Aborting it stops the batch: the runs in flight reject and no further one starts. */
  signal: AbortSignal;
  onSkipped?: (entry: BatchEntry) => void;
  onStarted?: (entry: BatchEntry) => void;
  onProgress?: (entry: BatchEntry, done: number) => void;
  /** The entry's trials are done; its report is being written. */
  onSimulated?: (entry: BatchEntry) => void;
  onFinished?: (entry: BatchEntry, report: RunReport, milliseconds: number) => void;
  onFailed?: (entry: BatchEntry) => void;
}

/**
 * Runs the scenarios of a batch through one pool, two at a time, each into its report folder; a
 * scenario that fails is an outcome (with its located errors) and the others still run. Rejects
 * only when the signal aborts the batch.
 */
export async function runBatch(entries: readonly BatchEntry[], options: BatchOptions): Promise<Map<string, BatchOutcome>> {
  const outcomes = new Map<string, BatchOutcome>();
  let started = 0;
  const runNext = async (): Promise<void> => {
    while (started < entries.length && !options.signal.aborted) {
      const entry = entries[started++]!;
      outcomes.set(entry.file, await runEntry(entry, options));
    }
  };
  await Promise.all(Array.from({ length: Math.min(RUNS_IN_FLIGHT, entries.length) }, runNext));
  return outcomes;
}

/** Runs one scenario of a batch, or skips it when resuming finds it finished. */
async function runEntry(entry: BatchEntry, options: BatchOptions): Promise<BatchOutcome> {
  if (options.resume && isFinished(entry.folder, entry.loaded, entry.trials, entry.seed)) {
    options.onSkipped?.(entry);
    return { status: 'skipped', folder: entry.folder };
  }
  const t0 = performance.now();
  options.onStarted?.(entry);
  try {
    const report = await writePooledRunReport(entry.loaded, {
      out: entry.folder,
      trials: entry.trials,
      seed: entry.seed,
      workers: options.workers,
      pool: options.pool,
      signal: options.signal,
      charts: options.charts,
      onProgress: (done) => options.onProgress?.(entry, done),
      onSimulated: () => options.onSimulated?.(entry),
    });
    options.onFinished?.(entry, report, performance.now() - t0);
    closeYearLossTable(report.table);
    // Only what the summary needs: a year loss table per scenario would add up over a long batch.
    return { status: 'ok', report: { out: report.out, statistics: report.statistics } };
  } catch (error) {
    if (options.signal.aborted) throw error;
    options.onFailed?.(entry);
    const badInput = error instanceof InputError;
    const issues = badInput ? error.issues : [{ file: entry.file, message: error instanceof Error ? error.message : String(error) }];
    return { status: 'failed', issues, badInput };
  }
}

/** Whether `folder` holds a finished report of this scenario (same hash), seed, trials and Faultline version. */
export function isFinished(folder: string, loaded: LoadedScenario, trials: number, seed: number | string): boolean {
  const manifestFile = join(folder, 'run.json');
  if (!existsSync(manifestFile) || !existsSync(join(folder, 'summary.csv'))) return false;
  try {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { scenario?: { hash?: string }; seed?: unknown; trials?: unknown; faultline_version?: unknown };
    return manifest.scenario?.hash === loaded.hash && manifest.seed === seed && manifest.trials === trials && manifest.faultline_version === VERSION;
  } catch {
    return false;
  }
}
