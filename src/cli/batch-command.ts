import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatInputIssue, InputError, PartialFailure, type InputIssue } from '../errors.ts';
import { batchSummaryCsv, type BatchSummaryRow } from '../report/batch-summary-csv.ts';
import { formatMoney, formatProbability } from '../ledger/format-number.ts';
import { writeTextFileAtomic } from '../report/report-staging.ts';
import type { LoadedScenario } from '../scenario/load-scenario.ts';
import { VERSION } from '../version.ts';
import { checkOutFolder } from './check-out-folder.ts';
import { openChunkRunner, parseClusterFlags, warnLine, type ClusterFlags } from './chunk-runners.ts';
import { loadScenarioInto, throwIfIssues } from './input-issues.ts';
import { parseSeedFlag, parseWholeNumberFlag, parseWorkersFlag } from './parse-flags.ts';
import { writePooledRunReport, type RunReport } from './run-report.ts';
import { scenarioFiles } from './scenario-files.ts';
import { listenForInterruption } from './interruption.ts';
import { cliStdout, cliStderr } from './cli-streams.ts';
import { createProgressBar, type ProgressBar } from './progress-bar.ts';

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

/** Runs in flight at once: enough to keep every worker busy while one run ends and the next starts. */
const RUNS_IN_FLIGHT = 2;

