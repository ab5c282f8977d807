import { join } from 'node:path';
import type { InputIssue } from '../errors.ts';
import type { LoadedScenario } from '../scenario/load-scenario.ts';
import { parseShardFlag, shardTrials } from '../shard/shard-range.ts';
import { writePartialResult, type ShardRunOptions } from '../shard/write-partial-result.ts';
import { checkOutFolder } from '../run/check-out-folder.ts';
import { openChunkRunner } from '../run/open-chunk-runner.ts';
import { strategyNames } from '../run/strategy-names.ts';
import { writeRunReport } from '../run/write-run-report.ts';
import { closeYearLossTable } from '../ledger/year-loss-table.ts';
import { loadScenarioInto, validOrThrow } from './input-issues.ts';
import { parseTableFormat, parseReturnPeriodsFlag, parseSeedFlag, parseWholeNumberFlag, parseWorkersFlag, returnPeriodsLeftOut } from './parse-flags.ts';
import { printRunSummary } from './print-run-summary.ts';
import { createProgressBar } from './progress-bar.ts';
import { parseClusterFlags, type ClusterFlags } from './cluster-flags.ts';
import { listenForInterruption } from './interruption.ts';
import { cliStdout, cliStderr, warnLine } from './cli-streams.ts';

/** The flags of `faultline run`, as commander gives them. */
export interface RunFlags extends ClusterFlags {
  shard?: string;
  partial?: string;
  trials?: string;
  seed?: string;
  out?: string;
  workers?: string;
  /** Run --workers above the cores anyway (they are capped at the cores otherwise). */
  oversubscribe?: boolean;
  chunkSize?: string;
  tableMemory?: string;
  elt?: string | true;
  ylt?: boolean;
  gzip?: boolean;
  format?: string;
  returnPeriods?: string;
  quiet?: boolean;
  baseline?: string;
  charts?: boolean;
}

/** The position of the `--baseline` strategy among `names`, the strategies of `whose` (0 when not given). */
export function baselineIndex(names: readonly string[], flag: string | undefined, issues: InputIssue[], whose = "the scenario's"): number {
  if (flag === undefined) return 0;
  const index = names.indexOf(flag);
  if (index < 0) issues.push({ path: '--baseline', message: `expected one of ${whose} strategies (${names.join(', ')}), got ${JSON.stringify(flag)}` });
  return Math.max(index, 0);
}

/** `faultline run <scenario>`: the scenario into its report folder (run/), or with `--shard i/n` one shard into its partial result (shard/). */
export async function runCommand(file: string, flags: RunFlags): Promise<void> {
  const startedAt = new Date();
  const t0 = performance.now();
  const issues: InputIssue[] = [];
  const trialsFlag = parseWholeNumberFlag('--trials', flags.trials, { min: 1, max: 100_000_000 }, issues);
  const workers = parseWorkersFlag(flags.workers, issues, flags.quiet ? () => {} : warnLine, undefined, flags.oversubscribe);
  const chunkSize = parseWholeNumberFlag('--chunk-size', flags.chunkSize, { min: 1, max: 10_000_000 }, issues);
  const tableMemory = parseWholeNumberFlag('--table-memory', flags.tableMemory, { min: 0, max: 2 ** 20 }, issues);
  const storage = tableMemory !== undefined ? { tableMemoryBytes: tableMemory * 2 ** 20 } : {};
  const seedFlag = parseSeedFlag(flags.seed, issues);
  const returnPeriods = parseReturnPeriodsFlag(flags.returnPeriods, issues);
  const format = flags.shard === undefined ? parseTableFormat(flags, issues) : 'csv';
  const eltRows = flags.elt === undefined ? 0 : flags.elt === true ? Infinity : parseWholeNumberFlag('--elt', flags.elt, { min: 1, max: 1_000_000_000 }, issues);
  if (flags.out !== undefined && flags.out.trim() === '') issues.push({ path: '--out', message: 'expected a folder path, got ""' });
  const cluster = parseClusterFlags(flags, issues);
  const shard = parseShardFlag(flags.shard, issues);
  if (flags.shard !== undefined || flags.partial !== undefined) checkShardFlags(flags, issues);

  const maybeLoaded = loadScenarioInto(file, issues);
  const maybeTrials = trialsFlag ?? maybeLoaded?.scenario.trials;
  if (shard && maybeTrials !== undefined && shard.count > maybeTrials) {
    issues.push({ path: '--shard', message: `expected at most as many shards as trials (${maybeTrials.toLocaleString('en-US')}), got ${shard.count}` });
  }
  if (flags.partial !== undefined) {
    if (flags.partial.trim() === '') issues.push({ path: '--partial', message: 'expected a folder path, got ""' });
    else checkOutFolder(flags.partial, issues, 'partial.json', '--partial');
  }
  const maybeOut = flags.partial !== undefined ? flags.partial : (flags.out ?? (maybeLoaded ? join('reports', maybeLoaded.scenario.name) : undefined));
  if (flags.partial === undefined && maybeOut !== undefined && maybeOut.trim() !== '') checkOutFolder(maybeOut, issues);
  const baseline = maybeLoaded ? baselineIndex(strategyNames(maybeLoaded.scenario), flags.baseline, issues) : 0;
  const { loaded, out } = validOrThrow(issues, maybeLoaded && maybeOut !== undefined ? { loaded: maybeLoaded, out: maybeOut } : undefined);

  const { scenario } = loaded;
  const trials = trialsFlag ?? scenario.trials;
  const seed = seedFlag ?? scenario.seed;
  if (shard) {
    await runShard(loaded, { folder: out, shard, trials, seed, workers, ...(chunkSize !== undefined ? { chunkSize } : {}), ...storage, eltRows: eltRows ?? 0, quiet: flags.quiet === true });
    return;
  }

  const leftOut = returnPeriodsLeftOut(returnPeriods, trials);
  if (leftOut && !flags.quiet) warnLine(leftOut);
  // Connected before anything is written: an unreachable Redis leaves no report folder.
  const { runner, close } = await openChunkRunner(cluster, workers, flags.quiet ? () => {} : warnLine);
  const progress = createProgressBar(cliStderr(), trials, { enabled: !flags.quiet });
  const interruption = listenForInterruption();
  try {
    const report = await writeRunReport(loaded, {
      out,
      trials,
      seed,
      workers,
      pool: runner,
      ...(chunkSize !== undefined ? { chunkSize } : {}),
      ...storage,
      eltRows: eltRows ?? 0,
      ylt: flags.ylt === true,
      format,
      ...(returnPeriods ? { returnPeriods } : {}),
      baseline,
      charts: flags.charts !== false,
      onProgress: (done) => progress.update(done),
      onSimulated: () => progress.phase(`${trials.toLocaleString('en-US')} trials done; computing the statistics and writing the report…`),
      ...(cluster ? {} : { releaseRunner: close }),
      signal: interruption.signal,
      startedAt,
      t0,
      loadMs: performance.now() - t0,
    }).finally(() => progress.finish());
    if (!flags.quiet) printRunSummary(cliStdout(), report);
    closeYearLossTable(report.table);
  } finally {
    interruption.release();
    await close();
  }
}

