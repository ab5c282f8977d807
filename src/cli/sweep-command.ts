import { join } from 'node:path';
import { parse as parseYamlScalar } from 'yaml';
import { InputError, type InputIssue } from '../errors.ts';
import { sweepChart, type SweepPoint } from '../report/charts/sweep-chart.ts';
import { sweepPage } from '../report/html/sweep-page.ts';
import type { YearLossTable } from '../ledger/year-loss-table.ts';
import { breakEven, type BreakEvenLine, type SweepField } from '../stats/sweep-break-even.ts';
import { chartFiles } from '../report/report-files.ts';
import { formatMoney } from '../ledger/format-number.ts';
import { ReportStaging } from '../report/report-staging.ts';
import { toCsv } from '../report/to-csv.ts';
import { compileModel } from '../engine/simulation-model.ts';
import { loadScenario, type LoadedScenario } from '../scenario/load-scenario.ts';
import { suggestName } from '../scenario/suggest-name.ts';
import { VERSION } from '../version.ts';
import { compareStrategies, pairedDifference, type ComparisonRow } from '../stats/compare-strategies.ts';
import { checkOutFolder } from './check-out-folder.ts';
import { openChunkRunner, parseClusterFlags, warnLine, type ClusterFlags } from './chunk-runners.ts';
import { throwIfIssues } from './input-issues.ts';
import { parseSeedFlag, parseWholeNumberFlag, parseWorkersFlag } from './parse-flags.ts';
import { writePooledRunReport } from './run-report.ts';
import { listenForInterruption } from './interruption.ts';
import { cliStderr, cliStdout } from './cli-streams.ts';
import { createProgressBar } from './progress-bar.ts';

export interface SweepFlags extends ClusterFlags {
  /** One `path=v1,v2,...` per swept field (commander collects a repeated --set); two make a grid. */
  set?: string[] | string;
  out?: string;
  trials?: string;
  seed?: string;
  workers?: string;
  /** Run --workers above the cores anyway (they are capped at the cores otherwise). */
  oversubscribe?: boolean;
  bearer?: string;
  charts?: boolean;
  quiet?: boolean;
}

/** The columns of sweep.csv after one column per swept field (named by its path). */
export const SWEEP_COLUMNS = [
  'strategy', 'bearer', 'mean_loss', 'premiums', 'mitigation_costs', 'total_cost_of_risk', 'tvar_99', 'se_mean', 'difference', 'se_paired', 'report',
] as const;

/** The columns of break_even.csv after one column per swept field but the last (the line's fixed values). */
export const BREAK_EVEN_COLUMNS = ['strategy', 'bearer', 'field', 'break_even', 'low', 'high', 'from', 'to', 'finding'] as const;

/** Most fields a sweep varies at once: a grid of two. */
const MAX_FIELDS = 2;

