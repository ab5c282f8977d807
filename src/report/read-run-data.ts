import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { InputError, type InputIssue } from '../errors.ts';
import { VERSION } from '../version.ts';
import { ALLOCATION_COLUMNS } from './allocation-csv.ts';
import { COMPARISON_COLUMNS } from './comparison-csv.ts';
import { DISTRIBUTION_COLUMNS } from './distribution-csv.ts';
import { CONVERGENCE_COLUMNS } from './convergence-csv.ts';
import { EP_COLUMNS, EP_COLUMNS_WITHOUT_PERIL } from './ep-csv.ts';
import { INSURANCE_COLUMNS } from './insurance-csv.ts';
import type { RunManifest } from './run-manifest.ts';
import type { RunData } from './run-data.ts';
import { SUMMARY_COLUMNS, SUMMARY_INTERVAL_COLUMNS } from './summary-csv.ts';
import { TOLERANCE_COLUMNS } from './tolerance-csv.ts';
import type { StrategyVerdict } from '../stats/strategy-verdict.ts';
import type { YearExplanation } from './year-explanation.ts';

/** The files every run folder has; comparison.csv, explain.json, explain-strategies.json and convergence.csv (new in 0.x: older folders lack it) are optional. */
export const RUN_FILES = ['run.json', 'summary.csv', 'ep.csv', 'allocation.csv', 'insurance.csv', 'distribution.csv'] as const;

/**
 * Reads a finished run folder back: run.json, the CSVs, explain.json and explain-strategies.json, as typed records.
 *
 * @throws InputError when the folder is not a run (naming what is missing), comes from a newer
 * Faultline, or holds a file that is not as a run writes it (file, line and what is wrong).
 */