/** The flags `--shard` and `--partial` need, and those that belong to a report rather than a shard. */
function checkShardFlags(flags: RunFlags, issues: InputIssue[]): void {
  if (flags.shard === undefined) issues.push({ path: '--partial', message: 'expected --shard i/n with it, got --partial alone' });
  if (flags.partial === undefined) issues.push({ path: '--shard', message: "expected --partial DIR with it (the folder of the shard's partial result), got --shard alone" });
  const reportFlags: [string, unknown][] = [
    ['--out', flags.out],
    ['--baseline', flags.baseline],
    ['--no-charts', flags.charts === false ? true : undefined],
    ['--ylt', flags.ylt],
    ['--return-periods', flags.returnPeriods],
    ['--gzip', flags.gzip],
    ['--format', flags.format],
    ['--redis', flags.redis],
  ];
  for (const [flag, value] of reportFlags) {
    if (value !== undefined) {
      issues.push({
        path: flag,
        message:
          flag === '--redis'
            ? "expected no --redis with --shard (a shard runs on this machine's threads; a cluster run needs no shards), got both"
            : `expected no ${flag} with --shard (a shard writes a partial result, not a report: give ${flag} to faultline merge), got both`,
      });
    }
  }
}

/** Simulates one shard into its partial result folder and says how to merge it. */
async function runShard(loaded: LoadedScenario, options: ShardRunOptions & { quiet: boolean }): Promise<void> {
  const range = shardTrials(options.trials, options.shard);
  const progress = createProgressBar(cliStderr(), range.trialCount, { enabled: !options.quiet });
  const interruption = listenForInterruption();
  try {
    const t0 = performance.now();
    await writePartialResult(loaded, { ...options, onProgress: (done) => progress.update(done), signal: interruption.signal }).finally(() => progress.finish());
    if (!options.quiet) {
      const last = range.firstTrial + range.trialCount - 1;
      cliStdout().write(
        `${loaded.scenario.name}: shard ${options.shard.index}/${options.shard.count}, trials ${range.firstTrial.toLocaleString('en-US')}–${last.toLocaleString('en-US')} ` +
          `of ${options.trials.toLocaleString('en-US')}, seed ${options.seed}, ${((performance.now() - t0) / 1000).toFixed(1)} s\n` +
          `Partial result in ${options.folder}. When every shard is done: faultline merge <the ${options.shard.count} partial folders> --out <report folder>\n`,
      );
    }
  } finally {
    interruption.release();
  }
}
