import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCharts } from '../../src/report/charts/run-charts.ts';
import { specText } from '../../src/report/charts/vega-lite-spec.ts';
import { makeTempFolder, PROJECT_ROOT, runCli, snapshotFolder, type CliResult } from '../helpers/run-cli.ts';
import { loadRunData } from '../report/charts/run-data-fixture.ts';
import { hashFolder, type GoldenManifest } from './golden-manifest.ts';

/**
 * Golden runs, as Oasis ktools' ktest does them: every bundled scenario run at a small fixed trial
 * count at the seed of its file, and every file of each report folder compared by SHA-256 with
 * `test/golden/manifest.json`. Next to the manifest lie golden copies that read better in a diff
 * than a hash: the default scenario's CSVs, the chart specs of a fixed run fixture and the
 * explanation of one year. `npm run golden:update` rewrites all of them; the tests only compare.
 */

/** Where the goldens are committed. */
export const GOLDEN_FOLDER = join(PROJECT_ROOT, 'test/golden');

/** The manifest: per scenario file, the SHA-256 of every file of its golden run. */
export const MANIFEST_FILE = join(GOLDEN_FOLDER, 'manifest.json');

/** Trials of every golden run: enough for every return period up to 1,000 years, few enough to run in a second or two. */
export const GOLDEN_TRIALS = 2000;

/** One worker thread a run (two runs go at once): the outputs are the same for any worker count, and each thread costs its start-up. */
export const GOLDEN_WORKERS = 1;

/** Golden runs that go at the same time: one per core of a small CI machine. */
const CONCURRENT_RUNS = 2;

/** What a golden run adds to `run <scenario> -n 2000 -w 1`, and which of its files are committed as readable copies. */
const RUN_OPTIONS: Record<string, { flags?: string[]; copyFolder?: string }> = {
  // The default scenario: elt.csv too (its first 400 rows), and every CSV kept readable in test/golden/marketplace/.
  'scenarios/marketplace.yaml': { flags: ['--elt', '400'], copyFolder: 'marketplace' },
};

/** One golden run: a bundled scenario, as given on the command line from the project root. */
export interface GoldenRun {
  /** The scenario file relative to the project root, e.g. `scenarios/marketplace.yaml`: the manifest's key. */
  scenario: string;
  /** The arguments of `faultline` but `--out`. */
  args: string[];
  /** The folder under test/golden/ that keeps a readable copy of the run's CSVs, if any. */
  copyFolder?: string;
}

/** A golden run that has run: its report folder and what the CLI said. */
export interface FinishedGoldenRun extends GoldenRun {
  folder: string;
  result: CliResult;
}

/** A folder of golden copies under test/golden/ and the files it should hold, by name. */
export interface GoldenCopies {
  folder: string;
  files: Map<string, Buffer>;
}

/** The bundled scenarios, `scenarios/*.yaml` and the documented cases `scenarios/cases/*.yaml`, relative to the project root and sorted. */
export function listBundledScenarios(): string[] {
  return ['scenarios', 'scenarios/cases'].flatMap((folder) =>
    readdirSync(join(PROJECT_ROOT, folder))
      .filter((entry) => entry.endsWith('.yaml'))
      .sort()
      .map((entry) => `${folder}/${entry}`),
  );
}

/** The golden run of every bundled scenario. */
export function goldenRuns(): GoldenRun[] {
  return listBundledScenarios().map((scenario) => {
    const options = RUN_OPTIONS[scenario] ?? {};
    const args = ['run', scenario, '--trials', String(GOLDEN_TRIALS), '--workers', String(GOLDEN_WORKERS), ...(options.flags ?? []), '--quiet'];
    return { scenario, args, ...(options.copyFolder === undefined ? {} : { copyFolder: options.copyFolder }) };
  });
}

/**
 * Runs the golden runs, two at a time, from the project root (so run.json names each scenario by
 * the relative path given) into fresh folders under the system's temporary folder.
 */
