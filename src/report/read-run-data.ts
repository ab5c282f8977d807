import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { InputError, type InputIssue } from '../errors.ts';
import { VERSION } from '../version.ts';
import { ALLOCATION_TABLE } from './allocation-csv.ts';
import { COMPARISON_TABLE } from './comparison-csv.ts';
import { CONVERGENCE_TABLE } from './convergence-csv.ts';
import { CsvCells, type CsvTable } from './csv-table.ts';
import { DISTRIBUTION_TABLE } from './distribution-csv.ts';
import { EP_TABLE } from './ep-csv.ts';
import { INSURANCE_TABLE } from './insurance-csv.ts';
import type { RunManifest } from './run-manifest.ts';
import type { RunData } from './run-data.ts';
import { SUMMARY_TABLE } from './summary-csv.ts';
import { TOLERANCE_TABLE } from './tolerance-csv.ts';
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
  const table = <Row>(name: string, description: CsvTable<never, Row>): Row[] => readTable(join(folder, name), description, issues);
  const data: RunData = {
    manifest: manifest!,
    summary: table('summary.csv', SUMMARY_TABLE),
    exceedance: table('ep.csv', EP_TABLE),
    allocation: table('allocation.csv', ALLOCATION_TABLE),
    insurance: table('insurance.csv', INSURANCE_TABLE),
    distribution: table('distribution.csv', DISTRIBUTION_TABLE),
  };
  if (existsSync(join(folder, 'convergence.csv'))) data.convergence = table('convergence.csv', CONVERGENCE_TABLE);
  if (existsSync(join(folder, 'comparison.csv'))) data.comparison = table('comparison.csv', COMPARISON_TABLE);
  if (existsSync(join(folder, 'tolerance.csv'))) data.tolerance = table('tolerance.csv', TOLERANCE_TABLE);
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
    explanation.incidents.every(
      (incident) => typeof incident?.time === 'string' && typeof incident.name === 'string' && typeof incident.type === 'string' && Array.isArray(incident.net) && Array.isArray(incident.components),
    ) &&
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
    issues.push({
      file,
      path: 'faultline_version',
      message: `expected a run from Faultline ${VERSION} or older, got one from ${manifest.faultline_version}: rebuild it with that version, or upgrade`,
    });
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
 * The rows of a CSV as a run writes it, read back as `table` describes them: the header must be
 * exactly the table's columns, or the header of files written before its added columns (whose
 * rows then take those columns' absent values).
 */
function readTable<Row>(file: string, table: CsvTable<never, Row>, issues: InputIssue[]): Row[] {
  let records: string[][];
  try {
    records = parse(readFileSync(file, 'utf8'), { relax_column_count: false }) as string[][];
  } catch (error) {
    issues.push({ file, message: `expected CSV, got ${error instanceof Error ? error.message : String(error)}` });
    return [];
  }
  const [header, ...rows] = records;
  const columns = header && [table.columns, table.olderColumns].find((candidate) => candidate.length > 0 && header.join(',') === candidate.join(','));
  if (!columns) {
    issues.push({ file, line: 1, column: 1, message: `expected the header ${table.columns.join(',')}, got ${header ? header.join(',') : 'an empty file'}` });
    return [];
  }
  return rows.map((row, index) => table.read(new CsvCells(file, index + 2, Object.fromEntries(columns.map((column, c) => [column, row[c] ?? ''])), issues)));
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
