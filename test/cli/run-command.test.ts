import { RUN_FOLDER } from '../helpers/report-files.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makeTempFolder, parseCsv, PROJECT_ROOT, runCli, snapshotFolder, type CliResult } from '../helpers/run-cli.ts';
import { expectExit } from '../helpers/expect-exit.ts';

/**
 * `faultline run` end to end, as a separate process: flags, exit codes, the report folder and
 * its files, reproducibility across seeds, worker counts and chunk sizes, and what a failed run
 * leaves behind (MODEL §10–12).
 */

const LOSS_EVENT = 'test/fixtures/scenarios/good/loss-event.yaml';
const CHAIN_LEAF = 'test/fixtures/scenarios/chain/leaf.yaml';
const BROKEN = 'test/fixtures/scenarios/bad/many-problems.yaml';

const SUMMARY_HEADER =
  'strategy,bearer,trials,mean,sd,se_mean,prob_loss,p50,p90,p95,p99,p99_5,p99_9,tvar_95,tvar_99,max,' +
  'mean_lo,mean_hi,p50_lo,p50_hi,p90_lo,p90_hi,p95_lo,p95_hi,p99_lo,p99_hi,p99_5_lo,p99_5_hi,p99_9_lo,p99_9_hi,tvar_95_lo,tvar_95_hi,tvar_99_lo,tvar_99_hi';
const EP_HEADER = 'strategy,bearer,peril,basis,return_period,loss,loss_lo,loss_hi';
const RETURN_PERIODS = [2, 5, 10, 25, 50, 100, 200, 250, 500, 1000];
/** Money in currency units with at most 2 decimals. */
const MONEY = /^-?\d+(\.\d{1,2})?$/;
/** A line of a stack trace. */
const STACK_LINE = /^\s+at /m;

const root = makeTempFolder('faultline-run');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Reads a report file as text. */
function read(folder: string, name: string): string {
  return readFileSync(join(folder, name), 'utf8');
}

/** Names in a folder's parent that look like a staging folder of a report write. */
function strayPartials(folder: string): string[] {
  const parent = dirname(folder);
  return existsSync(parent) ? readdirSync(parent).filter((name) => name.includes('.partial-')) : [];
}

