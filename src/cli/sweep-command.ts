import { join } from 'node:path';
import { parse as parseYamlScalar } from 'yaml';
import { InputError, type InputIssue } from '../errors.ts';
import { sweepChart, type SweepPoint } from '../report/charts/sweep-chart.ts';
import { chartFiles } from '../report/report-files.ts';
import { formatMoney } from '../report/format-number.ts';
import { ReportStaging } from '../report/report-staging.ts';
import { toCsv } from '../report/to-csv.ts';
import { compileModel } from '../engine/simulation-model.ts';
import { loadScenario, type LoadedScenario } from '../scenario/load-scenario.ts';
import { suggestName } from '../scenario/suggest-name.ts';
import { VERSION } from '../version.ts';
import { compareStrategies } from '../stats/compare-strategies.ts';
import { checkOutFolder } from './check-out-folder.ts';
import { openChunkRunner, parseClusterFlags, warnLine, type ClusterFlags } from './chunk-runners.ts';
import { throwIfIssues } from './input-issues.ts';
import { parseSeedFlag, parseWholeNumberFlag, parseWorkersFlag } from './parse-flags.ts';
import { writePooledRunReport } from './run-report.ts';
import { listenForInterruption } from './interruption.ts';
import { cliStderr, cliStdout } from './cli-streams.ts';
import { createProgressBar } from './progress-bar.ts';

export interface SweepFlags extends ClusterFlags {
  set?: string;
  out?: string;
  trials?: string;
  seed?: string;
  workers?: string;
  bearer?: string;
  charts?: boolean;
  quiet?: boolean;
}

/** The columns of sweep.csv. */
export const SWEEP_COLUMNS = [
  'value', 'strategy', 'bearer', 'mean_loss', 'premiums', 'mitigation_costs', 'total_cost_of_risk', 'tvar_99', 'se_mean', 'report',
] as const;

export async function sweepCommand(file: string, flags: SweepFlags): Promise<void> {
  const issues: InputIssue[] = [];
  const trialsFlag = parseWholeNumberFlag('--trials', flags.trials, { min: 1, max: 100_000_000 }, issues);
  const workers = parseWorkersFlag(flags.workers, issues, flags.quiet ? () => {} : warnLine);
  const seedFlag = parseSeedFlag(flags.seed, issues);
  const cluster = parseClusterFlags(flags, issues);
  const setting = parseSetFlag(flags.set ?? '', issues);
  if (flags.out !== undefined && flags.out.trim() === '') issues.push({ path: '--out', message: 'expected a folder path, got ""' });
  throwIfIssues(issues);

  // Every value must make a valid scenario before anything runs.
  const variants: { value: unknown; loaded: LoadedScenario }[] = [];
  for (const value of setting.values) {
    try {
      variants.push({ value, loaded: loadScenario(file, { set: { path: setting.path, value } }) });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      // A problem with the path itself is the same for every value: report it once.
      const valueFree = error.issues.every((issue) => issue.path === '--set');
      if (valueFree) {
        if (!issues.some((issue) => issue.path === '--set' && issue.message === error.issues[0]!.message)) issues.push(...error.issues);
      } else {
        issues.push(...error.issues.map((issue) => ({ ...issue, message: `with --set ${setting.path}=${JSON.stringify(value)}: ${issue.message}` })));
      }
    }
  }
  const first = variants[0]?.loaded;
  const out = flags.out ?? (first ? join('reports', `${first.scenario.name}-sweep`) : '');
  if (first) checkOutFolder(out, issues, 'sweep.json');
  // Two values whose folder names clash (after replacing unsafe characters, ignoring case) would overwrite each other.
  const labels = new Map<string, unknown>();
  for (const value of setting.values) {
    const label = folderLabel(setting.path, value).toLowerCase();
    if (labels.has(label)) issues.push({ path: '--set', message: `expected values that name different folders, got ${JSON.stringify(labels.get(label))} and ${JSON.stringify(value)} (both ${folderLabel(setting.path, value)})` });
    else labels.set(label, value);
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
    const points: (SweepPoint & { report: string })[] = [];
    // One bar for the whole sweep: every value's trials, one value after another.
    const trialsOf = (variant: LoadedScenario) => trialsFlag ?? variant.scenario.trials;
    const progress = createProgressBar(cliStderr(), variants.reduce((sum, variant) => sum + trialsOf(variant.loaded), 0), { enabled: !flags.quiet, label: 'sweep' });
    let before = 0;
    for (const { value, loaded } of variants) {
      const label = folderLabel(setting.path, value);
      const t0 = performance.now();
      const report = await writePooledRunReport(loaded, {
        onProgress: (done) => progress.update(before + done),
        out: join(staging.path, label),
        trials: trialsOf(loaded),
        seed: seedFlag ?? loaded.scenario.seed,
        workers,
        pool,
        signal: interruption.signal,
        charts: false,
      });
      for (const row of compareStrategies(report.table, report.statistics.summaries, 0)) {
        const summary = report.statistics.summaries.find((s) => s.strategy === row.strategy && s.bearer === row.bearer)!.summary;
        points.push({ ...row, value: value as number | string, seMean: summary.seMean, report: label });
      }
      before += trialsOf(loaded);
      progress.clear();
      if (!flags.quiet) cliStdout().write(`${setting.path}=${JSON.stringify(value)}: ${((performance.now() - t0) / 1000).toFixed(1)} s → ${join(out, label)}/\n`);
    }
    progress.finish();
    staging.write('sweep.csv', toCsv(SWEEP_COLUMNS, points.map((p) => [typeof p.value === 'number' ? p.value : String(p.value), p.strategy, p.bearer, ...[p.meanLoss, p.premiums, p.mitigationCosts, p.totalCostOfRisk, p.tvar99, p.seMean].map(formatMoney), p.report])));
    const shown = bearer;
    const spec = sweepChart(points, setting.path, shown, first!.scenario.currency);
    for (const [name, content] of await chartFiles('sweep', spec, flags.charts !== false)) staging.write(name, content);
    // Marks the folder as a sweep, so that running the sweep again may replace it.
    staging.write('sweep.json', `${JSON.stringify({ faultline_version: VERSION, scenario: { name: first!.scenario.name, file }, set: setting.path, values: setting.values, bearer }, null, 2)}\n`);
    staging.commit();
    if (!flags.quiet) {
      const best = points.filter((point) => point.bearer === shown && point.strategy === 'baseline').sort((a, b) => a.totalCostOfRisk - b.totalCostOfRisk)[0];
      if (best) cliStdout().write(`Lowest total cost of risk for the ${shown}: ${setting.path}=${JSON.stringify(best.value)} (${first!.scenario.currency} ${Math.round(best.totalCostOfRisk).toLocaleString('en-US')} a year)\n`);
      cliStdout().write(`Sweep: ${out}/ (sweep.csv, sweep.json, charts/sweep.vl.json, one report folder per value)\n`);
    }
  } catch (error) {
    staging.discard();
    throw error;
  } finally {
    await close();
    interruption.release();
  }
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