export async function sweepCommand(file: string, flags: SweepFlags): Promise<void> {
  const issues: InputIssue[] = [];
  const trialsFlag = parseWholeNumberFlag('--trials', flags.trials, { min: 1, max: 100_000_000 }, issues);
  const workers = parseWorkersFlag(flags.workers, issues, flags.quiet ? () => {} : warnLine, undefined, flags.oversubscribe);
  const seedFlag = parseSeedFlag(flags.seed, issues);
  const cluster = parseClusterFlags(flags, issues);
  const fields = parseSetFlags([flags.set ?? []].flat(), issues);
  if (flags.out !== undefined && flags.out.trim() === '') issues.push({ path: '--out', message: 'expected a folder path, got ""' });
  throwIfIssues(issues);

  // Every point of the grid must make a valid scenario before anything runs.
  const grid = gridOf(fields.map((field) => field.values));
  const variants: { values: unknown[]; label: string; loaded: LoadedScenario }[] = [];
  const reported = new Set<string>();
  for (const values of grid) {
    try {
      const loaded = loadScenario(file, { set: fields.map((field, index) => ({ path: field.path, value: values[index] })) });
      variants.push({ values, label: pointLabel(fields, values), loaded });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      for (const issue of error.issues) {
        // A problem with a path is the same for every value, and a bad value the same for every value of the other field: each is reported once.
        const key = JSON.stringify(issue);
        if (reported.has(key)) continue;
        reported.add(key);
        issues.push(issue.path === '--set' ? issue : { ...issue, message: `with --set ${describePoint(fields, values)}: ${issue.message}` });
      }
    }
  }
  const first = variants[0]?.loaded;
  const out = flags.out ?? (first ? join('reports', `${first.scenario.name}-sweep`) : '');
  if (first) checkOutFolder(out, issues, 'sweep.json');
  // Two points whose folder names clash (after replacing unsafe characters, ignoring case) would overwrite each other.
  const labels = new Map<string, unknown[]>();
  for (const values of grid) {
    const label = pointLabel(fields, values);
    const clash = labels.get(label.toLowerCase());
    if (clash) issues.push({ path: '--set', message: `expected values that name different folders, got ${describePoint(fields, clash)} and ${describePoint(fields, values)} (both ${label})` });
    else labels.set(label.toLowerCase(), values);
  }
  const bearers = first ? compileModel(first.scenario, seedFlag ?? first.scenario.seed).bearers : [];
  const bearer = flags.bearer ?? (bearers.includes('platform') ? 'platform' : (bearers[0] ?? 'platform'));
  if (first && !bearers.includes(bearer)) {
    const suggestion = suggestName(bearer, bearers);
    issues.push({ path: '--bearer', message: `expected one of the run's bearers (${bearers.join(', ')}), got ${JSON.stringify(bearer)}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}` });
  }
  throwIfIssues(issues);

  // Connected before anything is written: an unreachable Redis leaves no folder.
  const { runner: pool, close } = await openChunkRunner(cluster, workers, flags.quiet ? () => {} : warnLine);
  // The whole sweep is staged and renamed into place at the end, like a single report.
  const interruption = listenForInterruption();
  let staging: ReportStaging;
  try {
    staging = ReportStaging.open(out, { signal: interruption.signal });
  } catch (error) {
    interruption.release();
    await close();
    throw error;
  }
  try {
    const points: SweepPoint[] = [];
    // One bar for the whole sweep: every point's trials, one point after another.
    const trialsOf = (variant: LoadedScenario) => trialsFlag ?? variant.scenario.trials;
    const progress = createProgressBar(cliStderr(), variants.reduce((sum, variant) => sum + trialsOf(variant.loaded), 0), { enabled: !flags.quiet, label: 'sweep' });
    let before = 0;
    // The sweep's first point, which every point is paired with trial by trial (common random numbers).
    let reference: { table: YearLossTable; rows: ComparisonRow[] } | undefined;
    for (const [index, { values, label, loaded }] of variants.entries()) {
      const t0 = performance.now();
      const point = `point ${index + 1}/${variants.length} (${describePoint(fields, values)})`;
      const report = await writePooledRunReport(loaded, {
        onProgress: (done) => progress.update(before + done, `${point} ${Math.floor((100 * done) / Math.max(1, trialsOf(loaded)))}%`),
        onSimulated: () => progress.update(before + trialsOf(loaded), `${point} writing its report`),
        out: join(staging.path, label),
        trials: trialsOf(loaded),
        seed: seedFlag ?? loaded.scenario.seed,
        workers,
        pool,
        signal: interruption.signal,
        charts: false,
      });
      const rows = compareStrategies(report.table, report.statistics.summaries, 0);
      reference ??= { table: report.table, rows };
      for (const row of rows) {
        const summary = report.statistics.summaries.find((s) => s.strategy === row.strategy && s.bearer === row.bearer)!.summary;
        const paired = pairedWithReference(report.table, row, reference);
        points.push({ ...row, values: values as (number | string)[], seMean: summary.seMean, ...paired, report: label });
      }
      before += trialsOf(loaded);
      progress.clear();
      if (!flags.quiet) cliStdout().write(`${describePoint(fields, values)}: ${((performance.now() - t0) / 1000).toFixed(1)} s → ${join(out, label)}/\n`);
    }
    progress.finish();
    const paths = fields.map((field) => field.path);
    const breakEvens = breakEvenLines(points, fields, bearer);
    const money = (amount: number | undefined) => (amount === undefined ? '' : formatMoney(amount));
    const cell = (value: number | string) => (typeof value === 'number' ? value : String(value));
    staging.write(
      'sweep.csv',
      toCsv([...paths, ...SWEEP_COLUMNS], points.map((p) => [...p.values.map(cell), p.strategy, p.bearer, ...[p.meanLoss, p.premiums, p.mitigationCosts, p.totalCostOfRisk, p.tvar99, p.seMean, p.difference, p.sePaired].map(money), p.report])),
    );
    staging.write(
      'break_even.csv',
      toCsv(
        [...paths.slice(0, -1), ...BREAK_EVEN_COLUMNS],
        breakEvens.map((line) => [...line.fixed.map(cell), line.strategy, line.bearer, paths.at(-1)!, ...[line.found?.value, line.found?.low, line.found?.high].map(money), line.found?.from ?? '', line.found?.to ?? '', line.finding]),
      ),
    );
    const spec = sweepChart(points, paths, bearer, first!.scenario.currency);
    for (const [name, content] of await chartFiles('sweep', spec, flags.charts !== false)) staging.write(name, content);
    const scenario = { name: first!.scenario.name, file };
    staging.write(
      'report.html',
      sweepPage({ version: VERSION, scenario, seed: seedFlag ?? first!.scenario.seed, trials: trialsOf(first!), currency: first!.scenario.currency, fields, bearer, points, breakEvens, chart: spec }),
    );
    // Marks the folder as a sweep, so that running the sweep again may replace it.
    staging.write(
      'sweep.json',
      `${JSON.stringify({ faultline_version: VERSION, scenario, set: fields.map(({ path, values }) => ({ path, values })), bearer, break_even: breakEvens.map(breakEvenRecord) }, null, 2)}\n`,
    );
    staging.commit();
    if (!flags.quiet) {
      const best = points.filter((point) => point.bearer === bearer && point.strategy === 'baseline').sort((a, b) => a.totalCostOfRisk - b.totalCostOfRisk)[0];
      const currency = first!.scenario.currency;
      if (best) cliStdout().write(`Lowest total cost of risk for the ${bearer}: ${describePoint(fields, best.values)} (${currency} ${whole(best.totalCostOfRisk)} a year)\n`);
      for (const line of breakEvens.filter((candidate) => candidate.strategy === 'baseline')) cliStdout().write(`${describeBreakEven(line, fields)}\n`);
      cliStdout().write(`Sweep: ${out}/ (report.html, sweep.csv, break_even.csv, sweep.json, charts/sweep.vl.json, one report folder per point)\n`);
    }
  } catch (error) {
    staging.discard();
    throw error;
  } finally {
    await close();
    interruption.release();
  }
}

