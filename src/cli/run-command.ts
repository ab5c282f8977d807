import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { runSimulation, type YearLossTable } from '../engine/run-simulation.ts';
import type { InputIssue } from '../errors.ts';
import { allocationCsv } from '../report/allocation-csv.ts';
import { epCsv } from '../report/ep-csv.ts';
import { insuranceCsv } from '../report/insurance-csv.ts';
import { insuranceResults } from '../stats/insurance-results.ts';
import { allocationMeans } from '../stats/allocation-means.ts';
import { createRunManifest } from '../report/run-manifest.ts';
import { summaryCsv } from '../report/summary-csv.ts';
import { ReportStaging } from '../report/report-staging.ts';
import { EltWriter } from '../report/elt-writer.ts';
import { loadScenarioInto, validOrThrow } from './input-issues.ts';
import { summarizeRun } from '../stats/summarize-run.ts';
import { checkOutFolder } from './check-out-folder.ts';
import { parseSeedFlag, parseWholeNumberFlag } from './parse-flags.ts';
import { printRunSummary } from './print-run-summary.ts';
import { createProgressBar } from './progress-bar.ts';

interface RunFlags {
  trials?: string;
  seed?: string;
  out?: string;
  workers?: string;
  chunkSize?: string;
  elt?: string | true;
  quiet?: boolean;
}

/** `faultline run <scenario>`: simulates a scenario and writes its report folder. */
export function addRunCommand(program: Command): void {
  program
    .command('run')
    .description('simulate a scenario and write its report folder (summary.csv, ep.csv, allocation.csv, insurance.csv, run.json; elt.csv with --elt)')
    .argument('<scenario>', 'scenario file (YAML or JSON)')
    .option('-n, --trials <N>', 'number of simulated years (default: the scenario\'s `trials`)')
    .option('-s, --seed <S>', 'seed of all random draws (default: the scenario\'s `seed`)')
    .option('-o, --out <DIR>', 'report folder (default: reports/<scenario name>)')
    .option('-w, --workers <K>', `worker threads (default: all cores, here ${availableParallelism()})`)
    .option('--elt [rows]', 'also write elt.csv, one row per loss component: all of them, or the first [rows] (it can be huge)')
    .addOption(new Option('--chunk-size <N>', 'trials per chunk (tuning; never changes results)').hideHelp())
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (file: string, flags: RunFlags) => runCommand(file, flags));
}

async function runCommand(file: string, flags: RunFlags): Promise<void> {
  const startedAt = new Date();
  const t0 = performance.now();
  const issues: InputIssue[] = [];
  const trialsFlag = parseWholeNumberFlag('--trials', flags.trials, { min: 1, max: 100_000_000 }, issues);
  const workers = parseWholeNumberFlag('--workers', flags.workers, { min: 1, max: 256 }, issues) ?? availableParallelism();
  const chunkSize = parseWholeNumberFlag('--chunk-size', flags.chunkSize, { min: 1, max: 10_000_000 }, issues);
  const seedFlag = parseSeedFlag(flags.seed, issues);
  const eltRows =
    flags.elt === undefined ? 0 : flags.elt === true ? Infinity : parseWholeNumberFlag('--elt', flags.elt, { min: 1, max: 1_000_000_000 }, issues);
  if (flags.out !== undefined && flags.out.trim() === '') issues.push({ path: '--out', message: 'expected a folder path, got ""' });

  const maybeLoaded = loadScenarioInto(file, issues);
  const maybeOut = flags.out ?? (maybeLoaded ? join('reports', maybeLoaded.scenario.name) : undefined);
  if (maybeOut !== undefined && maybeOut.trim() !== '') checkOutFolder(maybeOut, issues);
  const { loaded, out } = validOrThrow(issues, maybeLoaded && maybeOut !== undefined ? { loaded: maybeLoaded, out: maybeOut } : undefined);

  const { scenario } = loaded;
  const trials = trialsFlag ?? scenario.trials;
  const seed = seedFlag ?? scenario.seed;
  const t1 = performance.now();

  // Everything is written into a staging folder beside the report, renamed into place at the end:
  // a failure or Ctrl-C (which stops the workers) discards it and leaves any earlier report alone.
  const staging = ReportStaging.open(out);
  const progress = createProgressBar(process.stderr, trials, { enabled: !flags.quiet });
  const interruption = new AbortController();
  const interrupt = () => interruption.abort();
  process.once('SIGINT', interrupt).once('SIGTERM', interrupt);
  try {
    const elt = eltRows ? new EltWriter(staging, eltRows) : undefined;
    let table: YearLossTable;
    try {
      table = await runSimulation(scenario, {
        trials,
        seed,
        workers,
        ...(chunkSize !== undefined ? { chunkSize } : {}),
        onProgress: (done) => progress.update(done),
        signal: interruption.signal,
        ...(elt ? { elt: { limit: eltRows!, onChunk: (index: number, text: string, rows: number) => elt.add(index, text, rows) } } : {}),
      });
    } finally {
      progress.finish();
    }
    const t2 = performance.now();
    const statistics = summarizeRun(table);
    const t3 = performance.now();
    const manifest = createRunManifest(
      loaded,
      {
        seed,
        trials,
        strategies: table.strategies,
        bearers: table.bearers,
        costs: table.costs,
        workers,
        ...(chunkSize !== undefined ? { chunkSize } : {}),
        ...(elt ? { eltRows: elt.rows } : {}),
      },
      startedAt,
      { load: round(t1 - t0), simulate: round(t2 - t1), statistics: round(t3 - t2), total: round(performance.now() - t0) },
    );
    staging.write('summary.csv', summaryCsv(statistics.summaries));
    staging.write('ep.csv', epCsv(statistics.exceedance));
    staging.write('allocation.csv', allocationCsv(allocationMeans(table)));
    staging.write('insurance.csv', insuranceCsv(insuranceResults(table, statistics.summaries)));
    staging.write('run.json', `${JSON.stringify(manifest, null, 2)}\n`);
    staging.commit();
    if (!flags.quiet) printRunSummary(process.stdout, { out, manifest, statistics });
  } catch (error) {
    staging.discard();
    throw error;
  } finally {
    process.off('SIGINT', interrupt).off('SIGTERM', interrupt);
  }
}

function round(milliseconds: number): number {
  return Math.round(milliseconds);
}