export function readRunData(folder: string): RunData {
  const missing = RUN_FILES.filter((name) => !existsSync(join(folder, name)));
  if (missing.length > 0) {
    const what = missing.length === RUN_FILES.length ? 'none of them' : `no ${missing.join(', ')}`;
    throw new InputError([{ file: folder, message: `expected a Faultline run folder (${RUN_FILES.join(', ')}), got ${what}` }]);
  }
  const issues: InputIssue[] = [];
  const manifest = readManifest(join(folder, 'run.json'), issues);
  // `older`: the headers earlier versions wrote, whose rows lack the newer columns (read as missing).
  const table = <Row>(name: string, columns: readonly string[], row: (cells: Record<string, string>, number: Cells) => Row, older: readonly string[][] = []): Row[] =>
    readCsv(join(folder, name), columns, issues, older).map(({ cells, line }) => row(cells, new Cells(join(folder, name), line, cells, issues)));
  const data: RunData = {
    manifest: manifest!,
    summary: table('summary.csv', SUMMARY_COLUMNS, (cells, n) => ({
      strategy: cells.strategy!,
      bearer: cells.bearer!,
      trials: n.number('trials'),
      mean: n.number('mean'),
      sd: n.number('sd'),
      se_mean: n.number('se_mean'),
      prob_loss: n.number('prob_loss'),
      p50: n.number('p50'),
      p90: n.number('p90'),
      p95: n.number('p95'),
      p99: n.number('p99'),
      p99_5: n.number('p99_5'),
      p99_9: n.number('p99_9'),
      tvar_95: n.number('tvar_95'),
      tvar_99: n.number('tvar_99'),
      max: n.number('max'),
      intervals: Object.fromEntries(SUMMARY_INTERVAL_COLUMNS.flatMap((column) => (!cells[column] ? [] : [[column, n.number(column)]]))),
    }), [SUMMARY_COLUMNS.filter((column) => !(SUMMARY_INTERVAL_COLUMNS as readonly string[]).includes(column))]),
    exceedance: table(
      'ep.csv',
      EP_COLUMNS,
      (cells, n) => ({
        strategy: cells.strategy!,
        bearer: cells.bearer!,
        peril: cells.peril ?? 'all',
        basis: n.oneOf('basis', ['AEP', 'OEP'] as const),
        return_period: n.number('return_period'),
        loss: n.number('loss'),
        ...(!cells.loss_lo ? {} : { loss_lo: n.number('loss_lo') }),
        ...(!cells.loss_hi ? {} : { loss_hi: n.number('loss_hi') }),
      }),
      [[...EP_COLUMNS_WITHOUT_PERIL]],
    ),
    allocation: table('allocation.csv', ALLOCATION_COLUMNS, (cells, n) => ({
      strategy: cells.strategy!,
      incident_type: cells.incident_type!,
      component: cells.component!,
      bearer: cells.bearer!,
      mean_annual: n.number('mean_annual'),
    })),
    insurance: table('insurance.csv', INSURANCE_COLUMNS, (cells, n) => ({
      strategy: cells.strategy!,
      policy: cells.policy!,
      kind: n.oneOf('kind', ['policy', 'layer'] as const),
      insured: cells.insured!,
      over: cells.over!,
      attachment: n.number('attachment'),
      limit: n.number('limit'),
      share: n.number('share'),
      aggregate_limit: cells.aggregate_limit === 'inf' ? Infinity : n.number('aggregate_limit'),
      premium: n.number('premium'),
      expected_loss: n.number('expected_loss'),
      sd: n.number('sd'),
      se_mean: n.number('se_mean'),
      loss_ratio: cells.loss_ratio === '' ? undefined : n.number('loss_ratio'),
      prob_attach: n.number('prob_attach'),
      prob_exhaust: n.number('prob_exhaust'),
      occurrences_per_year: n.number('occurrences_per_year'),
      mean_limit_utilisation: n.number('mean_limit_utilisation'),
      p99: n.number('p99'),
      tvar_99: n.number('tvar_99'),
    })),
    distribution: table('distribution.csv', DISTRIBUTION_COLUMNS, (cells, n) => ({
      strategy: cells.strategy!,
      bearer: cells.bearer!,
      low: n.number('low'),
      high: n.number('high'),
      years: n.number('years'),
    })),
  };
  if (existsSync(join(folder, 'convergence.csv'))) {
    data.convergence = table('convergence.csv', CONVERGENCE_COLUMNS, (cells, n) => ({
      strategy: cells.strategy!,
      bearer: cells.bearer!,
      trials: n.number('trials'),
      mean: n.number('mean'),
      se: n.number('se'),
      lower: n.number('lower'),
      upper: n.number('upper'),
    }));
  }
  if (existsSync(join(folder, 'comparison.csv'))) {
    data.comparison = table('comparison.csv', COMPARISON_COLUMNS, (cells, n) => ({
      strategy: cells.strategy!,
      bearer: cells.bearer!,
      mean_loss: n.number('mean_loss'),
      premiums: n.number('premiums'),
      mitigation_costs: n.number('mitigation_costs'),
      total_cost_of_risk: n.number('total_cost_of_risk'),
      tvar_99: n.number('tvar_99'),
      baseline: cells.baseline!,
      difference: n.number('difference'),
      se_difference: n.number('se_difference'),
      se_difference_unpaired: n.number('se_difference_unpaired'),
      within_noise: n.oneOf('within_noise', ['true', 'false'] as const) === 'true',
      tvar_99_difference: n.number('tvar_99_difference'),
      se_tvar_99_difference: n.number('se_tvar_99_difference'),
      capital_cost: n.number('capital_cost'),
      total_with_capital: n.number('total_with_capital'),
      difference_with_capital: n.number('difference_with_capital'),
      se_difference_with_capital: n.number('se_difference_with_capital'),
      within_tolerance: cells.within_tolerance === '' ? undefined : n.oneOf('within_tolerance', ['true', 'false'] as const) === 'true',
      worst_breach_loss: cells.worst_breach_loss === '' ? undefined : n.number('worst_breach_loss'),
      worst_breach_probability: cells.worst_breach_probability === '' ? undefined : n.number('worst_breach_probability'),
      worst_breach_acceptable: cells.worst_breach_acceptable === '' ? undefined : n.number('worst_breach_acceptable'),
    }));
  }
  if (existsSync(join(folder, 'tolerance.csv'))) {
    data.tolerance = table('tolerance.csv', TOLERANCE_COLUMNS, (cells, n) => ({
      strategy: cells.strategy!,
      bearer: cells.bearer!,
      loss: n.number('loss'),
      acceptable_probability: n.number('acceptable_probability'),
      years_exceeding: n.number('years_exceeding'),
      simulated_probability: n.number('simulated_probability'),
      within_tolerance: n.oneOf('within_tolerance', ['true', 'false'] as const) === 'true',
      within_noise: n.oneOf('within_noise', ['true', 'false'] as const) === 'true',
    }));
  }
  const verdictFile = join(folder, 'verdict.json');
  if (existsSync(verdictFile)) {
    const verdict = readJson(verdictFile, issues) as Partial<StrategyVerdict> | undefined;
    const wellFormed =
      verdict !== undefined &&
      typeof verdict.bearer === 'string' &&
      typeof verdict.baseline === 'string' &&
      typeof verdict.tolerance === 'boolean' &&
      Array.isArray(verdict.strategies) &&
      verdict.strategies.every((row) => typeof row?.strategy === 'string' && typeof row.total_cost_of_risk === 'number' && typeof row.tvar_99 === 'number');
    if (verdict && !wellFormed) issues.push({ file: verdictFile, message: 'expected the verdict of a run with strategies, as faultline run writes it' });
    else if (verdict) data.verdict = verdict as StrategyVerdict;
  }
  const explanation = readExplanation(join(folder, 'explain.json'), issues);
  if (explanation) data.explanation = explanation;
  const strategiesFile = join(folder, 'explain-strategies.json');
  if (existsSync(strategiesFile)) {
    const read = readJson(strategiesFile, issues) as { explanations?: unknown } | undefined;
    const explanations = read && Array.isArray(read.explanations) ? read.explanations : undefined;
    if (read && (!explanations || !explanations.every(isExplanation))) {
      issues.push({ file: strategiesFile, message: 'expected { trial, explanations: [...] } with one explanation per strategy, as faultline run writes it' });
    } else if (explanations) {
      data.strategyExplanations = explanations as YearExplanation[];
    }
  }
  if (issues.length > 0) throw new InputError(issues);
  return data;
}