/** What became of one scenario of a batch. */
type Outcome =
  | { status: 'ok'; report: Pick<RunReport, 'out' | 'statistics'> }
  | { status: 'skipped'; folder: string }
  | { status: 'failed'; issues: readonly InputIssue[]; badInput: boolean };

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
  let progress: ProgressBar | undefined;
  const say = (line: string) => {
    if (flags.quiet) return;
    progress?.clear();
    cliStdout().write(`${line}\n`);
  };

  const outcomes = new Map<string, Outcome>();
  const loaded = new Map<string, LoadedScenario>();
  const folders = new Map<string, string>(); // report folder → the file that claimed it
  for (const file of files) {
    const found: InputIssue[] = [];
    const scenario = loadScenarioInto(file, found);
    if (scenario) {
      const folder = join(outRoot, scenario.scenario.name);
      const claimed = folders.get(folder);
      if (scenario.scenario.name === 'batch-summary.csv') {
        found.push({ file, path: 'name', message: 'expected a scenario name other than "batch-summary.csv", the batch\'s summary file' });
      } else if (claimed !== undefined) {
        found.push({ file, path: 'name', message: `expected a scenario name no other scenario of the batch has, got "${scenario.scenario.name}" (also the name in ${claimed}; both would write ${folder})` });
      } else {
        folders.set(folder, file);
        checkOutFolder(folder, found);
      }
    }
    if (found.length > 0 || !scenario) outcomes.set(file, { status: 'failed', issues: found, badInput: true });
    else loaded.set(file, scenario);
  }

  // Connected before any report is written: an unreachable Redis leaves no folder.
  const { runner: pool, close } = await openChunkRunner(cluster, workers, flags.quiet ? () => {} : warnLine);
  const interruption = listenForInterruption();
  const queue = [...loaded.entries()];
  let started = 0;
  // One bar for the whole batch: the trials of every scenario, those running at once added up.
  const trialsOf = (scenario: LoadedScenario) => trialsFlag ?? scenario.scenario.trials;
  progress = createProgressBar(cliStderr(), queue.reduce((sum, [, scenario]) => sum + trialsOf(scenario), 0), { enabled: !flags.quiet, label: 'batch' });
  const doneByFile = new Map<string, number>();
  // The scenarios running now, for the bar's detail: each one's share of its trials, or that its report is being written.
  const running = new Map<string, { name: string; trials: number; writing: boolean }>();
  const advance = (file: string, done: number) => {
    doneByFile.set(file, done);
    let total = 0;
    for (const count of doneByFile.values()) total += count;
    progress?.update(total, runningDetail(running, doneByFile));
  };
  const position = (file: string) => `[${files.indexOf(file) + 1}/${files.length}]`;
  try {
    const runNext = async (): Promise<void> => {
      while (started < queue.length && !interruption.signal.aborted) {
        const [file, scenario] = queue[started++]!;
        const folder = join(outRoot, scenario.scenario.name);
        const trials = trialsOf(scenario);
        const seed = seedFlag ?? scenario.scenario.seed;
        if (flags.resume && isFinished(folder, scenario, trials, seed)) {
          advance(file, trials);
          outcomes.set(file, { status: 'skipped', folder });
          say(`${position(file)} skipped  ${scenario.scenario.name}: ${folder}/ is finished for this scenario, seed and trials`);
          continue;
        }
        const t0 = performance.now();
        running.set(file, { name: scenario.scenario.name, trials, writing: false });
        try {
          const report = await writePooledRunReport(scenario, {
            out: folder,
            trials,
            seed,
            workers,
            pool,
            signal: interruption.signal,
            charts: flags.charts !== false,
            onProgress: (done) => advance(file, done),
            onSimulated: () => {
              running.get(file)!.writing = true;
              advance(file, trials);
            },
          });
          // Only what the summary needs: a year loss table per scenario would add up over a long batch.
          running.delete(file);
          outcomes.set(file, { status: 'ok', report: { out: report.out, statistics: report.statistics } });
          say(`${position(file)} ok       ${scenario.scenario.name} → ${folder}/ (${trials.toLocaleString('en-US')} years × ${report.table.strategies.length} strateg${report.table.strategies.length === 1 ? 'y' : 'ies'}, ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
        } catch (error) {
          if (interruption.signal.aborted) throw error;
          running.delete(file);
          const badInput = error instanceof InputError;
          const found = badInput ? error.issues : [{ file, message: error instanceof Error ? error.message : String(error) }];
          outcomes.set(file, { status: 'failed', issues: found, badInput });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(RUNS_IN_FLIGHT, queue.length) }, runNext));
  } finally {
    progress.finish();
    await close();
    interruption.release();
  }

  const rows: BatchSummaryRow[] = [];
  for (const file of files) {
    const outcome = outcomes.get(file)!;
    const name = loaded.get(file)?.scenario.name ?? '';
    if (outcome.status === 'failed') {
      cliStderr().write(`${position(file)} failed   ${file}\n${outcome.issues.map((issue) => `    ${formatInputIssue(issue)}`).join('\n')}\n`);
      rows.push({ ...EMPTY_ROW, scenario: name, file, status: 'failed', error: outcome.issues.map(formatInputIssue).join('; ') });
    } else if (outcome.status === 'ok') {
      for (const { strategy, bearer, summary } of outcome.report.statistics.summaries) {
        rows.push({
          ...EMPTY_ROW,
          scenario: name,
          file,
          status: 'ok',
          strategy,
          bearer,
          trials: String(summary.trials),
          mean: formatMoney(summary.mean),
          se_mean: formatMoney(summary.seMean),
          p99: formatMoney(summary.p99),
          tvar_99: formatMoney(summary.tvar99),
          prob_loss: formatProbability(summary.probLoss),
          report: outcome.report.out,
        });
      }
    } else {
      for (const row of summaryRowsOf(outcome.folder)) rows.push({ ...EMPTY_ROW, ...row, scenario: name, file, status: 'skipped', report: outcome.folder });
    }
  }
  const summaryFile = join(outRoot, 'batch-summary.csv');
  writeTextFileAtomic(summaryFile, batchSummaryCsv(rows));

  const count = (status: Outcome['status']) => [...outcomes.values()].filter((outcome) => outcome.status === status).length;
  const failed = [...outcomes.values()].filter((outcome): outcome is Extract<Outcome, { status: 'failed' }> => outcome.status === 'failed');
  const line = `batch of ${files.length}: ${count('ok')} ok, ${count('skipped')} skipped, ${failed.length} failed; summary in ${summaryFile}`;
  if (failed.length > 0) throw new PartialFailure(line, failed.every((outcome) => outcome.badInput) ? 2 : 1);
  cliStdout().write(`${line}\n`);
}

const EMPTY_ROW: BatchSummaryRow = {
  scenario: '', file: '', status: '', strategy: '', bearer: '', trials: '', mean: '', se_mean: '', p99: '', tvar_99: '', prob_loss: '', report: '', error: '',
};

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

/** The rows of a finished report's summary.csv, in batch-summary columns. */
function summaryRowsOf(folder: string): Partial<BatchSummaryRow>[] {
  const [header, ...lines] = readFileSync(join(folder, 'summary.csv'), 'utf8').trimEnd().split('\r\n');
  const columns = header!.split(',');
  return lines.map((line) => {
    const cells = line.split(','); // summary.csv holds names and numbers only: no quoted fields
    const cell = (name: string) => cells[columns.indexOf(name)] ?? '';
    return { strategy: cell('strategy'), bearer: cell('bearer'), trials: cell('trials'), mean: cell('mean'), se_mean: cell('se_mean'), p99: cell('p99'), tvar_99: cell('tvar_99'), prob_loss: cell('prob_loss') };
  });
}

/** The progress bar's detail for a batch: each running scenario's share of its trials (`marketplace 40%`), or `writing its report`. */
export function runningDetail(running: ReadonlyMap<string, { name: string; trials: number; writing: boolean }>, done: ReadonlyMap<string, number>): string {
  return [...running]
    .map(([file, run]) => `${run.name} ${run.writing ? 'writing its report' : `${Math.floor((100 * (done.get(file) ?? 0)) / Math.max(1, run.trials))}%`}`)
    .join(', ');
}