describe('faultline run: bad flags', () => {
  const runs: Record<string, CliResult> = {};
  beforeAll(async () => {
    const out = join(root, 'flags');
    const cases: Record<string, string[]> = {
      trials0: ['--trials', '0'],
      workersNegative: ['--workers', '-1'],
      workersText: ['--workers', 'abc'],
      seedEmpty: ['--seed', ''],
      trialsFraction: ['--trials', '1.5'],
      all: ['--trials', '0', '--workers', '-1', '--seed', '', '--chunk-size', 'x'],
    };
    await Promise.all(
      Object.entries(cases).map(async ([name, flags]) => {
        runs[name] = await runCli(['run', LOSS_EVENT, '--out', out, ...flags]);
      }),
    );
  });

  it.each([
    ['trials0', '--trials: expected a whole number from 1 to 100,000,000, got "0"'],
    ['trialsFraction', '--trials: expected a whole number from 1 to 100,000,000, got "1.5"'],
    ['workersNegative', '--workers: expected a whole number from 1 to 256, got "-1"'],
    ['workersText', '--workers: expected a whole number from 1 to 256, got "abc"'],
    ['seedEmpty', '--seed: expected a whole number or non-empty text, got ""'],
  ])('%s exits 2 naming the flag, what was expected and what was found', (name, line) => {
    const result = runs[name]!;
    expectExit(result, 2);
    expect(result.stderr.trim()).toBe(line);
    expect(result.stdout).toBe('');
  });

  it('lists every bad flag, not just the first', () => {
    const result = runs.all!;
    expectExit(result, 2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual([
      '--trials: expected a whole number from 1 to 100,000,000, got "0"',
      '--workers: expected a whole number from 1 to 256, got "-1"',
      '--chunk-size: expected a whole number from 1 to 10,000,000, got "x"',
      '--seed: expected a whole number or non-empty text, got ""',
      '4 problems found.',
    ]);
  });

  it('writes nothing when a flag is bad', () => {
    expect(existsSync(join(root, 'flags'))).toBe(false);
    expect(strayPartials(join(root, 'flags'))).toEqual([]);
  });
});

describe('faultline run: the report folder', () => {
  const out = join(root, 'report');
  const small = join(root, 'report-300');
  let result: CliResult;
  let smallResult: CliResult;
  beforeAll(async () => {
    [result, smallResult] = await Promise.all([
      runCli(['run', CHAIN_LEAF, '--trials', '20000', '--workers', '2', '--out', out]),
      runCli(['run', LOSS_EVENT, '--trials', '300', '--out', small, '--quiet']),
    ]);
  });

  it('exits 0, writes summary.csv, ep.csv, allocation.csv and run.json, and says where', () => {
    expectExit(result, 0);
    expect(readdirSync(out).sort()).toEqual(RUN_FOLDER);
    expect(result.stdout).toContain(`Report: ${out}/`);
    expect(result.stdout).toContain('chain-leaf: 20,000 simulated years, seed leaf-seed');
    expect(result.stderr).toBe('');
  });

  it('prints nothing with --quiet', () => {
    expectExit(smallResult, 0);
    expect(smallResult.stdout).toBe('');
    expect(smallResult.stderr).toBe('');
  });

  it('writes summary.csv with exactly the columns of MODEL §11, one row per bearer, money to at most 2 decimals', () => {
    const text = read(out, 'summary.csv');
    expect(text.split('\r\n')[0]).toBe(SUMMARY_HEADER);
    const { rows } = parseCsv(text);
    expect(rows.map((row) => `${row.strategy}/${row.bearer}`).sort()).toEqual(['baseline/buyers', 'baseline/platform', 'baseline/sellers']);
    for (const row of rows) {
      expect(row.trials).toBe('20000');
      for (const column of ['mean', 'sd', 'se_mean', 'p50', 'p90', 'p95', 'p99', 'p99_5', 'p99_9', 'tvar_95', 'tvar_99', 'max']) {
        expect(row[column], `${row.bearer} ${column}`).toMatch(MONEY);
      }
      expect(Number(row.prob_loss)).toBeGreaterThanOrEqual(0);
      expect(Number(row.prob_loss)).toBeLessThanOrEqual(1);
      const ordered = ['p50', 'p90', 'p95', 'p99', 'p99_5', 'p99_9', 'max'].map((column) => Number(row[column]));
      expect(ordered).toEqual([...ordered].sort((a, b) => a - b));
      expect(Number(row.tvar_99)).toBeGreaterThanOrEqual(Number(row.p99));
      expect(Number(row.se_mean)).toBeCloseTo(Number(row.sd) / Math.sqrt(20000), 1);
    }
  });

  it('writes ep.csv with AEP and OEP rows at every return period, consistent with summary.csv', () => {
    const text = read(out, 'ep.csv');
    expect(text.split('\r\n')[0]).toBe(EP_HEADER);
    const { rows } = parseCsv(text);
    const summary = new Map(parseCsv(read(out, 'summary.csv')).rows.map((row) => [row.bearer, row]));
    for (const bearer of ['buyers', 'sellers', 'platform']) {
      const curve = (basis: string) => rows.filter((row) => row.bearer === bearer && row.peril === 'all' && row.basis === basis);
      const aep = curve('AEP');
      const oep = curve('OEP');
      expect(aep.map((row) => Number(row.return_period))).toEqual(RETURN_PERIODS);
      expect(oep.map((row) => Number(row.return_period))).toEqual(RETURN_PERIODS);
      for (const row of [...aep, ...oep]) expect(row.loss).toMatch(MONEY);
      // The largest single loss of a year never exceeds the year's total.
      aep.forEach((row, index) => expect(Number(oep[index]!.loss)).toBeLessThanOrEqual(Number(row.loss)));
      // AEP at R is the annual quantile at 1 − 1/R: the same numbers as summary.csv's.
      const at = (period: number) => aep.find((row) => Number(row.return_period) === period)!.loss;
      const row = summary.get(bearer)!;
      expect([at(2), at(10), at(100), at(200), at(1000)]).toEqual([row.p50, row.p90, row.p99, row.p99_5, row.p99_9]);
    }
    expect(new Set(rows.map((row) => row.basis))).toEqual(new Set(['AEP', 'OEP']));
  });

  it('reports only return periods the trial count supports', () => {
    const rows = parseCsv(read(small, 'ep.csv')).rows.filter((row) => row.peril === 'all');
    const periods = [...new Set(rows.map((row) => Number(row.return_period)))];
    expect(periods).toEqual([2, 5, 10, 25, 50, 100, 200, 250]);
    expect(rows.filter((row) => row.basis === 'AEP')).toHaveLength(8);
    expect(rows.filter((row) => row.basis === 'OEP')).toHaveLength(8);
  });

  it('writes run.json with the scenario hash, seed, trials, version and timings', () => {
    const manifest = JSON.parse(read(out, 'run.json')) as Record<string, unknown> & {
      scenario: { name: string; hash: string; files: string[] };
      timings_ms: Record<string, number>;
    };
    const { version } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(manifest.faultline_version).toBe(version);
    expect(manifest.scenario.name).toBe('chain-leaf');
    expect(manifest.scenario.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.scenario.files).toHaveLength(3);
    expect(manifest.seed).toBe('leaf-seed');
    expect(manifest.trials).toBe(20000);
    expect(manifest.workers).toBe(2);
    for (const phase of ['load', 'simulate', 'statistics', 'total']) {
      expect(manifest.timings_ms[phase], phase).toEqual(expect.any(Number));
      expect(manifest.timings_ms[phase]).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('faultline run: reproducibility', () => {
  const outs = {
    workers1: join(root, 'repro-w1'),
    workers2: join(root, 'repro-w2'),
    chunk1000: join(root, 'repro-c1000'),
    chunk777: join(root, 'repro-c777'),
    again: join(root, 'repro-again'),
    seed99: join(root, 'repro-seed99'),
    text1: join(root, 'repro-text1'),
    text2: join(root, 'repro-text2'),
  };
  const results: Record<string, CliResult> = {};
  beforeAll(async () => {
    // 20,000 trials: the default chunk is 2,500 trials on 1 worker and 1,250 on 2, so the four
    // first runs cut the trials four different ways.
    const base = ['run', CHAIN_LEAF, '--trials', '20000', '--seed', '7', '--quiet'];
    const runs: Record<keyof typeof outs, string[]> = {
      workers1: [...base, '--workers', '1', '--out', outs.workers1],
      workers2: [...base, '--workers', '2', '--out', outs.workers2],
      chunk1000: [...base, '--workers', '2', '--chunk-size', '1000', '--out', outs.chunk1000],
      chunk777: [...base, '--workers', '2', '--chunk-size', '777', '--out', outs.chunk777],
      again: [...base, '--workers', '2', '--out', outs.again],
      seed99: ['run', CHAIN_LEAF, '--trials', '20000', '--seed', '99', '--quiet', '--out', outs.seed99],
      text1: ['run', CHAIN_LEAF, '--trials', '20000', '--seed', 'north-wind', '--workers', '1', '--quiet', '--out', outs.text1],
      text2: ['run', CHAIN_LEAF, '--trials', '20000', '--seed', 'north-wind', '--workers', '2', '--quiet', '--out', outs.text2],
    };
    // Two at a time: each run already uses the machine's cores.
    const entries = Object.entries(runs) as [keyof typeof outs, string[]][];
    for (let i = 0; i < entries.length; i += 2) {
      await Promise.all(entries.slice(i, i + 2).map(async ([name, args]) => (results[name] = await runCli(args))));
    }
    for (const [name, result] of Object.entries(results)) expect(result.status, `${name}: ${result.stderr}`).toBe(0);
  });

  it.each(['summary.csv', 'ep.csv', 'allocation.csv'])('%s is byte-identical for 1 and 2 workers', (file) => {
    expect(read(outs.workers2, file)).toBe(read(outs.workers1, file));
  });

  it.each(['summary.csv', 'ep.csv', 'allocation.csv'])('%s is byte-identical for chunk sizes 1000, 777 and the default', (file) => {
    expect(read(outs.chunk1000, file)).toBe(read(outs.workers2, file));
    expect(read(outs.chunk777, file)).toBe(read(outs.workers2, file));
  });

  it('reproduces the numbers of the same seed in another run', () => {
    expect(read(outs.again, 'summary.csv')).toBe(read(outs.workers2, 'summary.csv'));
    expect(read(outs.again, 'ep.csv')).toBe(read(outs.workers2, 'ep.csv'));
  });

  it('changes the numbers with the seed', () => {
    expect(read(outs.seed99, 'summary.csv')).not.toBe(read(outs.workers2, 'summary.csv'));
    expect(read(outs.text1, 'summary.csv')).not.toBe(read(outs.workers2, 'summary.csv'));
    expect(JSON.parse(read(outs.seed99, 'run.json')).seed).toBe(99);
  });

  it('takes a text seed and reproduces it', () => {
    expect(JSON.parse(read(outs.text1, 'run.json')).seed).toBe('north-wind');
    expect(read(outs.text2, 'summary.csv')).toBe(read(outs.text1, 'summary.csv'));
    expect(read(outs.text2, 'ep.csv')).toBe(read(outs.text1, 'ep.csv'));
  });
});

describe('faultline run: default report folder and extends', () => {
  const cwd = join(root, 'cwd');
  let result: CliResult;
  beforeAll(async () => {
    cpSync(join(PROJECT_ROOT, 'test/fixtures/scenarios/chain'), join(cwd, 'scenarios'), { recursive: true });
    result = await runCli(['run', 'scenarios/leaf.yaml', '--trials', '2000'], { cwd });
  });

  it('writes reports/<name of the scenario run> under the working folder, not the base name', () => {
    expectExit(result, 0);
    expect(readdirSync(join(cwd, 'reports'))).toEqual(['chain-leaf']);
    expect(readdirSync(join(cwd, 'reports', 'chain-leaf')).sort()).toEqual(RUN_FOLDER);
    expect(result.stdout).toContain('Report: reports/chain-leaf/');
  });

  it('records every file of the chain in run.json', () => {
    const manifest = JSON.parse(read(join(cwd, 'reports', 'chain-leaf'), 'run.json')) as { scenario: { file: string; files: string[] } };
    expect(manifest.scenario.file).toBe('scenarios/leaf.yaml');
    expect(manifest.scenario.files).toEqual(['scenarios/base.yaml', 'scenarios/middle.yaml', 'scenarios/leaf.yaml']);
  });
});

describe('faultline run: a failed run leaves the existing report untouched', () => {
  const out = join(root, 'kept', 'report');
  let before: Map<string, Buffer>;
  const results: Record<string, CliResult> = {};
  beforeAll(async () => {
    expectExit(await runCli(['run', LOSS_EVENT, '--trials', '2000', '--quiet', '--out', out]), 0);
    before = snapshotFolder(out);
    const [broken, badFlag, both] = await Promise.all([
      runCli(['run', BROKEN, '--out', out]),
      runCli(['run', LOSS_EVENT, '--trials', '0', '--out', out]),
      runCli(['run', BROKEN, '--workers', '-1', '--out', out]),
    ]);
    Object.assign(results, { broken, badFlag, both });
  });

  it('exits 2 on a broken scenario, printing every problem with its position', () => {
    const { status, stderr, stdout } = results.broken!;
    expect(status).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines.at(-1)).toBe('7 problems found.');
    const problems = lines.slice(0, -1);
    expect(problems).toHaveLength(7);
    for (const line of problems) expect(line).toMatch(/^test\/fixtures\/scenarios\/bad\/many-problems\.yaml:\d+:\d+: [\w.[\]]+: expected .+, got .+/);
    expect(problems).toContain(`${BROKEN}:7:39: incidents[0].frequency.mean: expected mean ≥ 0, got -1`);
    expect(stderr).not.toMatch(STACK_LINE);
  });

  it('exits 2 on a bad flag, and lists flag and scenario problems together', () => {
    expect(results.badFlag!.status).toBe(2);
    const { status, stderr } = results.both!;
    expect(status).toBe(2);
    expect(stderr).toContain('--workers: expected a whole number from 1 to 256, got "-1"');
    expect(stderr).toContain('8 problems found.');
  });

  it('leaves the earlier report byte for byte as it was, with no partial folder beside it', () => {
    expect(snapshotFolder(out)).toEqual(before);
    expect(readdirSync(dirname(out))).toEqual(['report']);
  });
});

describe('faultline run: --out where a report cannot go', () => {
  const folder = join(root, 'guard');
  const file = join(folder, 'notes.txt');
  const documents = join(folder, 'documents');
  const UNWRITABLE = '/proc/faultline-cannot-write-here';
  const results: Record<string, CliResult> = {};
  beforeAll(async () => {
    mkdirSync(documents, { recursive: true });
    writeFileSync(file, 'keep me\n');
    writeFileSync(join(documents, 'thesis.txt'), 'chapter 1\n');
    const [underFile, unwritable, atFile, atFolder, debug] = await Promise.all([
      runCli(['run', LOSS_EVENT, '--trials', '2000', '--out', join(file, 'report')]),
      runCli(['run', LOSS_EVENT, '--trials', '2000', '--out', UNWRITABLE]),
      runCli(['run', LOSS_EVENT, '--trials', '2000', '--out', file]),
      runCli(['run', LOSS_EVENT, '--trials', '2000', '--out', documents]),
      runCli(['--debug', 'run', LOSS_EVENT, '--trials', '2000', '--out', UNWRITABLE]),
    ]);
    Object.assign(results, { underFile, unwritable, atFile, atFolder, debug });
  });

  it('refuses (exit 2) a folder under a regular file, naming the file', () => {
    const { status, stderr, stdout } = results.underFile!;
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe(`--out: expected a folder path, got a path under the file ${file}`);
  });

  it('fails at run time (exit 1) where the folder cannot be written, with a clear message and no stack', () => {
    // /proc accepts no new folders: only writing finds that out.
    const { status, stderr, stdout } = results.unwritable!;
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`faultline: could not write the report to ${UNWRITABLE}:`);
    expect(stderr).not.toMatch(STACK_LINE);
  });

  it('prints the stack of a run-time failure with --debug', () => {
    expect(results.debug!.status).toBe(1);
    expect(results.debug!.stderr).toMatch(STACK_LINE);
  });

  it('refuses (exit 2) to replace an existing file or a folder that is not a report', () => {
    expect(results.atFile!.status).toBe(2);
    expect(results.atFile!.stderr.trim()).toBe(`--out: expected a folder for the report, got an existing file at ${file}`);
    expect(results.atFolder!.status).toBe(2);
    expect(results.atFolder!.stderr).toMatch(/^--out: expected a new or empty folder or an earlier report \(with run\.json\), got a folder of other files at /);
  });

  it('leaves the file and the folder as they were, with no partial folders', () => {
    expect(readFileSync(file, 'utf8')).toBe('keep me\n');
    expect([...snapshotFolder(documents).keys()]).toEqual(['thesis.txt']);
    expect(readdirSync(folder).sort()).toEqual(['documents', 'notes.txt']);
    expect(strayPartials(file)).toEqual([]);
  });
});

describe('faultline (program)', () => {
  const results: Record<string, CliResult> = {};
  beforeAll(async () => {
    const cases: Record<string, string[]> = {
      version: ['--version'],
      help: ['--help'],
      runHelp: ['run', '--help'],
      unknownOption: ['run', LOSS_EVENT, '--trails', '5'],
      unknownCommand: ['simulate', LOSS_EVENT],
      missingArgument: ['run'],
      missingScenario: ['run', 'no/such/scenario.yaml', '--out', join(root, 'never')],
    };
    await Promise.all(Object.entries(cases).map(async ([name, args]) => (results[name] = await runCli(args))));
  });

  it("--version prints package.json's version and exits 0", () => {
    const { version } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
    expectExit(results.version!, 0);
    expect(results.version!.stdout.trim()).toBe(version);
  });

  it('--help shows the commands with examples and exit codes, and exits 0', () => {
    const { status, stdout } = results.help!;
    expect(status).toBe(0);
    expect(stdout).toContain('Examples:');
    expect(stdout).toContain('$ faultline run scenarios/marketplace.yaml');
    for (const command of ['run', 'validate', 'schema']) expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(stdout).toContain('Exit codes');
    expect(results.runHelp!.status).toBe(0);
    for (const flag of ['--trials', '--seed', '--out', '--workers', '--quiet']) expect(results.runHelp!.stdout).toContain(flag);
  });

  it('exits 2 on an unknown option, an unknown command or a missing argument', () => {
    expect(results.unknownOption!.status).toBe(2);
    expect(results.unknownOption!.stderr).toContain("unknown option '--trails'");
    expect(results.unknownCommand!.status).toBe(2);
    expect(results.unknownCommand!.stderr).toContain("unknown command 'simulate'");
    expect(results.missingArgument!.status).toBe(2);
    expect(results.missingArgument!.stderr).toContain("missing required argument 'scenario'");
  });

  it('exits 2 on a scenario file that does not exist', () => {
    expect(results.missingScenario!.status).toBe(2);
    expect(results.missingScenario!.stderr.trim()).toBe('no/such/scenario.yaml: expected a scenario file, got no file at this path');
    expect(existsSync(join(root, 'never'))).toBe(false);
  });
});
