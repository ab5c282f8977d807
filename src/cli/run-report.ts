import { runSimulation } from '../engine/run-simulation.ts';
import type { YearLossTable } from '../ledger/year-loss-table.ts';
import type { ChunkRunner } from '../engine/worker-pool.ts';
import { InputError, NonFiniteLoss } from '../errors.ts';
import { allocationCsv } from '../report/allocation-csv.ts';
import { comparisonCsv } from '../report/comparison-csv.ts';
import { distributionCsv } from '../report/distribution-csv.ts';
import { explainYear, selectPercentileYear } from '../report/explain-year.ts';
import type { YearExplanation } from '../report/year-explanation.ts';
import { simulateTrial } from '../engine/simulate-chunk.ts';
import { compileStrategies } from '../engine/simulation-model.ts';
import { strategyScenarios, type StrategyScenario } from '../scenario/strategies.ts';
import { readRunData } from '../report/read-run-data.ts';
import { reportFiles } from '../report/report-files.ts';
import { EltWriter } from '../report/elt-writer.ts';
import { writeYltCsv } from '../report/ylt-csv.ts';
import type { TableFormat } from '../report/table-file.ts';
import type { EventLossRows } from '../ledger/chunk-ledger.ts';
import { epCsv } from '../report/ep-csv.ts';
import { convergenceCsv } from '../report/convergence-csv.ts';
import { insuranceCsv } from '../report/insurance-csv.ts';
import { ReportStaging } from '../report/report-staging.ts';
import { createRunManifest, type RunExecution, type RunManifest, type ScenarioIdentity } from '../report/run-manifest.ts';
import { summaryCsv } from '../report/summary-csv.ts';
import { perilSummaryCsv } from '../report/peril-summary-csv.ts';
import type { LoadedScenario } from '../scenario/load-scenario.ts';
import type { ComparisonRow, RiskAppetite } from '../stats/compare-strategies.ts';
import { computeRunResults, type RunResults } from '../stats/run-results.ts';
import type { StrategyVerdict } from '../stats/strategy-verdict.ts';
import { toleranceCsv } from '../report/tolerance-csv.ts';
import type { ToleranceTest } from '../stats/risk-tolerance.ts';
import type { RunStatistics } from '../stats/summarize-run.ts';

/** How to run one scenario into one report folder. */
export interface RunReportOptions {
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
  signal?: AbortSignal;
  startedAt: Date;
  /** performance.now() when the command started (for timings). */
  t0: number;
  /** Milliseconds spent loading before the run (for timings). */
  loadMs: number;
}

/** What a finished run wrote, for the summary printed at the terminal and for batch summaries. */
export interface RunReport {
  out: string;
  manifest: RunManifest;
  statistics: RunStatistics;
  table: YearLossTable;
  comparison?: ComparisonRow[];
  /** With strategies: the verdict for the platform (verdict.json). */
  verdict?: StrategyVerdict;
  /** Whether tolerance.csv was written (the scenario has a `risk_tolerance`). */
  tolerance?: boolean;
  /** Without strategies, with a tolerance for the platform: the run's test of it. */
  platformTolerance?: ToleranceTest;
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
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.pool ? { pool: options.pool } : {}),
      ...(elt ? { elt: { limit: options.eltRows, onChunk: (index: number, rows: EventLossRows) => elt.add(index, rows) } } : {}),
    });
    elt?.close();
    options.onSimulated?.();
    const ranOn = table.ranOn ?? { execution: { mode: 'threads' }, workers: options.workers };
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
      simulateMs: performance.now() - t1,
    });
  } catch (error) {
    staging.discard();
    throw locateNonFinite(error, loaded.file);
  }
}

/** A loss that overflowed is bad input in the scenario file: the error names the file and the incident's field. */
export function locateNonFinite(error: unknown, file: string): unknown {
  return error instanceof NonFiniteLoss ? new InputError([{ file, path: error.issue.path, message: error.message }]) : error;
}

/** What a report says of the scenario it simulated: run.json's identity, and the strategies to explain a year with. */
export interface ReportSource {
  scenario: ScenarioIdentity;
  currency: string;
  strategies: StrategyScenario[];
}

/** The report source of a scenario loaded from files. */
export function reportSource(loaded: LoadedScenario): ReportSource {
  const { scenario } = loaded;
  return {
    scenario: {
      name: scenario.name,
      ...(scenario.description !== undefined ? { description: scenario.description } : {}),
      file: loaded.file,
      hash: loaded.hash,
      files: loaded.files,
    },
    currency: scenario.currency,
    strategies: strategyScenarios(scenario),
  };
}

/** How a finished simulation was run and what else goes into its report. */
export interface ReportFolderOptions {
  seed: number | string;
  baseline: number;
  charts: boolean;
  execution: RunExecution;
  workers: number;
  chunkSize?: number;
  /** Rows already staged in elt.csv and elt_net.csv, when they were asked for. */
  eltRows?: { groundUp: number; net: number };
  /** Whether to write ylt.csv, the year loss table. */
  ylt?: boolean;
  /** How ylt is written: CSV (default), gzip-compressed CSV or Parquet. */
  format?: TableFormat;
  /** The return periods of ep.csv (default RETURN_PERIODS). */
  returnPeriods?: readonly number[];
  startedAt: Date;
  t0: number;
  loadMs: number;
  simulateMs: number;
}