/** explain.json, when the folder has it: an explanation with incidents and totals, or an issue. */
function readExplanation(file: string, issues: InputIssue[]): YearExplanation | undefined {
  if (!existsSync(file)) return undefined;
  const explanation = readJson(file, issues);
  if (explanation === undefined) return undefined;
  if (isExplanation(explanation)) return explanation;
  issues.push({ file, message: 'expected an explanation with incidents and totals, as faultline explain --format json writes it' });
  return undefined;
}

/** Whether a value has the shape of a year's explanation, as far as the report reads it. */
function isExplanation(value: unknown): value is YearExplanation {
  const explanation = value as YearExplanation | undefined;
  return (
    typeof explanation === 'object' &&
    explanation !== null &&
    typeof explanation.strategy === 'string' &&
    Array.isArray(explanation.incidents) &&
    Array.isArray(explanation.totals) &&
    explanation.incidents.every((incident) => typeof incident?.time === 'string' && typeof incident.name === 'string' && typeof incident.type === 'string' && Array.isArray(incident.net) && Array.isArray(incident.components)) &&
    explanation.totals.every((total) => typeof total?.bearer === 'string' && typeof total.net === 'number')
  );
}

function readManifest(file: string, issues: InputIssue[]): RunManifest | undefined {
  const manifest = readJson(file, issues) as Partial<RunManifest> | undefined;
  if (!manifest) return undefined;
  const text = (value: unknown) => typeof value === 'string';
  const texts = (value: unknown) => Array.isArray(value) && value.every(text);
  const scenario = manifest.scenario as Partial<RunManifest['scenario']> | undefined;
  const checks: [string, boolean][] = [
    ['faultline_version', text(manifest.faultline_version)],
    ['scenario', !!scenario && text(scenario.name) && text(scenario.file) && text(scenario.hash) && texts(scenario.files)],
    ['seed', text(manifest.seed) || typeof manifest.seed === 'number'],
    ['trials', typeof manifest.trials === 'number'],
    ['strategies', texts(manifest.strategies) && manifest.strategies!.length > 0],
    ['bearers', texts(manifest.bearers)],
    ['currency', text(manifest.currency)],
    ['started_at', text(manifest.started_at)],
    ['timings_ms', typeof manifest.timings_ms?.total === 'number'],
  ];
  const broken = checks.filter(([, ok]) => !ok).map(([field]) => field);
  if (broken.length > 0) {
    issues.push({ file, path: broken.join(', '), message: 'expected run.json as faultline run writes it, got these fields missing or of the wrong kind' });
    return undefined;
  }
  if (compareVersions(manifest.faultline_version!, VERSION) > 0) {
    issues.push({ file, path: 'faultline_version', message: `expected a run from Faultline ${VERSION} or older, got one from ${manifest.faultline_version}: rebuild it with that version, or upgrade` });
  }
  return manifest as RunManifest;
}

