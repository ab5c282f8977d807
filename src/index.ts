/**
 * Faultline as a library: `import { loadScenario, simulate } from 'faultline'`.
 *
 * The same pipeline as `faultline run`, without the files:
 *
 *   loadScenario(file)                       read → extends → validate → hash
 *     → simulate(loaded, { trials, seed })   the year loss table (typed arrays) on worker threads,
 *                                            then every statistic the report's tables hold
 *     → writeReport(results, folder)         optional: the run folder `faultline run` writes
 *
 * The records of `Results` are the values the CSV files are written from (summary.csv, ep.csv,
 * distribution.csv, allocation.csv, insurance.csv, comparison.csv), unrounded; the CSV files
 * round money to cents and probabilities to 6 decimals. Bad input throws an `InputError` whose
 * `issues` are the located problems the CLI prints (file, line, column, field, message).
 *
 * @example
 * const loaded = loadScenario('scenarios/marketplace.yaml');
 * const results = await simulate(loaded, { trials: 10_000 });
 * const platform = results.summary.find((row) => row.strategy === 'baseline' && row.bearer === 'platform');
 * console.log(platform?.summary.mean);
 */
import { availableParallelism } from 'node:os';
import { simulateTrial } from './engine/simulate-chunk.ts';
import { runSimulation, type SimulatedTable } from './engine/run-simulation.ts';
import { compileModel } from './engine/simulation-model.ts';
import { InputError, UsageError, type InputIssue } from './errors.ts';
import { explainYear as explainRecord, selectPercentileYear } from './report/explain-year.ts';
import { ReportStaging } from './report/report-staging.ts';
import type { TrialSelection, YearExplanation } from './report/year-explanation.ts';
import { loadScenario as loadScenarioFile, type LoadedScenario } from './scenario/load-scenario.ts';
import { computeRunResults } from './stats/run-results.ts';
import type { AllocationRow } from './stats/allocation-means.ts';
import type { ComparisonRow } from './stats/compare-strategies.ts';
import type { StrategyVerdict } from './stats/strategy-verdict.ts';
import type { ToleranceTest } from './stats/risk-tolerance.ts';
import { RETURN_PERIODS } from './stats/exceedance-curve.ts';
import type { InsuranceResult } from './stats/insurance-results.ts';
import type { ConvergenceRow, DistributionRow, ExceedanceRow, PerilSummaryRow, SummaryRow } from './stats/summarize-run.ts';
import { checkOutFolder } from './run/check-out-folder.ts';
import { locateNonFinite } from './run/locate-non-finite.ts';
import { reportSource, riskAppetite } from './run/report-source.ts';
import { strategyNames } from './run/strategy-names.ts';
import { writeReportFromTable } from './run/write-report-from-table.ts';

export { InputError, ScenarioError, SimulationError, UsageError, formatInputIssue, type InputIssue } from './errors.ts';
export { RETURN_PERIODS } from './stats/exceedance-curve.ts';
export type { LoadedScenario } from './scenario/load-scenario.ts';
export type { Scenario } from './scenario/schema/scenario-schema.ts';
export { closeYearLossTable, type YearLossTable, type StrategyCosts, type AnnualCost } from './ledger/year-loss-table.ts';
export type { YearColumns } from './ledger/year-columns.ts';
export type { SummaryRow, ExceedanceRow, DistributionRow, ConvergenceRow, PerilSummaryRow } from './stats/summarize-run.ts';
export type { LossSummary } from './stats/summarize-losses.ts';
export type { AllocationRow } from './stats/allocation-means.ts';
export type { InsuranceResult } from './stats/insurance-results.ts';
export type { ComparisonRow, RiskAppetite } from './stats/compare-strategies.ts';
export type { StrategyVerdict } from './stats/strategy-verdict.ts';
export type { ToleranceTest } from './stats/risk-tolerance.ts';
export type { YearExplanation, TrialSelection } from './report/year-explanation.ts';

/** A scenario given as text rather than a file: `file` names it in messages and anchors a relative `extends`. */
export interface ScenarioText {
  /** The scenario's YAML or JSON. */
  text: string;
  /** The name messages give it and the file a relative `extends` is read beside (default `scenario.yaml`, in the working folder). */
  file?: string;
}