/**
 * Writes the report of a finished simulation into a staging folder and commits it: the files
 * are a function of the source, the seed, the year loss table and the baseline alone, so a run
 * on threads, through Redis or merged from shards writes the same bytes (run.json's execution
 * fields apart). The statistics are `computeRunResults` of the table unless already `computed`
 * (the library's `writeReport`). The caller discards the staging folder if this throws.
 */
export async function writeReportFromTable(
  staging: ReportStaging,
  source: ReportSource,
  table: YearLossTable,
  options: ReportFolderOptions,
  computed?: RunResults,
): Promise<RunReport> {
  const t2 = performance.now();
  const results = computed ?? computeRunResults(table, { ...options, appetite: riskAppetite(source) });
  const { statistics, comparison, verdict, platformTolerance } = results;
  const tolerance = toleranceCsv(table, results.appetite);
  const t3 = performance.now();
  const yltRows = options.ylt ? writeYltCsv(staging, table, options.format) : undefined;
  const manifest = createRunManifest(
    source,
    {
      seed: options.seed,
      trials: table.trials,
      strategies: table.strategies,
      bearers: table.bearers,
      costs: table.costs,
      execution: options.execution,
      workers: options.workers,
      ...(options.chunkSize !== undefined ? { chunkSize: options.chunkSize } : {}),
      ...(options.eltRows !== undefined ? { eltRows: options.eltRows } : {}),
      ...(yltRows !== undefined ? { yltRows } : {}),
    },
    options.startedAt,
    { load: Math.round(options.loadMs), simulate: Math.round(options.simulateMs), statistics: Math.round(t3 - t2), total: Math.round(performance.now() - options.t0) },
  );
  staging.write('summary.csv', summaryCsv(statistics.summaries));
  staging.write('peril_summary.csv', perilSummaryCsv(statistics.perilSummaries));
  staging.write('ep.csv', epCsv(statistics.exceedance));
  staging.write('allocation.csv', allocationCsv(results.allocation));
  staging.write('insurance.csv', insuranceCsv(results.insurance));
  staging.write('distribution.csv', distributionCsv(statistics.distribution));
  const explained = explainPercentileYear(source, options.seed, table);
  staging.write('explain.json', `${JSON.stringify(explained.baseline, null, 2)}\n`);
  if (explained.strategies) staging.write('explain-strategies.json', `${JSON.stringify(explained.strategies, null, 2)}\n`);
  staging.write('convergence.csv', convergenceCsv(statistics.convergence));
  if (comparison) staging.write('comparison.csv', comparisonCsv(comparison));
  if (verdict) staging.write('verdict.json', `${JSON.stringify(verdict, null, 2)}\n`);
  if (tolerance !== undefined) staging.write('tolerance.csv', tolerance);
  staging.write('run.json', `${JSON.stringify(manifest, null, 2)}\n`);
  // The charts and the page are drawn from the files just written, as `faultline report` does.
  for (const [name, content] of await reportFiles(readRunData(staging.path), { render: options.charts })) staging.write(name, content);
  staging.commit();
  return { out: staging.folder, manifest, statistics, table, ...(comparison ? { comparison } : {}), ...(verdict ? { verdict } : {}), ...(tolerance !== undefined ? { tolerance: true } : {}), ...(platformTolerance ? { platformTolerance } : {}) };
}

/** The risk appetite of a run: the scenario's `risk_tolerance` and `cost_of_capital` (strategies cannot change them). */
export function riskAppetite(source: ReportSource): RiskAppetite {
  const scenario = source.strategies[0]?.scenario;
  return {
    ...(scenario?.risk_tolerance ? { risk_tolerance: scenario.risk_tolerance } : {}),
    ...(scenario?.cost_of_capital ? { cost_of_capital: scenario.cost_of_capital } : {}),
  };
}

/** explain-strategies.json: the baseline's explained trial, explained under every strategy of the run (the baseline first). */
export interface StrategyExplanations {
  trial: number;
  explanations: YearExplanation[];
}

/**
 * The baseline's 99th-percentile year of platform loss, explained (explain.json; the report's
 * timeline and explained year); with strategies, the same trial under each of them as well
 * (explain-strategies.json; the report's side-by-side), its selection saying whose year it is.
 */
function explainPercentileYear(source: ReportSource, seed: number | string, table: YearLossTable): { baseline: YearExplanation; strategies?: StrategyExplanations } {
  const model = compileStrategies(source.strategies, seed);
  const { trial, selection } = selectPercentileYear(table, 0);
  const baseline = explainYear(simulateTrial(model, trial, 0), { model, seed, trials: table.trials, selection });
  if (table.strategies.length < 2) return { baseline };
  const explanations = table.strategies.map((name, strategy) => {
    if (strategy === 0) return baseline;
    const explanation = explainYear(simulateTrial(model, trial, strategy), { model, seed, trials: table.trials, selection });
    const reason = `The same trial as the baseline's explained year (${baseline.selection.reason.replace(/\.$/, '')}), under strategy ${name}.`;
    return { ...explanation, selection: { ...explanation.selection, reason } };
  });
  return { baseline, strategies: { trial, explanations } };
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