/** Every --set, parsed: one or two fields, each path once. */
export function parseSetFlags(texts: readonly string[], issues: InputIssue[]): SweepField[] {
  if (texts.length === 0) issues.push({ path: '--set', message: 'expected --set path=v1,v2,..., got none' });
  if (texts.length > MAX_FIELDS) issues.push({ path: '--set', message: `expected at most ${MAX_FIELDS} --set fields (a grid of two), got ${texts.length}` });
  const fields = texts.map((text) => parseSetFlag(text, issues));
  const paths = fields.map((field) => field.path).filter((path) => path !== '');
  const repeated = paths.find((path, index) => paths.indexOf(path) !== index);
  if (repeated !== undefined) issues.push({ path: '--set', message: `expected each field in one --set, got ${repeated} twice` });
  return fields;
}

/** Every combination of the fields' values, the first field's slowest: the grid in sweep.csv order. */
function gridOf(lists: readonly unknown[][]): unknown[][] {
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
  const paired = pairedDifference(table.annual[s]![b]!, reference.table.annual[s0]![b0]!);
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

function breakEvenRecord(line: BreakEvenLine) {
  return { strategy: line.strategy, bearer: line.bearer, fixed: line.fixed, finding: line.finding, ...(line.found ? { value: line.found.value, low: line.found.low ?? null, high: line.found.high ?? null, from: line.found.from, to: line.found.to } : {}) };
}

/** One line at the terminal: where the line's total cost of risk crosses the sweep's first point's. */
export function describeBreakEven(line: BreakEvenLine, fields: readonly SweepField[]): string {
  const field = fields.at(-1)!.path;
  const where = line.fixed.length > 0 ? ` at ${describePoint(fields.slice(0, -1), line.fixed)}` : '';
  const head = `Break-even of ${field} for the ${line.bearer} (${line.strategy}${where})`;
  if (!line.found) return `${head}: ${line.finding}`;
  const { value, low, high, from, to } = line.found;
  const interval = low !== undefined && high !== undefined ? `, 95% interval ${whole(low)} to ${whole(high)}` : ', interval unbounded';
  return `${head}: ${whole(value)}${interval} (between ${from} and ${to}), where its total cost of risk crosses the first point's`;
}

function whole(amount: number): string {
  return Math.round(amount).toLocaleString('en-US');
}

/** `a=1 b=2`: a point of the grid as the --set values that make it. */
function describePoint(fields: readonly { path: string }[], values: readonly unknown[]): string {
  return fields.map((field, index) => `${field.path}=${JSON.stringify(values[index])}`).join(' ');
}

/** A report folder name for one point: `retention=250000`, or `enabled=true_annual_cost=50000` in a grid. */
function pointLabel(fields: readonly SweepField[], values: readonly unknown[]): string {
  return fields.map((field, index) => folderLabel(field.path, values[index])).join('_');
}

/** Parses `path=v1,v2,...`: values as YAML scalars (numbers, booleans, text), at least one, no repeats. */
export function parseSetFlag(text: string, issues: InputIssue[]): { path: string; values: unknown[] } {
  const at = text.indexOf('=');
  if (at <= 0 || at === text.length - 1) {
    issues.push({ path: '--set', message: `expected path=v1,v2,... such as insurance.policies.platform-tech-eo.retention=100000,250000, got ${JSON.stringify(text)}` });
    return { path: '', values: [] };
  }
  const path = text.slice(0, at).trim();
  const unreadable: string[] = [];
  const values = text
    .slice(at + 1)
    .split(',')
    .map((part) => part.trim())
    .map((part) => {
      if (part === '') return undefined;
      try {
        return parseYamlScalar(part) as unknown;
      } catch {
        unreadable.push(part);
        return part;
      }
    });
  for (const part of unreadable) {
    issues.push({ path: '--set', message: `expected each value to be a number, true/false or text (YAML), got ${JSON.stringify(part)}, which does not parse (quote it to mean text)` });
  }
  if (values.some((value) => value === undefined || value === null)) {
    issues.push({ path: '--set', message: `expected values separated by commas, got an empty value in ${JSON.stringify(text.slice(at + 1))}` });
  }
  const repeated = values.find((value, index) => values.findIndex((other) => JSON.stringify(other) === JSON.stringify(value)) !== index);
  if (repeated !== undefined) issues.push({ path: '--set', message: `expected each value once, got ${JSON.stringify(repeated)} twice` });
  return { path, values };
}

/** A report folder name for one value: `retention=250000`. */
function folderLabel(path: string, value: unknown): string {
  const field = path.split('.').at(-1)!;
  return `${field}=${String(value)}`.replace(/[^A-Za-z0-9_.=-]/g, '_');
}