export async function runGoldenRuns(runs: readonly GoldenRun[] = goldenRuns()): Promise<FinishedGoldenRun[]> {
  const root = makeTempFolder('faultline-golden');
  const finished: FinishedGoldenRun[] = [];
  const queue = [...runs];
  const runNext = async (): Promise<void> => {
    for (let run = queue.shift(); run !== undefined; run = queue.shift()) {
      const folder = join(root, run.scenario.replace(/^scenarios\//, '').replace(/\.yaml$/, ''));
      const result = await runCli([...run.args, '--out', folder], { cwd: PROJECT_ROOT });
      finished.push({ ...run, folder, result });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_RUNS }, runNext));
  return runs.map((run) => finished.find((done) => done.scenario === run.scenario)!);
}

/** The manifest the finished runs give: every file of each report folder, hashed. */
export function manifestOf(runs: readonly FinishedGoldenRun[]): GoldenManifest {
  return Object.fromEntries(runs.map((run) => [run.scenario, hashFolder(run.folder)]));
}

/** The CSV files of a finished run that has a copy folder, as test/golden/<copyFolder>/ should hold them. */
export function runCopies(run: FinishedGoldenRun & { copyFolder: string }): GoldenCopies {
  const csvs = [...snapshotFolder(run.folder)].filter(([file]) => /^[^/\\]+\.csv$/.test(file));
  return { folder: run.copyFolder, files: new Map(csvs) };
}

/** The chart specs drawn from the run fixture (test/fixtures/run-data), as test/golden/charts/ holds them: they move only when a chart does. */
export function chartSpecCopies(): GoldenCopies {
  const charts = runCharts(loadRunData());
  return { folder: 'charts', files: new Map(charts.map(({ name, spec }) => [`${name}.vl.json`, Buffer.from(specText(spec))])) };
}

/**
 * The golden year of `faultline explain`: trial 9 of the default scenario at its seed has seven
 * incident types, a trigger chain, seller claims settled in disputes with legal costs, service
 * credits both ways and the buyer guarantee. It is kept as text and as JSON in test/golden/explain/.
 */
export const EXPLAIN_GOLDEN = { scenario: 'scenarios/marketplace.yaml', trial: 9, trials: 2000, folder: 'explain', name: 'marketplace-trial-9' } as const;

/** The arguments of `faultline` that print the golden year in a format. */
export function explainGoldenArgs(format: 'txt' | 'json'): string[] {
  const args = ['explain', EXPLAIN_GOLDEN.scenario, '--trial', String(EXPLAIN_GOLDEN.trial), '--trials', String(EXPLAIN_GOLDEN.trials)];
  return format === 'json' ? [...args, '--format', 'json'] : args;
}

/** The committed file of the golden year in a format. */
export function explainGoldenFile(format: 'txt' | 'json'): string {
  return join(GOLDEN_FOLDER, EXPLAIN_GOLDEN.folder, `${EXPLAIN_GOLDEN.name}.${format}`);
}

/** Prints the golden year in both formats, as test/golden/explain/ should hold it; a failed command is an error. */
export async function explainCopies(): Promise<GoldenCopies> {
  const files = new Map<string, Buffer>();
  for (const format of ['txt', 'json'] as const) {
    const result = await runCli(explainGoldenArgs(format), { cwd: PROJECT_ROOT });
    if (result.status !== 0) throw new Error(`faultline ${explainGoldenArgs(format).join(' ')} exited ${result.status}:\n${result.stderr}`);
    files.set(`${EXPLAIN_GOLDEN.name}.${format}`, Buffer.from(result.stdout));
  }
  return { folder: EXPLAIN_GOLDEN.folder, files };
}

/** The files a folder of golden copies holds now, by name. */
export function committedCopies(folder: string): Map<string, Buffer> {
  const path = join(GOLDEN_FOLDER, folder);
  return existsSync(path) ? snapshotFolder(path) : new Map();
}

/** The text of a committed golden copy, or undefined when there is none. */
export function readCommittedCopy(folder: string, file: string): string | undefined {
  try {
    return readFileSync(join(GOLDEN_FOLDER, folder, file), 'utf8');
  } catch {
    return undefined;
  }
}
