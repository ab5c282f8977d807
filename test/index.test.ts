import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The package by its name, as a project that installs Faultline imports it: package.json
// "exports" (the self-reference) → src/faultline.js → the compiled build of src/index.ts.
import * as faultline from 'faultline';
import { InputError, explainYear, formatInputIssue, loadScenario, simulate, writeReport, type Results } from 'faultline';
import * as sources from '../src/index.ts';
import { allocationCsv } from '../src/report/allocation-csv.ts';
import { comparisonCsv } from '../src/report/comparison-csv.ts';
import { distributionCsv } from '../src/report/distribution-csv.ts';
import { epCsv } from '../src/report/ep-csv.ts';
import { insuranceCsv } from '../src/report/insurance-csv.ts';
import { summaryCsv } from '../src/report/summary-csv.ts';
import { expectExit } from './helpers/expect-exit.ts';
import { makeTempFolder, parseCsv, PROJECT_ROOT, runCli } from './helpers/run-cli.ts';

/**
 * The library API (`import { loadScenario, simulate } from 'faultline'`): the same numbers as a
 * CLI run of the same scenario, seed and trials, the same located errors, and an entry that works
 * in plain Node (outside vitest's TypeScript transform).
 */

const STRATEGIES = 'test/fixtures/scenarios/strategies/good.yaml';
const LOSS_EVENT = 'test/fixtures/scenarios/good/loss-event.yaml';
const BROKEN = 'test/fixtures/scenarios/bad/many-problems.yaml';
const TRIALS = 3_000;
const SEED = 41;

const root = makeTempFolder('faultline-library');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The records of a result as the CLI's CSV writers render them, by file name. */
function csvFiles(results: Results): Record<string, string> {
  return {
    'summary.csv': summaryCsv(results.summary),
    'ep.csv': epCsv(results.ep),
    'distribution.csv': distributionCsv(results.distribution),
    'allocation.csv': allocationCsv(results.allocation),
    'insurance.csv': insuranceCsv(results.insurance),
    'comparison.csv': comparisonCsv(results.comparison),
  };
}

describe('the package entry', () => {
  it('exports every runtime export of src/index.ts, and nothing else', () => {
    expect(Object.keys(faultline).sort()).toEqual(Object.keys(sources).sort());
  });
});

