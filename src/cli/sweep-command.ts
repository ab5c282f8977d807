import { join } from 'node:path';
import { parse as parseYamlScalar } from 'yaml';
import { compileModel } from '../engine/simulation-model.ts';
import { InputError, type InputIssue } from '../errors.ts';
import { checkOutFolder } from '../run/check-out-folder.ts';
import { openChunkRunner } from '../run/open-chunk-runner.ts';
import { pointLabel, runSweep, sweepGrid, type SweepOptions, type SweepResult, type SweepVariant } from '../run/run-sweep.ts';
import { loadScenario, type LoadedScenario } from '../scenario/load-scenario.ts';
import { suggestName } from '../scenario/suggest-name.ts';
import type { BreakEvenLine, SweepField } from '../stats/sweep-break-even.ts';
import { parseClusterFlags, type ClusterFlags } from './cluster-flags.ts';
import { throwIfIssues } from './input-issues.ts';
import { parseSeedFlag, parseWholeNumberFlag, parseWorkersFlag } from './parse-flags.ts';
import { listenForInterruption } from './interruption.ts';
import { cliStderr, cliStdout, warnLine } from './cli-streams.ts';
import { createProgressBar, type ProgressBar } from './progress-bar.ts';

/** The flags of `faultline sweep`, as commander gives them. */
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

/** Most fields a sweep varies at once: a grid of two. */
const MAX_FIELDS = 2;

/**
 * `faultline sweep <scenario> --set path=v1,v2,...`: the scenario once per value (or per point of
 * a grid of two fields), on the same trials, into one sweep folder with the break-evens.
 */
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
  const grid = sweepGrid(fields.map((field) => field.values));
  const variants = loadVariants(file, fields, grid, { trials: trialsFlag, seed: seedFlag }, issues);
  const first = variants[0]?.loaded;
  const out = flags.out ?? (first ? join('reports', `${first.scenario.name}-sweep`) : '');
  if (first) checkOutFolder(out, issues, 'sweep.json');
  checkFolderNames(fields, grid, issues);
  const bearer = chooseBearer(first, flags.bearer, seedFlag, issues);
  throwIfIssues(issues);

  // Connected before anything is written: an unreachable Redis leaves no folder.
  const { runner: pool, close } = await openChunkRunner(cluster, workers, flags.quiet ? () => {} : warnLine);
  const interruption = listenForInterruption();
  // One bar for the whole sweep: every point's trials, one point after another.
  const progress = createProgressBar(
    cliStderr(),
    variants.reduce((sum, variant) => sum + variant.trials, 0),
    { enabled: !flags.quiet, label: 'sweep' },
  );
  try {
    const result = await runSweep(variants, {
      out,
      file,
      fields,
      bearer,
      workers,
      pool,
      signal: interruption.signal,
      charts: flags.charts !== false,
      ...sweepProgress(progress, variants, fields, { out, quiet: flags.quiet === true }),
    });
    if (!flags.quiet) printSweep(result, fields, { bearer, out, currency: first!.scenario.currency });
  } finally {
    progress.finish();
    await close();
    interruption.release();
  }
}

/** What a sweep tells the terminal as it runs: the bar with the point running and its share, and a line per point done. */
function sweepProgress(
  progress: ProgressBar,
  variants: readonly SweepVariant[],
  fields: readonly SweepField[],
  options: { out: string; quiet: boolean },
): Pick<SweepOptions, 'onProgress' | 'onSimulated' | 'onPointFinished'> {
  const before = (index: number) => variants.slice(0, index).reduce((sum, variant) => sum + variant.trials, 0);
  const point = (index: number, variant: SweepVariant) => `point ${index + 1}/${variants.length} (${describePoint(fields, variant.values)})`;
  return {
    onProgress: (index, variant, done) => progress.update(before(index) + done, `${point(index, variant)} ${Math.floor((100 * done) / Math.max(1, variant.trials))}%`),
    onSimulated: (index, variant) => progress.update(before(index) + variant.trials, `${point(index, variant)} writing its report`),
    onPointFinished: (_index, variant, milliseconds) => {
      progress.clear();
      if (!options.quiet) cliStdout().write(`${describePoint(fields, variant.values)}: ${(milliseconds / 1000).toFixed(1)} s → ${join(options.out, variant.label)}/\n`);
    },
  };
}

/** Prints the sweep's findings for the bearer: the point of lowest total cost of risk, each baseline break-even, and where the files are. */
function printSweep(result: SweepResult, fields: readonly SweepField[], options: { bearer: string; out: string; currency: string }): void {
  const { bearer } = options;
  const best = result.points.filter((point) => point.bearer === bearer && point.strategy === 'baseline').sort((a, b) => a.totalCostOfRisk - b.totalCostOfRisk)[0];
  if (best) cliStdout().write(`Lowest total cost of risk for the ${bearer}: ${describePoint(fields, best.values)} (${options.currency} ${whole(best.totalCostOfRisk)} a year)\n`);
  for (const line of result.breakEvens.filter((candidate) => candidate.strategy === 'baseline')) cliStdout().write(`${describeBreakEven(line, fields)}\n`);
  cliStdout().write(`Sweep: ${options.out}/ (report.html, sweep.csv, break_even.csv, sweep.json, charts/sweep.vl.json, one report folder per point)\n`);
}

/** The scenario at each point of the grid, with its report folder's name, trials and seed; a point that breaks the scenario adds its problems to `issues`, each once. */
function loadVariants(
  file: string,
  fields: readonly SweepField[],
  grid: readonly unknown[][],
  flags: { trials: number | undefined; seed: number | string | undefined },
  issues: InputIssue[],
): SweepVariant[] {
  const variants: SweepVariant[] = [];
  const reported = new Set<string>();
  for (const values of grid) {
    try {
      const loaded = loadScenario(file, { set: fields.map((field, index) => ({ path: field.path, value: values[index] })) });
      variants.push({ values, label: pointLabel(fields, values), loaded, trials: flags.trials ?? loaded.scenario.trials, seed: flags.seed ?? loaded.scenario.seed });
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
  return variants;
}

/** Two points whose folder names clash (after replacing unsafe characters, ignoring case) would overwrite each other: an issue. */
function checkFolderNames(fields: readonly SweepField[], grid: readonly unknown[][], issues: InputIssue[]): void {
  const labels = new Map<string, unknown[]>();
  for (const values of grid) {
    const label = pointLabel(fields, values);
    const clash = labels.get(label.toLowerCase());
    if (clash) issues.push({ path: '--set', message: `expected values that name different folders, got ${describePoint(fields, clash)} and ${describePoint(fields, values)} (both ${label})` });
    else labels.set(label.toLowerCase(), values);
  }
}

/** The bearer the sweep reports: `--bearer`, which must be one of the run's, else the platform (or the first bearer). */
function chooseBearer(first: LoadedScenario | undefined, flag: string | undefined, seedFlag: number | string | undefined, issues: InputIssue[]): string {
  const bearers = first ? compileModel(first.scenario, seedFlag ?? first.scenario.seed).bearers : [];
  const bearer = flag ?? (bearers.includes('platform') ? 'platform' : (bearers[0] ?? 'platform'));
  if (first && !bearers.includes(bearer)) {
    const suggestion = suggestName(bearer, bearers);
    issues.push({ path: '--bearer', message: `expected one of the run's bearers (${bearers.join(', ')}), got ${JSON.stringify(bearer)}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}` });
  }
  return bearer;
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
