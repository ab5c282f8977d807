import { availableParallelism } from 'node:os';
import { Option, type Command } from 'commander';
import { DEFAULT_REDIS_WAIT_SECONDS } from '../cluster/redis-url.ts';
import { DEFAULT_TABLE_MEMORY } from '../ledger/year-columns.ts';
import { RETURN_PERIODS } from '../stats/exceedance-curve.ts';
import type { BatchFlags } from './batch-command.ts';
import type { ExplainFlags } from './explain-command.ts';
import type { MergeFlags } from './merge-command.ts';
import type { ReportFlags } from './report-command.ts';
import type { RunFlags } from './run-command.ts';
import type { SweepFlags } from './sweep-command.ts';
import type { WorkerFlags } from './worker-command.ts';

/** `--oversubscribe`, beside `--workers` on run, explain, batch and sweep. */
const OVERSUBSCRIBE_OPTION = ['--oversubscribe', 'with --workers above the cores: run that many threads anyway (slower; by default they are capped at the cores)'] as const;

// The commands as the user sees them: names, arguments, options and help. Each action loads its
// command's module only when it runs, so `faultline --version`, `--help` and a usage error load
// none of them (no scenario schema, simulation engine, chart renderer or Redis client).

/** The options of the commands that can run their chunks on a cluster (`run`, `batch`, `sweep`). */
export function addClusterOptions(command: Command): Command {
  return command
    .option('--redis <URL>', 'run the chunks on `faultline worker` processes through this Redis server (e.g. redis://127.0.0.1:6379)')
    .option('--queue <NAME>', 'with --redis: the queue the workers take jobs from (default: faultline)')
    .option('--redis-wait <S>', `with --redis: seconds the run waits for a lost Redis connection to come back before it fails (1–3600, default: ${DEFAULT_REDIS_WAIT_SECONDS})`);
}

/** `faultline run <scenario>`: simulates a scenario and writes its report folder. */
export function addRunCommand(program: Command): void {
  const command = program
    .command('run')
    .description(
      'simulate a scenario and write its report folder (summary.csv, ep.csv, allocation.csv, insurance.csv, run.json; comparison.csv with strategies; elt.csv and elt_net.csv with --elt; ylt.csv with --ylt)',
    )
    .argument('<scenario>', 'scenario file (YAML or JSON)')
    .option('-n, --trials <N>', "number of simulated years (default: the scenario's `trials`)")
    .option('-s, --seed <S>', "seed of all random draws (default: the scenario's `seed`)")
    .option('-o, --out <DIR>', 'report folder (default: reports/<scenario name>)')
    .option('-w, --workers <K>', `worker threads (default: all cores, here ${availableParallelism()})`)
    .option(...OVERSUBSCRIBE_OPTION)
    .option(
      '--elt [rows]',
      'also write the event loss tables: elt.csv (ground-up, one row per loss component) and elt_net.csv (per strategy, incident and bearer: transfers, legal costs, recoveries, net); all rows, or the first [rows] of each (they can be huge)',
    )
    .option('--ylt', "also write ylt.csv, the year loss table: every strategy, trial and bearer with its net annual loss, the year's occurrences and its largest occurrence")
    .option('--gzip', 'with --elt or --ylt: write them compressed, as elt.csv.gz, elt_net.csv.gz and ylt.csv.gz')
    .option('--format <F>', 'with --elt or --ylt: csv (default) or parquet (elt.parquet, elt_net.parquet, ylt.parquet instead of the CSVs)')
    .option('--return-periods <list>', `the return periods of ep.csv in years, e.g. 2,10,100,1000,5000,10000 (default: ${RETURN_PERIODS.join(',')}; each only with at least that many trials)`)
    .addOption(new Option('--chunk-size <N>', 'trials per chunk (tuning; never changes results)').hideHelp())
    .option(
      '--table-memory <MiB>',
      `keep the year loss table in memory up to this size, beyond it in a temporary file in TMPDIR (default: ${DEFAULT_TABLE_MEMORY / 2 ** 20}; 0: always the file; never changes results)`,
    )
    .option('-b, --baseline <S>', 'the strategy comparison.csv compares the others with (default: baseline, the scenario as written)')
    .option('--no-charts', 'do not render the charts to SVG and PNG (their specs and report.html are still written)')
    .option('--shard <i/n>', 'simulate only shard i of n (its share of the trials) and write a partial result to --partial; join the shards with faultline merge')
    .option('--partial <DIR>', 'with --shard: the folder of the partial result')
    .option('-q, --quiet', 'print nothing but errors');
  addClusterOptions(command).action(async (file: string, flags: RunFlags) => (await import('./run-command.ts')).runCommand(file, flags));
}

