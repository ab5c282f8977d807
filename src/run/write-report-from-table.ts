import { compileStrategies } from '../engine/simulation-model.ts';
import { simulateTrial } from '../engine/simulate-chunk.ts';
import type { YearLossTable } from '../ledger/year-loss-table.ts';
import { allocationCsv } from '../report/allocation-csv.ts';
import { comparisonCsv } from '../report/comparison-csv.ts';
import { convergenceCsv } from '../report/convergence-csv.ts';
import { distributionCsv } from '../report/distribution-csv.ts';
import { epCsv } from '../report/ep-csv.ts';
import { explainYear, selectPercentileYear } from '../report/explain-year.ts';
import { insuranceCsv } from '../report/insurance-csv.ts';
import { perilSummaryCsv } from '../report/peril-summary-csv.ts';
import { readRunData } from '../report/read-run-data.ts';
import { reportFiles } from '../report/report-files.ts';
import type { ReportStaging } from '../report/report-staging.ts';
import { createRunManifest, type RunExecution, type RunManifest } from '../report/run-manifest.ts';
import { summaryCsv } from '../report/summary-csv.ts';
import type { TableFormat } from '../report/table-file.ts';
import { toleranceCsv } from '../report/tolerance-csv.ts';
import type { YearExplanation } from '../report/year-explanation.ts';
import { writeYltCsv } from '../report/ylt-csv.ts';
import type { ComparisonRow } from '../stats/compare-strategies.ts';
import type { ToleranceTest } from '../stats/risk-tolerance.ts';
import { computeRunResults, type RunResults } from '../stats/run-results.ts';
import type { StrategyVerdict } from '../stats/strategy-verdict.ts';
import type { RunStatistics } from '../stats/summarize-run.ts';
import { riskAppetite, type ReportSource } from './report-source.ts';

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
export async function writeReportFromTable(staging: ReportStaging, source: ReportSource, table: YearLossTable, options: ReportFolderOptions, computed?: RunResults): Promise<RunReport> {
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
  return {
    out: staging.folder,
    manifest,
    statistics,
    table,
    ...(comparison ? { comparison } : {}),
    ...(verdict ? { verdict } : {}),
    ...(tolerance !== undefined ? { tolerance: true } : {}),
    ...(platformTolerance ? { platformTolerance } : {}),
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