function readJson(file: string, issues: InputIssue[]): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    issues.push({ file, message: `expected JSON, got ${error instanceof SyntaxError ? error.message : 'an unreadable file'}` });
    return undefined;
  }
}

/**
  // `older`: the headers earlier versions wrote, whose rows lack the newer columns (read as missing).
 * The data rows of a CSV as a run writes it: the header must be exactly `columns`, or one of the
 * `older` headers earlier versions wrote (whose rows then lack the newer columns).
 */
function readCsv(file: string, expected: readonly string[], issues: InputIssue[], older: readonly (readonly string[])[] = []): { cells: Record<string, string>; line: number }[] {
  let records: string[][];
  try {
    records = parse(readFileSync(file, 'utf8'), { relax_column_count: false }) as string[][];
  } catch (error) {
    issues.push({ file, message: `expected CSV, got ${error instanceof Error ? error.message : String(error)}` });
    return [];
  }
  const [header, ...rows] = records;
  const columns = header && [expected, ...older].find((candidate) => header.join(',') === candidate.join(','));
  if (!columns) {
    issues.push({ file, line: 1, column: 1, message: `expected the header ${expected.join(',')}, got ${header ? header.join(',') : 'an empty file'}` });
    return [];
  }
  return rows.map((row, index) => ({ cells: Object.fromEntries(columns.map((column, c) => [column, row[c] ?? ''])), line: index + 2 }));
}

/** Typed access to one CSV row's cells, recording a located issue for a cell that does not parse. */
class Cells {
  constructor(
    private readonly file: string,
    private readonly line: number,
    private readonly cells: Record<string, string>,
    private readonly issues: InputIssue[],
  ) {}

  number(column: string): number {
    const text = this.cells[column] ?? '';
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) this.fail(column, `expected a number, got ${JSON.stringify(text)}`);
    return value;
  }

  oneOf<Option extends string>(column: string, options: readonly Option[]): Option {
    const text = this.cells[column] ?? '';
    if (!options.includes(text as Option)) this.fail(column, `expected one of ${options.join(', ')}, got ${JSON.stringify(text)}`);
    return text as Option;
  }

  private fail(column: string, message: string): void {
    this.issues.push({ file: this.file, line: this.line, path: column, message });
  }
}

/** Compares dotted version numbers: negative, 0 or positive. */
export function compareVersions(a: string, b: string): number {
  const parts = (version: string) => version.split(/[.-]/).map((part) => Number.parseInt(part, 10) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const difference = (x[i] ?? 0) - (y[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
