import { join } from 'node:path';
import { formatInputIssue, PartialFailure, type InputIssue } from '../errors.ts';
import { checkOutFolder } from '../run/check-out-folder.ts';
import { openChunkRunner, type ClusterTarget } from '../run/open-chunk-runner.ts';
import { runBatch, type BatchEntry, type BatchOptions, type BatchOutcome } from '../run/run-batch.ts';
import { writeBatchSummary } from '../run/write-batch-summary.ts';
import { parseClusterFlags, type ClusterFlags } from './cluster-flags.ts';
import { loadScenarioInto, throwIfIssues } from './input-issues.ts';
import { parseSeedFlag, parseWholeNumberFlag, parseWorkersFlag } from './parse-flags.ts';
import { scenarioFiles } from './scenario-files.ts';
import { listenForInterruption } from './interruption.ts';
import { cliStdout, cliStderr, warnLine } from './cli-streams.ts';
import { createProgressBar, type ProgressBar } from './progress-bar.ts';

/** The flags of `faultline batch`, as commander gives them. */
export interface BatchFlags extends ClusterFlags {
  out?: string;
  trials?: string;
  seed?: string;
  workers?: string;
  /** Run --workers above the cores anyway (they are capped at the cores otherwise). */
  oversubscribe?: boolean;
  resume?: boolean;
  charts?: boolean;
  quiet?: boolean;
}

/** The scenarios of a batch as loaded: those that run, and the outcome of those refused before anything runs. */
interface LoadedBatch {
  entries: BatchEntry[];
  outcomes: Map<string, BatchOutcome>;
}

/**
 * `faultline batch <files or folders...>`: every scenario into `<out>/<name>/` through one pool,
 * then `<out>/batch-summary.csv`; exits 2 when every failure was bad input, else 1 on any failure.
 */
export async function batchCommand(paths: string[], flags: BatchFlags): Promise<void> {
  const issues: InputIssue[] = [];
  const trialsFlag = parseWholeNumberFlag('--trials', flags.trials, { min: 1, max: 100_000_000 }, issues);
  const workers = parseWorkersFlag(flags.workers, issues, flags.quiet ? () => {} : warnLine, undefined, flags.oversubscribe);
  const seedFlag = parseSeedFlag(flags.seed, issues);
  const cluster = parseClusterFlags(flags, issues);
  if (flags.out !== undefined && flags.out.trim() === '') issues.push({ path: '--out', message: 'expected a folder path, got ""' });
  const files = scenarioFiles(paths, issues);
  throwIfIssues(issues);
  const outRoot = flags.out ?? 'reports';
  const { entries, outcomes } = loadBatch(files, outRoot, trialsFlag, seedFlag);
  const ran = await runWithProgress(entries, files, { workers, cluster, flags });
  for (const [file, outcome] of ran) outcomes.set(file, outcome);
  reportOutcomes(files, entries, outcomes, outRoot);
}

/**
 * Loads every scenario of the batch and gives each its folder `<outRoot>/<name>`: a scenario
 * that does not load, or whose name another one of the batch has (both would write one folder)
 * or whose folder holds other files, fails as bad input before anything runs.
 */
function loadBatch(files: readonly string[], outRoot: string, trialsFlag: number | undefined, seedFlag: number | string | undefined): LoadedBatch {
  const entries: BatchEntry[] = [];
  const outcomes = new Map<string, BatchOutcome>();
  const folders = new Map<string, string>(); // report folder → the file that claimed it
  for (const file of files) {
    const found: InputIssue[] = [];
    const loaded = loadScenarioInto(file, found);
    const folder = loaded ? join(outRoot, loaded.scenario.name) : '';
    if (loaded) {
      const claimed = folders.get(folder);
      if (loaded.scenario.name === 'batch-summary.csv') {
        found.push({ file, path: 'name', message: 'expected a scenario name other than "batch-summary.csv", the batch\'s summary file' });
      } else if (claimed !== undefined) {
        found.push({
          file,
          path: 'name',
          message: `expected a scenario name no other scenario of the batch has, got "${loaded.scenario.name}" (also the name in ${claimed}; both would write ${folder})`,
        });
      } else {
        folders.set(folder, file);
        checkOutFolder(folder, found);
      }
    }
    if (found.length > 0 || !loaded) outcomes.set(file, { status: 'failed', issues: found, badInput: true });
    else entries.push({ file, loaded, folder, trials: trialsFlag ?? loaded.scenario.trials, seed: seedFlag ?? loaded.scenario.seed });
  }
  return { entries, outcomes };
}

