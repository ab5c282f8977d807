import { join } from 'node:path';
import type { ChunkRunner } from '../engine/worker-pool.ts';
import { closeYearLossTable, type YearLossTable } from '../ledger/year-loss-table.ts';
import { formatMoney } from '../ledger/format-number.ts';
import { sweepChart, type SweepPoint } from '../report/charts/sweep-chart.ts';
import { sweepPage } from '../report/html/sweep-page.ts';
import { chartFiles } from '../report/report-files.ts';
import { ReportStaging } from '../report/report-staging.ts';
import { toCsv } from '../report/to-csv.ts';
import type { LoadedScenario } from '../scenario/load-scenario.ts';
import { compareStrategies, pairedDifference, type ComparisonRow } from '../stats/compare-strategies.ts';
import { breakEven, type BreakEvenLine, type SweepField } from '../stats/sweep-break-even.ts';
import { VERSION } from '../version.ts';
import { writePooledRunReport } from './write-run-report.ts';

/** The columns of sweep.csv after one column per swept field (named by its path). */
export const SWEEP_COLUMNS = ['strategy', 'bearer', 'mean_loss', 'premiums', 'mitigation_costs', 'total_cost_of_risk', 'tvar_99', 'se_mean', 'difference', 'se_paired', 'report'] as const;

/** The columns of break_even.csv after one column per swept field but the last (the line's fixed values). */
export const BREAK_EVEN_COLUMNS = ['strategy', 'bearer', 'field', 'break_even', 'low', 'high', 'from', 'to', 'finding'] as const;

/** One point of a sweep: the value of each swept field, its report folder's name, its scenario, trials and seed. */
export interface SweepVariant {
  values: unknown[];
  label: string;
  loaded: LoadedScenario;
  trials: number;
  seed: number | string;
}

/** How a sweep runs and writes its folder, and what it tells its caller as it goes. */
export interface SweepOptions {
  /** The sweep folder: sweep.csv, break_even.csv, report.html, sweep.json, the chart, and a report folder per point. */
  out: string;
  /** The scenario file swept, as given (sweep.json and the page name it). */
  file: string;
  fields: readonly SweepField[];
  /** The bearer whose break-evens and chart the sweep reports. */
  bearer: string;
  workers: number;
  /** The pool or cluster every point shares. */
  pool: ChunkRunner;
  signal: AbortSignal;
  /** Render the sweep chart to SVG and PNG (the points' reports never render theirs). */
  charts: boolean;
  onProgress?: (index: number, variant: SweepVariant, done: number) => void;
  /** The point's trials are done; its report is being written. */
  onSimulated?: (index: number, variant: SweepVariant) => void;
  onPointFinished?: (index: number, variant: SweepVariant, milliseconds: number) => void;
}

/** What a sweep found: every point's comparison row per strategy and bearer, and the break-even of each line for the bearer. */
export interface SweepResult {
  points: SweepPoint[];
  breakEvens: BreakEvenLine[];
}

/**
 * Runs every point of a sweep on the same trials, one after another, each into its report folder
 * inside the sweep folder, pairs each with the first point trial by trial (common random
 * numbers), finds the break-evens and writes the sweep's files. The whole folder is staged and
 * renamed into place at the end, like a single report: a failure leaves an earlier one as it was.
 */
export async function runSweep(variants: readonly SweepVariant[], options: SweepOptions): Promise<SweepResult> {
  const staging = ReportStaging.open(options.out, { signal: options.signal });
  try {
    const points = await runPoints(staging, variants, options);
    const breakEvens = breakEvenLines(points, options.fields, options.bearer);
    await writeSweepFiles(staging, variants[0]!, { points, breakEvens }, options);
    staging.commit();
    return { points, breakEvens };
  } catch (error) {
    staging.discard();
    throw error;
  }
}

/** Runs the points into the staged sweep folder: each point's rows, paired with the first point's. */
async function runPoints(staging: ReportStaging, variants: readonly SweepVariant[], options: SweepOptions): Promise<SweepPoint[]> {
  const points: SweepPoint[] = [];
  // The sweep's first point, which every point is paired with trial by trial (common random numbers).
  let reference: { table: YearLossTable; rows: ComparisonRow[] } | undefined;
  for (const [index, variant] of variants.entries()) {
    const t0 = performance.now();
    const report = await writePooledRunReport(variant.loaded, {
      onProgress: (done) => options.onProgress?.(index, variant, done),
      onSimulated: () => options.onSimulated?.(index, variant),
      out: join(staging.path, variant.label),
      trials: variant.trials,
      seed: variant.seed,
      workers: options.workers,
      pool: options.pool,
      signal: options.signal,
      charts: false,
    });
    const rows = compareStrategies(report.table, report.statistics.summaries, 0);
    reference ??= { table: report.table, rows };
    for (const row of rows) {
      const summary = report.statistics.summaries.find((s) => s.strategy === row.strategy && s.bearer === row.bearer)!.summary;
      const paired = pairedWithReference(report.table, row, reference);
      points.push({ ...row, values: variant.values as (number | string)[], seMean: summary.seMean, ...paired, report: variant.label });
    }
    // Every point is paired with the first: its table is kept to the end, the others given back now.
    if (report.table !== reference.table) closeYearLossTable(report.table);
    options.onPointFinished?.(index, variant, performance.now() - t0);
  }
  if (reference) closeYearLossTable(reference.table);
  return points;
}