/** `faultline explain <scenario>`: one simulated year, in time order, and who paid what and why. */
export function addExplainCommand(program: Command): void {
  program
    .command('explain')
    .description(
      "explain one simulated year: each incident in time order, its losses, who finally carries them and why, and the year's totals per party. " +
        'Without --trial, simulates the scenario and explains the year at the 99th percentile of platform loss. ' +
        'With --glossary (and no scenario), prints the words of the outputs and what they mean',
    )
    .argument('[scenario]', 'scenario file (YAML or JSON); not with --glossary')
    .option('-t, --trial <K>', 'the simulated year to explain, from 1 (at most --trials when that is given)')
    .option('--strategy <S>', 'the strategy to explain it under (default: baseline)')
    .option('-f, --format <F>', 'text or json', 'text')
    .option('--glossary', "print the glossary of the outputs' terms (draw, retention, xs, AEP/OEP, TVaR…) instead of a year; takes only --format")
    .option('-n, --trials <N>', "trials to choose the default year from (default: the scenario's `trials`)")
    .option('-s, --seed <S>', "seed of all random draws (default: the scenario's `seed`)")
    .option('-w, --workers <K>', `worker threads for choosing the default year (default: all cores, here ${availableParallelism()})`)
    .option(...OVERSUBSCRIBE_OPTION)
    .action(async (file: string | undefined, flags: ExplainFlags) => (await import('./explain-command.ts')).explainCommand(file, flags));
}

/** `faultline batch <files or folders...>`: many scenarios through one worker pool. */
export function addBatchCommand(program: Command): void {
  const command = program
    .command('batch')
    .description('run many scenarios through one worker pool: one report folder each, plus batch-summary.csv')
    .argument('<paths...>', 'scenario files, or folders of them (their .yaml, .yml and .json files)')
    .option('-o, --out <DIR>', 'folder for the report folders and batch-summary.csv (default: reports)')
    .option('-n, --trials <N>', "simulated years for every scenario (default: each scenario's `trials`)")
    .option('-s, --seed <S>', "seed for every scenario (default: each scenario's `seed`)")
    .option('-w, --workers <K>', `worker threads (default: all cores, here ${availableParallelism()})`)
    .option(...OVERSUBSCRIBE_OPTION)
    .option('--resume', 'skip scenarios whose report is finished for the same scenario, seed, trials and version')
    .option('--no-charts', 'do not render charts to SVG and PNG (specs and report.html are still written)')
    .option('-q, --quiet', 'print only failures and the final line');
  addClusterOptions(command).action(async (paths: string[], flags: BatchFlags) => (await import('./batch-command.ts')).batchCommand(paths, flags));
}