/** Runs the batch on its pool or cluster, with its progress bar and lines; Ctrl-C stops it. */
async function runWithProgress(
  entries: readonly BatchEntry[],
  files: readonly string[],
  options: { workers: number; cluster: ClusterTarget | undefined; flags: BatchFlags },
): Promise<Map<string, BatchOutcome>> {
  const { flags } = options;
  // Connected before any report is written: an unreachable Redis leaves no folder.
  const { runner: pool, close } = await openChunkRunner(options.cluster, options.workers, flags.quiet ? () => {} : warnLine);
  const interruption = listenForInterruption();
  const progress = createProgressBar(
    cliStderr(),
    entries.reduce((sum, entry) => sum + entry.trials, 0),
    { enabled: !flags.quiet, label: 'batch' },
  );
  try {
    return await runBatch(entries, {
      workers: options.workers,
      pool,
      resume: flags.resume === true,
      charts: flags.charts !== false,
      signal: interruption.signal,
      ...batchProgress(progress, files, flags.quiet === true),
    });
  } finally {
    progress.finish();
    await close();
    interruption.release();
  }
}

/**
 * What a batch tells the terminal as it runs: one bar for the whole batch (the trials of every
 * scenario, those running at once added up, followed by each running scenario's share or that
 * its report is being written) and a line per scenario skipped or done.
 */
function batchProgress(progress: ProgressBar, files: readonly string[], quiet: boolean): Pick<BatchOptions, 'onSkipped' | 'onStarted' | 'onProgress' | 'onSimulated' | 'onFinished' | 'onFailed'> {
  const say = (line: string) => {
    if (quiet) return;
    progress.clear();
    cliStdout().write(`${line}\n`);
  };
  const doneByFile = new Map<string, number>();
  const running = new Map<string, { name: string; trials: number; writing: boolean }>();
  const advance = (file: string, done: number) => {
    doneByFile.set(file, done);
    let total = 0;
    for (const count of doneByFile.values()) total += count;
    progress.update(total, runningDetail(running, doneByFile));
  };
  return {
    onSkipped: (entry) => {
      advance(entry.file, entry.trials);
      say(`${positionOf(files, entry.file)} skipped  ${entry.loaded.scenario.name}: ${entry.folder}/ is finished for this scenario, seed and trials`);
    },
    onStarted: (entry) => running.set(entry.file, { name: entry.loaded.scenario.name, trials: entry.trials, writing: false }),
    onProgress: (entry, done) => advance(entry.file, done),
    onSimulated: (entry) => {
      running.get(entry.file)!.writing = true;
      advance(entry.file, entry.trials);
    },
    onFinished: (entry, report, milliseconds) => {
      running.delete(entry.file);
      const strategies = report.table.strategies.length;
      say(
        `${positionOf(files, entry.file)} ok       ${entry.loaded.scenario.name} → ${entry.folder}/ (${entry.trials.toLocaleString('en-US')} years × ${strategies} strateg${strategies === 1 ? 'y' : 'ies'}, ${(milliseconds / 1000).toFixed(1)} s)`,
      );
    },
    onFailed: (entry) => running.delete(entry.file),
  };
}

/** Prints each failed scenario with its errors, writes batch-summary.csv and ends with the batch's line (an error when any failed). */
function reportOutcomes(files: readonly string[], entries: readonly BatchEntry[], outcomes: ReadonlyMap<string, BatchOutcome>, outRoot: string): void {
  const names = new Map(entries.map((entry) => [entry.file, entry.loaded.scenario.name]));
  for (const file of files) {
    const outcome = outcomes.get(file)!;
    if (outcome.status === 'failed') cliStderr().write(`${positionOf(files, file)} failed   ${file}\n${outcome.issues.map((issue) => `    ${formatInputIssue(issue)}`).join('\n')}\n`);
  }
  const summaryFile = writeBatchSummary(
    outRoot,
    files.map((file) => ({ file, name: names.get(file) ?? '', outcome: outcomes.get(file)! })),
  );
  const count = (status: BatchOutcome['status']) => [...outcomes.values()].filter((outcome) => outcome.status === status).length;
  const failed = [...outcomes.values()].filter((outcome): outcome is Extract<BatchOutcome, { status: 'failed' }> => outcome.status === 'failed');
  const line = `batch of ${files.length}: ${count('ok')} ok, ${count('skipped')} skipped, ${failed.length} failed; summary in ${summaryFile}`;
  if (failed.length > 0) throw new PartialFailure(line, failed.every((outcome) => outcome.badInput) ? 2 : 1);
  cliStdout().write(`${line}\n`);
}

/** `[2/5]`: a file's place among the batch's files. */
function positionOf(files: readonly string[], file: string): string {
  return `[${files.indexOf(file) + 1}/${files.length}]`;
}

/** The progress bar's detail for a batch: each running scenario's share of its trials (`marketplace 40%`), or `writing its report`. */
export function runningDetail(running: ReadonlyMap<string, { name: string; trials: number; writing: boolean }>, done: ReadonlyMap<string, number>): string {
  return [...running].map(([file, run]) => `${run.name} ${run.writing ? 'writing its report' : `${Math.floor((100 * (done.get(file) ?? 0)) / Math.max(1, run.trials))}%`}`).join(', ');
}