/** Writes sweep.csv, break_even.csv, the sweep chart, report.html and sweep.json (which marks the folder as a sweep) into the staged folder. */
async function writeSweepFiles(staging: ReportStaging, first: SweepVariant, result: SweepResult, options: SweepOptions): Promise<void> {
  const { points, breakEvens } = result;
  const { fields, bearer } = options;
  const paths = fields.map((field) => field.path);
  const money = (amount: number | undefined) => (amount === undefined ? '' : formatMoney(amount));
  const cell = (value: number | string) => (typeof value === 'number' ? value : String(value));
  staging.write(
    'sweep.csv',
    toCsv(
      [...paths, ...SWEEP_COLUMNS],
      points.map((p) => [
        ...p.values.map(cell),
        p.strategy,
        p.bearer,
        ...[p.meanLoss, p.premiums, p.mitigationCosts, p.totalCostOfRisk, p.tvar99, p.seMean, p.difference, p.sePaired].map(money),
        p.report,
      ]),
    ),
  );
  staging.write(
    'break_even.csv',
    toCsv(
      [...paths.slice(0, -1), ...BREAK_EVEN_COLUMNS],
      breakEvens.map((line) => [
        ...line.fixed.map(cell),
        line.strategy,
        line.bearer,
        paths.at(-1)!,
        ...[line.found?.value, line.found?.low, line.found?.high].map(money),
        line.found?.from ?? '',
        line.found?.to ?? '',
        line.finding,
      ]),
    ),
  );
  const { currency } = first.loaded.scenario;
  const spec = sweepChart(points, paths, bearer, currency);
  for (const [name, content] of await chartFiles('sweep', spec, options.charts)) staging.write(name, content);
  const scenario = { name: first.loaded.scenario.name, file: options.file };
  staging.write('report.html', sweepPage({ version: VERSION, scenario, seed: first.seed, trials: first.trials, currency, fields, bearer, points, breakEvens, chart: spec }));
  // Marks the folder as a sweep, so that running the sweep again may replace it.
  staging.write(
    'sweep.json',
    `${JSON.stringify({ faultline_version: VERSION, scenario, set: fields.map(({ path, values }) => ({ path, values })), bearer, break_even: breakEvens.map(breakEvenRecord) }, null, 2)}\n`,
  );
}

/** Every combination of the fields' values, the first field's slowest: the grid in sweep.csv order. */
export function sweepGrid(lists: readonly unknown[][]): unknown[][] {
  return lists.reduce<unknown[][]>((combinations, values) => combinations.flatMap((combination) => values.map((value) => [...combination, value])), [[]]);
}

/** The paired difference of a point's total cost of risk from the sweep's first point, for the same strategy and bearer (MODEL §10, sweeps). */
function pairedWithReference(table: YearLossTable, row: ComparisonRow, reference: { table: YearLossTable; rows: ComparisonRow[] }): { difference?: number; sePaired?: number } {
  const s = table.strategies.indexOf(row.strategy);
  const b = table.bearers.indexOf(row.bearer);
  const s0 = reference.table.strategies.indexOf(row.strategy);
  const b0 = reference.table.bearers.indexOf(row.bearer);
  // Pairing needs the same trials: a point that changes the trial count, or lacks the strategy or bearer, has no paired difference.
  if (s0 < 0 || b0 < 0 || reference.table.trials !== table.trials) return {};
  const base = reference.rows.find((candidate) => candidate.strategy === row.strategy && candidate.bearer === row.bearer)!;
  const paired = pairedDifference(table.years.annual(s, b), reference.table.years.annual(s0, b0));
  return { difference: paired.mean + (row.premiums - base.premiums) + (row.mitigationCosts - base.mitigationCosts), sePaired: paired.se };
}

/** The break-even of every line of the sweep for one bearer: per strategy and value of the fields before the last. */
function breakEvenLines(points: readonly SweepPoint[], fields: readonly SweepField[], bearer: string): BreakEvenLine[] {
  const lines = new Map<string, SweepPoint[]>();
  for (const point of points.filter((candidate) => candidate.bearer === bearer)) {
    const key = JSON.stringify([point.strategy, point.values.slice(0, -1)]);
    lines.set(key, [...(lines.get(key) ?? []), point]);
  }
  return [...lines.values()].map((line) => {
    const { strategy } = line[0]!;
    const fixed = line[0]!.values.slice(0, -1);
    const numeric = line.every((point) => typeof point.values.at(-1) === 'number');
    const paired = line.every((point) => point.difference !== undefined);
    const found = numeric && paired ? breakEven(line.map((point) => ({ value: point.values.at(-1) as number, difference: point.difference!, se: point.sePaired! }))) : undefined;
    const finding = !numeric
      ? `no break-even: the values of ${fields.at(-1)!.path} are not all numbers`
      : !paired
        ? 'no break-even: some points cannot be paired with the first (other trials, strategies or bearers)'
        : found
          ? 'break-even'
          : 'no break-even within the swept range';
    return { strategy, bearer, fixed, found, finding };
  });
}

/** A break-even line as sweep.json records it. */
function breakEvenRecord(line: BreakEvenLine) {
  return {
    strategy: line.strategy,
    bearer: line.bearer,
    fixed: line.fixed,
    finding: line.finding,
    ...(line.found ? { value: line.found.value, low: line.found.low ?? null, high: line.found.high ?? null, from: line.found.from, to: line.found.to } : {}),
  };
}

/** A report folder name for one point: `retention=250000`, or `enabled=true_annual_cost=50000` in a grid. */
export function pointLabel(fields: readonly SweepField[], values: readonly unknown[]): string {
  return fields.map((field, index) => folderLabel(field.path, values[index])).join('_');
}

/** A report folder name for one value: `retention=250000`. */
function folderLabel(path: string, value: unknown): string {
  const field = path.split('.').at(-1)!;
  return `${field}=${String(value)}`.replace(/[^A-Za-z0-9_.=-]/g, '_');
}