/** `faultline sweep <scenario> --set path=v1,v2,... [--set path=...]`: one field, or a grid of two, varied over values. */
export function addSweepCommand(program: Command): void {
  const command = program
    .command('sweep')
    .description(
      'run a scenario once per value of one field (or per point of a grid of two) and report the cost of risk against it: the paired difference from the first point with its standard error, ' +
        "the break-even where the total cost of risk crosses the first point's (report.html, sweep.csv, break_even.csv, charts/sweep.vl.json)",
    )
    .argument('<scenario>', 'scenario file (YAML or JSON)')
    .requiredOption(
      '--set <path=v1,v2,...>',
      'the field and its values, e.g. insurance.policies.platform-tech-eo.retention=100000,250000,1000000 (list items by name); give it twice for a grid of two fields, the break-even along the second',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option('-o, --out <DIR>', 'sweep folder: one report folder per point, report.html, sweep.csv, break_even.csv and the chart (default: reports/<scenario name>-sweep)')
    .option('-n, --trials <N>', "simulated years per point (default: the scenario's `trials`)")
    .option('-s, --seed <S>', "seed (default: the scenario's `seed`); every point replays the same trials, so points pair trial by trial")
    .option('-w, --workers <K>', `worker threads (default: all cores, here ${availableParallelism()})`)
    .option(...OVERSUBSCRIBE_OPTION)
    .option('--bearer <B>', 'whose cost of risk the break-even, the page and the chart show (default: platform)')
    .option('--no-charts', 'do not render the sweep chart to SVG and PNG (its spec and report.html are still written)')
    .option('-q, --quiet', 'print nothing but errors');
  addClusterOptions(command).action(async (file: string, flags: SweepFlags) => (await import('./sweep-command.ts')).sweepCommand(file, flags));
}

/** `faultline merge <partials...>`: joins the shards of a run into its report folder. */
export function addMergeCommand(program: Command): void {
  program
    .command('merge')
    .description('join the partial results of `run --shard i/n --partial DIR` into the report a single run writes, byte for byte')
    .argument('<partials...>', 'partial result folders, one per shard, in any order')
    .option('-o, --out <DIR>', 'report folder (default: reports/<scenario name>)')
    .option('-b, --baseline <S>', 'the strategy comparison.csv compares the others with (default: baseline)')
    .option('--ylt', 'also write ylt.csv, the year loss table (as run --ylt does)')
    .option('--return-periods <list>', 'the return periods of ep.csv in years (as run --return-periods takes them)')
    .option('--gzip', 'write elt.csv and elt_net.csv (when the shards have them) and ylt.csv compressed, as .csv.gz')
    .option('--format <F>', 'csv (default) or parquet: the event loss tables and ylt as .parquet (as run --format does)')
    .option('--no-charts', 'do not render the charts to SVG and PNG (their specs and report.html are still written)')
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (folders: string[], flags: MergeFlags) => (await import('./merge-command.ts')).mergeCommand(folders, flags));
}

/** `faultline worker --redis URL`: simulates chunk jobs of cluster runs until stopped. */
export function addWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('take chunk jobs of `run --redis` and `batch --redis` from a Redis queue and simulate them, until stopped (Ctrl-C finishes the chunks in hand)')
    .requiredOption('--redis <URL>', 'the Redis server of the queue, e.g. redis://127.0.0.1:6379')
    .option('--queue <NAME>', 'queue name (default: faultline)')
    .option('-t, --threads <K>', `simulation threads (default: all cores, here ${availableParallelism()}); it holds one chunk more than threads, so none waits`)
    .option('--stall-timeout <MS>', 'milliseconds before a chunk of a worker that stopped answering goes to another worker (default: 30000)')
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (flags: WorkerFlags) => (await import('./worker-command.ts')).workerCommand(flags));
}

/** `faultline report <run-folder>`: redraws a run's charts and report.html from its files. */
export function addReportCommand(program: Command): void {
  program
    .command('report')
    .description('rebuild the charts and report.html of an existing run folder from its CSVs, without simulating again')
    .argument('<run-folder>', 'a folder written by faultline run (with run.json and the CSVs)')
    .option('--no-charts', 'do not render the charts to SVG and PNG (their specs and report.html are still written)')
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (folder: string, flags: ReportFlags) => (await import('./report-command.ts')).reportCommand(folder, flags));
}

/** `faultline validate <files...>`: checks scenario files and reports every problem in each. */
export function addValidateCommand(program: Command): void {
  program
    .command('validate')
    .description('check scenario files without running them; lists every problem found')
    .argument('<files...>', 'scenario files (YAML or JSON)')
    .action(async (files: string[]) => (await import('./validate-command.ts')).validateCommand(files));
}

/** `faultline schema [--write FILE]`: prints (or writes) the scenario JSON Schema. */
export function addSchemaCommand(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of scenario files (for editors and validators)')
    .option('--write <file>', 'write it to a file instead of printing it')
    .action(async (options: { write?: string }) => (await import('./schema-command.ts')).schemaCommand(options));
}