describe('simulate: the same tables as faultline run', () => {
  const cliOut = join(root, 'cli-run');
  let results: Results;
  beforeAll(async () => {
    const [cli, simulated] = await Promise.all([
      runCli(['run', STRATEGIES, '-n', String(TRIALS), '--seed', String(SEED), '--workers', '2', '--no-charts', '--quiet', '--return-periods', '2,10,100,1000', '-o', cliOut]),
      simulate(loadScenario(STRATEGIES), { trials: TRIALS, seed: SEED, workers: 1, chunkSize: 700, returnPeriods: [1000, 2, 100, 10] }),
    ]);
    expectExit(cli, 0);
    results = simulated;
  });

  it('holds records whose CSV rendering is the CLI run folder byte for byte, for another worker count and chunk size', () => {
    for (const [name, text] of Object.entries(csvFiles(results))) expect(text, name).toBe(readFileSync(join(cliOut, name), 'utf8'));
  });

  it('holds the values the CSV columns hold, unrounded', () => {
    const { rows } = parseCsv(readFileSync(join(cliOut, 'summary.csv'), 'utf8'));
    expect(rows).toHaveLength(results.summary.length);
    rows.forEach((row, index) => {
      const record = results.summary[index]!;
      expect([record.strategy, record.bearer]).toEqual([row.strategy, row.bearer]);
      expect(record.summary.trials).toBe(TRIALS);
      expect(Math.abs(record.summary.mean - Number(row.mean))).toBeLessThanOrEqual(0.005);
      expect(Math.abs(record.summary.p99 - Number(row.p99))).toBeLessThanOrEqual(0.005);
    });
    const platform = results.ep.find((row) => row.strategy === 'baseline' && row.bearer === 'platform' && row.basis === 'AEP' && row.returnPeriod === 100)!;
    const csvPoint = parseCsv(readFileSync(join(cliOut, 'ep.csv'), 'utf8')).rows.find(
      (row) => row.strategy === 'baseline' && row.bearer === 'platform' && row.basis === 'AEP' && row.return_period === '100',
    )!;
    expect(platform.loss.toFixed(2)).toBe(csvPoint.loss);
  });

  it('holds the year loss table as typed arrays by strategy × bearer, whose means are the summary means', () => {
    const { table } = results;
    expect(results.strategies).toEqual(['baseline', 'with-mfa', 'no-cover', 'tougher-terms']);
    expect(table.years.strategies).toBe(results.strategies.length);
    expect(table.years.bearers).toBe(results.bearers.length);
    results.summary.forEach((row) => {
      const annual = table.years.annual(results.strategies.indexOf(row.strategy), results.bearers.indexOf(row.bearer));
      expect(annual).toBeInstanceOf(Float64Array);
      expect(annual).toHaveLength(TRIALS);
      const mean = annual.reduce((sum, loss) => sum + loss, 0) / TRIALS;
      expect(Math.abs(mean - row.summary.mean)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(mean)));
    });
    expect(table.years.occurrences(0).some((count) => count > 0)).toBe(true);
  });

  it('writes the run folder the CLI writes (writeReport)', async () => {
    const folder = await writeReport(results, join(root, 'library-run'), { charts: false });
    expect(readdirSync(folder).sort()).toEqual(readdirSync(cliOut).sort());
    for (const name of readdirSync(cliOut).filter((file) => file.endsWith('.csv') || file === 'explain.json')) {
      expect(readFileSync(join(folder, name), 'utf8'), name).toBe(readFileSync(join(cliOut, name), 'utf8'));
    }
    const manifest = JSON.parse(readFileSync(join(folder, 'run.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.trials).toBe(TRIALS);
    expect(manifest.seed).toBe(SEED);
  });

  it('refuses to write over a folder of other files', async () => {
    const folder = makeTempFolder('faultline-library-other');
    writeFileSync(join(folder, 'notes.txt'), 'mine');
    await expect(writeReport(results, folder)).rejects.toThrow(/folder: expected a new or empty folder or an earlier report/);
    expect(readFileSync(join(folder, 'notes.txt'), 'utf8')).toBe('mine');
    rmSync(folder, { recursive: true, force: true });
  });
});

describe('loadScenario and explainYear', () => {
  it('throws an InputError with the located issues faultline validate prints', async () => {
    const cli = await runCli(['validate', BROKEN]);
    expectExit(cli, 2);
    let thrown: unknown;
    try {
      loadScenario(BROKEN);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputError);
    const lines = (thrown as InputError).issues.map(formatInputIssue);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(cli.stderr).toContain(line);
    expect(lines.every((line) => /^test\/fixtures\/scenarios\/bad\/many-problems\.yaml:\d+:\d+: /.test(line))).toBe(true);
  });

  it('loads a scenario from text as from its file', () => {
    const fromFile = loadScenario(LOSS_EVENT);
    const fromText = loadScenario({ text: readFileSync(LOSS_EVENT, 'utf8'), file: 'inline.yaml' });
    expect(fromText.hash).toBe(fromFile.hash);
    expect(() => loadScenario({ text: 'name: x\ntrials: -1\n', file: 'inline.yaml' })).toThrow(/^inline\.yaml:2:9: trials: expected a number ≥ 1, got -1$/m);
  });

  it('explains a year as faultline explain --trial --format json prints it', async () => {
    const cli = await runCli(['explain', LOSS_EVENT, '--trial', '17', '--seed', '5', '--format', 'json']);
    expectExit(cli, 0);
    expect(explainYear(loadScenario(LOSS_EVENT), { trial: 17, seed: 5 })).toEqual(JSON.parse(cli.stdout));
  });

  it('names a bad option as the issue', async () => {
    const loaded = loadScenario(LOSS_EVENT);
    await expect(simulate(loaded, { trials: 0 })).rejects.toThrow('trials: expected a whole number from 1 to 100,000,000, got 0');
    await expect(simulate(loaded, { baseline: 'nope' })).rejects.toThrow('baseline: expected one of the scenario\'s strategies (baseline), got "nope"');
    await expect(simulate(loaded, { returnPeriods: [1] })).rejects.toThrow(/^returnPeriods: expected distinct whole numbers/);
    expect(() => explainYear(loaded, { trial: 1, strategy: 'nope' })).toThrow('strategy: expected one of baseline, got "nope"');
  });
});

describe('the package in plain Node', () => {
  it('imports faultline by name outside vitest and simulates (one spawned node)', async () => {
    const script = [
      "import { loadScenario, simulate } from 'faultline';",
      `const results = await simulate(loadScenario(${JSON.stringify(LOSS_EVENT)}), { trials: 2000, seed: 3, workers: 2 });`,
      'process.stdout.write(JSON.stringify(results.summary.map((row) => [row.bearer, row.summary.mean.toFixed(2)])));',
    ].join('\n');
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(status, stderr).toBe(0);
    const inProcess = await simulate(loadScenario(LOSS_EVENT), { trials: 2000, seed: 3, workers: 1 });
    expect(JSON.parse(stdout)).toEqual(inProcess.summary.map((row) => [row.bearer, row.summary.mean.toFixed(2)]));
  });
});