/**
 * Loads and validates a scenario, from a file path or from text, with its `extends` chain and
 * defaults applied.
 *
 * @throws ScenarioError (an InputError) listing every problem, each with file, line, column and field.
 * @example loadScenario('scenarios/marketplace.yaml').scenario.trials // 200000
 */
export function loadScenario(source: string | ScenarioText): LoadedScenario {
  if (typeof source === 'string') return loadScenarioFile(source);
  if (typeof source?.text !== 'string') throw new UsageError([{ path: 'loadScenario', message: `expected a file path or { text }, got ${typeof source}` }]);
  return loadScenarioFile(source.file ?? 'scenario.yaml', { text: source.text });
}

/** How `simulate` runs a scenario; none of it but trials and seed changes a number. */
export interface SimulateOptions {
  /** Simulated years, 1 to 100,000,000; default the scenario's `trials`. */
  trials?: number;
  /** The seed (a whole number or text); default the scenario's `seed`. */
  seed?: number | string;
  /** Worker threads, 1 to 256; default all cores. */
  workers?: number;
  /** Trials per chunk; default about eight chunks per worker. */
  chunkSize?: number;
  /**
   * MiB of year loss table kept in memory (default 32); a larger table is kept in a temporary
   * file in the system's temporary folder, read a column at a time (0: always the file). Call
   * `closeYearLossTable(results.table)` to give the file's space back before the process ends.
   */
  tableMemory?: number;
  /** The return periods of the ep records, whole numbers of years from 2; default 2, 5, 10, 25, 50, 100, 200, 250, 500, 1000. */
  returnPeriods?: readonly number[];
  /** The strategy the comparison records compare with, by name; default the baseline. */
  baseline?: string;
  /** Called after each chunk with the trials done so far. */
  onProgress?: (trialsDone: number, trials: number) => void;
  /** Aborting it stops the workers; `simulate` then rejects. */
  signal?: AbortSignal;
}

/** What `simulate` returns: the year loss table and every record of the report's tables. */
export interface Results {
  /** The scenario simulated. */
  scenario: LoadedScenario;
  trials: number;
  seed: number | string;
  /** Strategy names, the baseline first: the first index of `table.years.annual(s, b)`. */
  strategies: string[];
  /** The bearers reported: the second index of `table.years.annual(s, b)`. */
  bearers: string[];
  /** The year loss table: `table.years` gives typed arrays by strategy × bearer of every trial's annual net loss and largest occurrence, and by strategy its occurrence counts (YearColumns). */
  table: SimulatedTable;
  /** summary.csv: one row per strategy and bearer. */
  summary: SummaryRow[];
  /** ep.csv: AEP and OEP losses at each return period the trial count supports. */
  ep: ExceedanceRow[];
  /** distribution.csv: the annual-loss histogram of each strategy and bearer. */
  distribution: DistributionRow[];
  /** convergence.csv: each strategy and bearer's running mean, with its standard error, by trial count. */
  convergence: ConvergenceRow[];
  /** peril_summary.csv: each strategy and bearer's `all` row, then its summary per peril (incident type). */
  perilSummary: PerilSummaryRow[];
  /** allocation.csv: mean annual amount by strategy, incident type, component and bearer. */
  allocation: AllocationRow[];
  /** insurance.csv: per strategy and policy or layer. */
  insurance: InsuranceResult[];
  /** comparison.csv: with strategies, each against `baseline`; empty without strategies. */
  comparison: ComparisonRow[];
  /** With strategies: the verdict for the platform (verdict.json): the cheapest strategy within its risk tolerance, each against the baseline. */
  verdict?: StrategyVerdict;
  /** Without strategies, with a `risk_tolerance` for the platform: the run's test of it. */
  platformTolerance?: ToleranceTest;
  /** The strategy `comparison` compares with. */
  baseline: string;
  /** The return periods asked for (ep holds those up to `trials`). */
  returnPeriods: readonly number[];
  /** Wall-clock milliseconds the trials took (for run.json's timings). */
  simulateMs: number;
  startedAt: Date;
}

/**
 * Simulates a loaded scenario's trials on worker threads and computes every statistic of the
 * run's report: the numbers are the same as `faultline run` writes for the same scenario, seed
 * and trials, for any worker count or chunk size.
 *
 * @throws UsageError for a bad option, InputError for a loss that overflows (located in the scenario).
 * @example const results = await simulate(loadScenario('scenarios/marketplace.yaml'), { trials: 10_000, seed: 1 });
 */
export async function simulate(loaded: LoadedScenario, options: SimulateOptions = {}): Promise<Results> {
  const startedAt = new Date();
  const issues: InputIssue[] = [];
  const trials = checkWhole(issues, 'trials', options.trials, 1, 100_000_000) ?? loaded.scenario.trials;
  const workers = checkWhole(issues, 'workers', options.workers, 1, 256) ?? availableParallelism();
  const chunkSize = checkWhole(issues, 'chunkSize', options.chunkSize, 1, 10_000_000);
  const tableMemory = checkWhole(issues, 'tableMemory', options.tableMemory, 0, 2 ** 20);
  const seed = checkSeed(issues, options.seed) ?? loaded.scenario.seed;
  const returnPeriods = checkReturnPeriods(issues, options.returnPeriods);
  const names = strategyNames(loaded.scenario);
  const baseline = options.baseline === undefined ? 0 : names.indexOf(options.baseline);
  if (baseline < 0) issues.push({ path: 'baseline', message: `expected one of the scenario's strategies (${names.join(', ')}), got ${JSON.stringify(options.baseline)}` });
  if (issues.length > 0) throw new UsageError(issues);

  const t0 = performance.now();
  let table: SimulatedTable;
  try {
    table = await runSimulation(loaded.scenario, {
      trials,
      seed,
      workers,
      ...(chunkSize !== undefined ? { chunkSize } : {}),
      ...(tableMemory !== undefined ? { tableMemoryBytes: tableMemory * 2 ** 20 } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    throw locateNonFinite(error, loaded.file);
  }
  const simulateMs = performance.now() - t0;
  const results = computeRunResults(table, { baseline, appetite: riskAppetite(reportSource(loaded)), ...(returnPeriods ? { returnPeriods } : {}) });
  return {
    scenario: loaded,
    trials,
    seed,
    strategies: table.strategies,
    bearers: table.bearers,
    table,
    summary: results.statistics.summaries,
    ep: results.statistics.exceedance,
    distribution: results.statistics.distribution,
    convergence: results.statistics.convergence,
    perilSummary: results.statistics.perilSummaries,
    allocation: results.allocation,
    insurance: results.insurance,
    comparison: results.comparison ?? [],
    ...(results.verdict ? { verdict: results.verdict } : {}),
    ...(results.platformTolerance ? { platformTolerance: results.platformTolerance } : {}),
    baseline: names[baseline]!,
    returnPeriods: returnPeriods ?? RETURN_PERIODS,
    simulateMs,
    startedAt,
  };
}

/** Which year `explainYear` explains. */
export interface ExplainYearOptions {
  /** The trial (1-based) to explain. */
  trial: number;
  /** Default the scenario's seed. */
  seed?: number | string;
  /** The strategy, by name; default the baseline. */
  strategy?: string;
}

/**
 * Explains one simulated year, as `faultline explain --trial N --format json` prints it: its
 * incidents, components, who carried each and why, and each party's totals. Simulates that trial
 * alone, with the draws it has in a run of any size.
 *
 * @example explainYear(loaded, { trial: 42 }).parties
 */
export function explainYear(loaded: LoadedScenario, options: ExplainYearOptions): YearExplanation {
  const issues: InputIssue[] = [];
  const trial = checkWhole(issues, 'trial', options.trial, 1, 100_000_000);
  if (options.trial === undefined) issues.push({ path: 'trial', message: 'expected a trial number, got nothing' });
  const seed = checkSeed(issues, options.seed) ?? loaded.scenario.seed;
  const model = compileModel(loaded.scenario, seed);
  const strategy = options.strategy === undefined ? 0 : model.strategies.indexOf(options.strategy);
  if (strategy < 0) issues.push({ path: 'strategy', message: `expected one of ${model.strategies.join(', ')}, got ${JSON.stringify(options.strategy)}` });
  if (issues.length > 0 || trial === undefined) throw new UsageError(issues);
  const selection: TrialSelection = { method: 'given' };
  return explainRecord(simulateTrial(model, trial, strategy), { model, seed, selection });
}

/** How `writeReport` writes the run folder. */
export interface WriteReportOptions {
  /** Render the charts to SVG and PNG (default true; the specs and report.html are always written). */
  charts?: boolean;
}

/**
 * Writes the run folder of simulated results, as `faultline run` writes it: the CSV files,
 * explain.json, run.json, the charts and report.html. The folder must be new, empty or an earlier
 * report; it is replaced as a whole only when everything is written.
 *
 * @throws UsageError when the folder holds other files.
 * @returns the folder written.
 */
export async function writeReport(results: Results, folder: string, options: WriteReportOptions = {}): Promise<string> {
  const issues: InputIssue[] = [];
  checkOutFolder(folder, issues, 'run.json', 'folder');
  if (issues.length > 0) throw new UsageError(issues);
  const { table } = results;
  const staging = ReportStaging.open(folder);
  try {
    const ranOn = table.ranOn ?? { execution: { mode: 'threads' }, workers: 1 };
    const baseline = results.strategies.indexOf(results.baseline);
    const report = await writeReportFromTable(
      staging,
      reportSource(results.scenario),
      table,
      {
        seed: results.seed,
        baseline,
        charts: options.charts !== false,
        execution: ranOn.execution,
        workers: ranOn.workers,
        returnPeriods: results.returnPeriods,
        startedAt: results.startedAt,
        t0: performance.now() - results.simulateMs,
        loadMs: 0,
        simulateMs: results.simulateMs,
      },
      {
        statistics: { summaries: results.summary, exceedance: results.ep, distribution: results.distribution, convergence: results.convergence, perilSummaries: results.perilSummary },
        allocation: results.allocation,
        insurance: results.insurance,
        appetite: riskAppetite(reportSource(results.scenario)),
        ...(results.comparison.length > 0 ? { comparison: results.comparison } : {}),
        ...(results.verdict ? { verdict: results.verdict } : {}),
        ...(results.platformTolerance ? { platformTolerance: results.platformTolerance } : {}),
      },
    );
    return report.out;
  } catch (error) {
    staging.discard();
    throw error instanceof InputError ? error : locateNonFinite(error, results.scenario.file);
  }
}

/** The percentile year a run's explain.json explains: the 99th percentile of platform loss under `strategy` (default the baseline). */
export function percentileYear(results: Results, strategy = results.strategies[0]!): { trial: number; selection: TrialSelection } {
  const index = results.strategies.indexOf(strategy);
  if (index < 0) throw new UsageError([{ path: 'strategy', message: `expected one of ${results.strategies.join(', ')}, got ${JSON.stringify(strategy)}` }]);
  return selectPercentileYear(results.table, index);
}

function checkWhole(issues: InputIssue[], name: string, value: number | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    issues.push({ path: name, message: `expected a whole number from ${min} to ${max.toLocaleString('en-US')}, got ${JSON.stringify(value) ?? String(value)}` });
    return undefined;
  }
  return value;
}

function checkSeed(issues: InputIssue[], seed: number | string | undefined): number | string | undefined {
  if (seed === undefined) return undefined;
  const valid = typeof seed === 'string' ? seed.trim() !== '' : Number.isSafeInteger(seed) && seed >= 0;
  if (!valid) issues.push({ path: 'seed', message: `expected a whole number ≥ 0 or non-empty text, got ${JSON.stringify(seed) ?? String(seed)}` });
  return valid ? seed : undefined;
}

function checkReturnPeriods(issues: InputIssue[], periods: readonly number[] | undefined): number[] | undefined {
  if (periods === undefined) return undefined;
  const valid = Array.isArray(periods) && periods.every((period) => Number.isSafeInteger(period) && period >= 2 && period <= 1_000_000_000) && new Set(periods).size === periods.length;
  if (!valid) {
    issues.push({ path: 'returnPeriods', message: `expected distinct whole numbers of years from 2 to 1,000,000,000, got ${JSON.stringify(periods)}` });
    return undefined;
  }
  return [...periods].sort((a, b) => a - b);
}
