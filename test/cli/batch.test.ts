import { RUN_FOLDER, RUN_FOLDER_WITH_STRATEGIES, reproducible } from '../helpers/report-files.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BATCH_SUMMARY_COLUMNS } from '../../src/report/batch-summary-csv.ts';
import { makeTempFolder, parseCsv, PROJECT_ROOT, runCli, snapshotFolder, type CliResult } from '../helpers/run-cli.ts';
import { expectExit } from '../helpers/expect-exit.ts';

/**
 * `faultline batch` end to end, as a separate process: a broken scenario among good ones, a
 * failure at run time, batch-summary.csv against each report's summary.csv, reports equal to
 * `faultline run`'s, folder input, missing paths, duplicate names, and `--resume`.
 */

const TRIALS = '400';
const WORKERS = '2';

const root = makeTempFolder('faultline-batch');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A FAIR scenario with a cyber policy and a strategy without it: insurance.csv and comparison.csv have rows. */
const ALPHA = `# alpha: insured
name: alpha
seed: 3
incidents:
  - type: loss_event
    name: breach
    frequency: { dist: poisson, mean: 2 }
    loss: { dist: lognormal, p05: 20000, p95: 800000 }
    bearer: platform
    coverage: forensics
  - type: loss_event
    name: fraud
    frequency: { dist: poisson, mean: 1 }
    loss: { dist: constant, value: 50000 }
    bearer: sellers
insurance:
  policies:
    - { name: platform-cyber, preset: cyber, insured: platform, retention: 100000, limit: 1000000, premium: 150000 }
strategies:
  - name: no-cyber
    insurance:
      policies:
        - { name: platform-cyber, enabled: false }
`;

/** The batch-summary.csv row of a scenario that ran, from one row of its own summary.csv. */
function okRow(scenario: string, file: string, row: Record<string, string>, report: string): Record<string, string> {
  const { strategy, bearer, trials, mean, se_mean, p99, tvar_99, prob_loss } = row as Record<string, string>;
  return {
    scenario,
    file,
    status: 'ok',
    strategy: strategy!,
    bearer: bearer!,
    trials: trials!,
    mean: mean!,
    se_mean: se_mean!,
    p99: p99!,
    tvar_99: tvar_99!,
    prob_loss: prob_loss!,
    report,
    error: '',
  };
}

/** A plain FAIR scenario with a text seed. */
function plain(name: string, options: { seed?: string; loss?: number; mean?: number } = {}): string {
  return `name: ${name}
seed: ${options.seed ?? `${name}-seed`}
incidents:
  - type: loss_event
    name: outage
    frequency: { dist: poisson, mean: ${options.mean ?? 1.5} }
    loss: { dist: lognormal, p05: ${options.loss ?? 5000}, p95: 400000 }
    bearer: platform
`;
}

/** A JSON scenario with two bearers. */
const GAMMA = `${JSON.stringify(
  {
    name: 'gamma',
    seed: 9,
    incidents: [
      { type: 'loss_event', name: 'recall', frequency: { dist: 'bernoulli', p: 0.3 }, loss: { dist: 'uniform', min: 1000, max: 90000 }, bearer: 'sellers' },
      { type: 'loss_event', name: 'theft', frequency: { dist: 'poisson', mean: 4 }, loss: { dist: 'constant', value: 2500 }, bearer: 'buyers' },
    ],
  },
  null,
  2,
)}\n`;

/** Bad input: a negative Poisson mean. */
const BROKEN = `name: broken
incidents:
  - type: loss_event
    name: breach
    frequency: { dist: poisson, mean: -0.5 }
    loss: { dist: lognormal, p05: 10000, p95: 250000 }
    bearer: platform
`;

/**
 * Parses CSV text (RFC 4180: quoted fields with "" for a quote, CRLF rows), unlike the helper's
 * parseCsv, because batch-summary.csv's error column quotes messages holding commas.
 */
function parseQuotedCsv(text: string): { header: string[]; rows: Record<string, string>[] } {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  const endRecord = () => {
    record.push(field);
    records.push(record);
    record = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      endRecord();
      i++;
    } else field += char;
  }
  if (field !== '' || record.length > 0) endRecord();
  const [header = [], ...rows] = records;
  return { header, rows: rows.map((cells) => Object.fromEntries(header.map((column, index) => [column, cells[index] ?? '']))) };
}

/** The `file:line:col` of the first occurrence of `needle` in `text`. */
function positionOf(file: string, text: string, needle: string): string {
  const before = text.slice(0, text.indexOf(needle)).split('\n');
  return `${file}:${before.length}:${before.at(-1)!.length + 1}`;
}

function read(folder: string, name: string): string {
  return readFileSync(join(folder, name), 'utf8');
}

/** Names in a folder that look like the staging of a report write. */
function partials(folder: string): string[] {
  return existsSync(folder) ? readdirSync(folder).filter((name) => name.includes('.partial-')) : [];
}

/** Every file and folder under `folder` with its mtime, for "untouched" checks. */
function mtimes(folder: string): Map<string, number> {
  const times = new Map<string, number>([['.', statSync(folder).mtimeMs]]);
  const visit = (current: string) => {
    for (const entry of readdirSync(current)) {
      const path = join(current, entry);
      const stats = statSync(path);
      times.set(relative(folder, path), stats.mtimeMs);
      if (stats.isDirectory()) visit(path);
    }
  };
  visit(folder);
  return times;
}

const REPORT_FILES = RUN_FOLDER;

/** The main input folder: three good scenarios, one broken, and files a batch must leave out. */
const input = join(root, 'input');
const out = join(root, 'out');
const files = {
  alpha: join(input, 'alpha.yaml'),
  beta: join(input, 'beta.yml'),
  broken: join(input, 'broken.yaml'),
  gamma: join(input, 'gamma.json'),
};
/** `faultline run` of each good file, for comparison with the batch's reports. */
const singleRuns = { alpha: join(root, 'run-alpha'), beta: join(root, 'run-beta'), gamma: join(root, 'run-gamma') };

const results: Record<string, CliResult> = {};

/** The --resume sequence: each step's result and what the out folder looked like after it. */
const resume = {
  input: join(root, 'resume-input'),
  out: join(root, 'resume-out'),
  steps: [] as { name: string; result: CliResult; snapshots: Map<string, Map<string, Buffer>>; times: Map<string, Map<string, number>>; summary: string }[],
};

async function resumeSequence(): Promise<void> {
  const { input: folder, out: outFolder, steps } = resume;
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'r1.yaml'), plain('r1'));
  writeFileSync(join(folder, 'r2.yaml'), plain('r2'));
  writeFileSync(join(folder, 'r3.yaml'), plain('r3'));
  writeFileSync(join(folder, 'r4.yaml'), BROKEN.replace('name: broken', 'name: r4'));
  const step = async (name: string, flags: string[], before?: () => void) => {
    before?.();
    const result = await runCli(['batch', folder, '--out', outFolder, '--workers', '1', ...flags]);
    const snapshots = new Map<string, Map<string, Buffer>>();
    const times = new Map<string, Map<string, number>>();
    for (const report of ['r1', 'r2', 'r3', 'r4']) {
      const at = join(outFolder, report);
      if (existsSync(at)) {
        snapshots.set(report, snapshotFolder(at));
        times.set(report, mtimes(at));
      }
    }
    steps.push({ name, result, snapshots, times, summary: read(outFolder, 'batch-summary.csv') });
  };
  await step('first', ['--trials', '300']);
  await step('again', ['--trials', '300', '--resume']);
  await step('fixed', ['--trials', '300', '--resume'], () => writeFileSync(join(folder, 'r4.yaml'), plain('r4')));
  await step('changed', ['--trials', '300', '--resume'], () => {
    writeFileSync(join(folder, 'r2.yaml'), plain('r2', { loss: 6000 }));
    writeFileSync(join(folder, 'r3.yaml'), plain('r3', { seed: 'new-seed' }));
  });
  await step('trials changed', ['--trials', '250', '--resume']);
  await step('seed flag', ['--trials', '250', '--seed', '12345', '--resume']);
  await step('seed flag again', ['--trials', '250', '--seed', '12345', '--resume']);
}

beforeAll(async () => {
  mkdirSync(join(input, 'nested'), { recursive: true });
  writeFileSync(files.alpha, ALPHA);
  writeFileSync(files.beta, plain('beta'));
  writeFileSync(files.broken, BROKEN);
  writeFileSync(files.gamma, GAMMA);
  cpSync(join(PROJECT_ROOT, 'scenarios/schema.json'), join(input, 'schema.json'));
  writeFileSync(join(input, 'notes.txt'), 'not a scenario\n');
  writeFileSync(join(input, 'nested', 'delta.yaml'), plain('delta')); // subfolders are not read

  const dup = join(root, 'dup');
  mkdirSync(dup);
  writeFileSync(join(dup, 'a.yaml'), plain('twin', { seed: 'a' }));
  writeFileSync(join(dup, 'b.yaml'), plain('twin', { seed: 'b' }));
  mkdirSync(join(root, 'empty'));

  const batch = (name: string, args: string[]) => runCli(['batch', ...args, '--trials', TRIALS, '--workers', WORKERS]).then((result) => (results[name] = result));
  await Promise.all([
    batch('main', [input, '--out', out]),
    ...Object.entries(singleRuns).map(([name, folder]) =>
      runCli(['run', files[name as keyof typeof singleRuns], '--trials', TRIALS, '--workers', WORKERS, '--out', folder, '--quiet']).then((result) => (results[`run-${name}`] = result)),
    ),
    batch('missing', [files.beta, join(root, 'no-such-folder'), join(root, 'no-such.yaml'), '--out', join(root, 'missing-out')]),
    batch('empty', [join(root, 'empty'), '--out', join(root, 'empty-out')]),
    batch('dup', [join(dup, 'a.yaml'), join(dup, 'b.yaml'), '--out', join(root, 'dup-out')]),
    batch('twice', [files.beta, input + '/', files.beta, '--out', join(root, 'twice-out'), '--quiet']),
    resumeSequence(),
  ]);
});

describe('faultline batch: one broken scenario among good ones', () => {
  it('exits 2 (every failure was bad input) and says so on the last line', () => {
    const result = results.main!;
    expectExit(result, 2);
    expect(result.stderr.trim().split('\n').at(-1)).toBe(`faultline: batch of 4: 3 ok, 0 skipped, 1 failed; summary in ${join(out, 'batch-summary.csv')}`);
  });

  it('names the broken file with its located error on stderr', () => {
    const lines = results.main!.stderr.trim().split('\n');
    expect(lines[0]).toBe(`[3/4] failed   ${files.broken}`);
    expect(lines[1]).toBe(`    ${positionOf(files.broken, BROKEN, '-0.5')}: incidents[0].frequency.mean: expected mean ≥ 0, got -0.5`);
    expect(lines).toHaveLength(3);
  });

  it('runs the good ones, saying so on stdout, each into its own report folder', () => {
    const { stdout } = results.main!;
    expect(stdout).toMatch(new RegExp(`^\\[1/4\\] ok +alpha → ${out}/alpha/ \\(400 years × 2 strategies, [\\d.]+ s\\)$`, 'm'));
    expect(stdout).toMatch(new RegExp(`^\\[2/4\\] ok +beta → ${out}/beta/ \\(400 years × 1 strategy, [\\d.]+ s\\)$`, 'm'));
    expect(stdout).toMatch(new RegExp(`^\\[4/4\\] ok +gamma → ${out}/gamma/`, 'm'));
    expect(stdout).not.toContain('broken');
    expect(readdirSync(out).sort()).toEqual(['alpha', 'batch-summary.csv', 'beta', 'gamma']);
    expect(readdirSync(join(out, 'alpha')).sort()).toEqual(RUN_FOLDER_WITH_STRATEGIES);
    expect(readdirSync(join(out, 'beta')).sort()).toEqual(REPORT_FILES);
    expect(readdirSync(join(out, 'gamma')).sort()).toEqual(REPORT_FILES);
    for (const name of ['alpha', 'beta', 'gamma']) {
      const manifest = JSON.parse(read(join(out, name), 'run.json')) as { trials: number; workers: number; scenario: { name: string } };
      expect(manifest).toMatchObject({ trials: 400, workers: 2, scenario: { name } });
    }
  });

  it('reads .yaml, .yml and .json files of a folder, not schema.json, other files or subfolders', () => {
    const { stdout, stderr } = results.main!;
    expect(`${stdout}${stderr}`).not.toMatch(/schema\.json|notes\.txt|delta/);
  });

  it('writes batch-summary.csv: the columns, one row per scenario × strategy × bearer, equal to each summary.csv', () => {
    const text = read(out, 'batch-summary.csv');
    expect(text.split('\r\n')[0]).toBe(BATCH_SUMMARY_COLUMNS.join(','));
    const { rows } = parseQuotedCsv(text);
    const expected: Record<string, string>[] = [];
    for (const name of ['alpha', 'beta']) {
      for (const row of parseCsv(read(join(out, name), 'summary.csv')).rows) expected.push(okRow(name, files[name as 'alpha' | 'beta'], row, join(out, name)));
    }
    const error = `${positionOf(files.broken, BROKEN, '-0.5')}: incidents[0].frequency.mean: expected mean ≥ 0, got -0.5`;
    expected.push({ scenario: '', file: files.broken, status: 'failed', strategy: '', bearer: '', trials: '', mean: '', se_mean: '', p99: '', tvar_99: '', prob_loss: '', report: '', error });
    for (const row of parseCsv(read(join(out, 'gamma'), 'summary.csv')).rows) expected.push(okRow('gamma', files.gamma, row, join(out, 'gamma')));
    expect(rows).toEqual(expected);
    // alpha: 2 strategies × (sellers, platform, insurer:platform-cyber); beta: 1 × 1; gamma: 1 × 2.
    expect(rows.filter((row) => row.scenario === 'alpha')).toHaveLength(6);
    expect(rows.filter((row) => row.scenario === 'beta')).toHaveLength(1);
    expect(rows.filter((row) => row.scenario === 'gamma').map((row) => row.bearer)).toEqual(['buyers', 'sellers']);
  });

  it('lists the broken scenario in batch-summary.csv as failed, with its located error and no figures', () => {
    const [failedRow, ...others] = parseQuotedCsv(read(out, 'batch-summary.csv')).rows.filter((row) => row.status === 'failed');
    expect(others).toEqual([]);
    expect(failedRow).toMatchObject({ file: files.broken, strategy: '', bearer: '', trials: '', mean: '', report: '' });
    expect(failedRow!.error).toBe(`${positionOf(files.broken, BROKEN, '-0.5')}: incidents[0].frequency.mean: expected mean ≥ 0, got -0.5`);
  });

  it('leaves no staging folders behind', () => {
    expect(partials(out)).toEqual([]);
    expect(partials(root)).toEqual([]);
  });
});

// A failure at run time (a stage's exception) in one scenario of a batch: test/cli/fault-injection.test.ts.

describe('faultline batch: results equal single runs', () => {
  it.each(['alpha', 'beta', 'gamma'] as const)('%s: the batch report is byte-identical to `faultline run` with the same trials and workers', (name) => {
    expectExit(results[`run-${name}`]!, 0);
    const batchReport = snapshotFolder(join(out, name));
    const single = snapshotFolder(singleRuns[name]);
    expect([...batchReport.keys()]).toEqual([...single.keys()]);
    for (const [file, bytes] of single) {
      if (!reproducible(file)) continue; // timings and the file path differ
      expect(batchReport.get(file)!.toString('utf8'), file).toBe(bytes.toString('utf8'));
    }
    const manifest = (folder: string) => JSON.parse(read(folder, 'run.json')) as { scenario: { hash: string }; seed: unknown; trials: number };
    expect(manifest(join(out, name)).scenario.hash).toBe(manifest(singleRuns[name]).scenario.hash);
    expect(manifest(join(out, name)).seed).toEqual(manifest(singleRuns[name]).seed);
  });

  it("compares the insured scenario's insurance.csv and comparison.csv too (they have rows)", () => {
    expect(parseCsv(read(join(out, 'alpha'), 'insurance.csv')).rows.length).toBeGreaterThan(0);
    expect(parseCsv(read(join(out, 'alpha'), 'comparison.csv')).rows.length).toBeGreaterThan(0);
  });
});

describe('faultline batch: paths and names', () => {
  it('exits 2 on a missing path, naming each, and writes nothing', () => {
    const result = results.missing!;
    expectExit(result, 2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([
      `${join(root, 'no-such-folder')}: expected a scenario file or a folder of them, got no file or folder at this path`,
      `${join(root, 'no-such.yaml')}: expected a scenario file or a folder of them, got no file or folder at this path`,
      '2 problems found.',
    ]);
    expect(existsSync(join(root, 'missing-out'))).toBe(false);
  });

  it('exits 2 on a folder without scenario files, and writes nothing', () => {
    const result = results.empty!;
    expectExit(result, 2);
    expect(result.stderr.trim()).toBe(`${join(root, 'empty')}: expected a folder with scenario files (.yaml, .yml, .json), got none in it`);
    expect(existsSync(join(root, 'empty-out'))).toBe(false);
  });

  it('fails the second of two scenarios with the same name (exit 2), naming the first file; the first runs', () => {
    const result = results.dup!;
    expectExit(result, 2);
    const dupOut = join(root, 'dup-out');
    const [a, b] = [join(root, 'dup', 'a.yaml'), join(root, 'dup', 'b.yaml')];
    expect(result.stdout).toMatch(/^\[1\/2\] ok +twin → /m);
    expect(result.stderr).toContain(
      `[2/2] failed   ${b}\n    ${b}: name: expected a scenario name no other scenario of the batch has, got "twin" (also the name in ${a}; both would write ${join(dupOut, 'twin')})`,
    );
    const manifest = JSON.parse(read(join(dupOut, 'twin'), 'run.json')) as { scenario: { file: string }; seed: string };
    expect(manifest.scenario.file).toBe(a);
    expect(manifest.seed).toBe('a');
    expect(parseQuotedCsv(read(dupOut, 'batch-summary.csv')).rows.map((row) => [row.file, row.status])).toEqual([
      [a, 'ok'],
      [b, 'failed'],
    ]);
  });

  it('runs a file named twice (directly and through its folder) once', () => {
    const result = results.twice!;
    expectExit(result, 2); // the folder holds the broken scenario
    expect(result.stderr).toContain('faultline: batch of 4: 3 ok, 0 skipped, 1 failed');
    const rows = parseQuotedCsv(read(join(root, 'twice-out'), 'batch-summary.csv')).rows;
    expect(rows.filter((row) => row.scenario === 'beta')).toHaveLength(1);
  });
});

describe('faultline batch --resume', () => {
  const step = (name: string) => {
    const found = resume.steps.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`no resume step ${name}`);
    return found;
  };
  const statusOf = (name: string) => Object.fromEntries(parseQuotedCsv(step(name).summary).rows.map((row) => [row.scenario || 'r4', row.status]));
  /** Which reports are byte-identical and untouched (same mtimes) from one step to the next. */
  const untouched = (before: string, after: string) =>
    ['r1', 'r2', 'r3', 'r4'].filter((report) => {
      const a = step(before);
      const b = step(after);
      if (!a.snapshots.has(report) || !b.snapshots.has(report)) return false;
      const same = JSON.stringify([...a.snapshots.get(report)!]) === JSON.stringify([...b.snapshots.get(report)!]);
      const sameTimes = JSON.stringify([...a.times.get(report)!]) === JSON.stringify([...b.times.get(report)!]);
      return same && sameTimes;
    });

  it('first run: three ok, the broken one failed (exit 2)', () => {
    expectExit(step('first').result, 2);
    expect(statusOf('first')).toEqual({ r1: 'ok', r2: 'ok', r3: 'ok', r4: 'failed' });
  });

  it('again: skips every finished report, says "skipped", leaves the reports byte-identical and untouched', () => {
    const { result } = step('again');
    expectExit(result, 2); // r4 is still broken
    for (const [index, name] of [
      [1, 'r1'],
      [2, 'r2'],
      [3, 'r3'],
    ] as const) {
      expect(result.stdout).toContain(`[${index}/4] skipped  ${name}: ${join(resume.out, name)}/ is finished for this scenario, seed and trials`);
    }
    expect(result.stderr).toContain('batch of 4: 0 ok, 3 skipped, 1 failed');
    expect(untouched('first', 'again')).toEqual(['r1', 'r2', 'r3']);
  });

  it("again: batch-summary.csv still lists the skipped reports' rows (status skipped), with the same figures", () => {
    const first = parseQuotedCsv(step('first').summary).rows;
    const again = parseQuotedCsv(step('again').summary).rows;
    expect(again.map((row) => row.status)).toEqual(['skipped', 'skipped', 'skipped', 'failed']);
    expect(again.map((row) => ({ ...row, status: '' }))).toEqual(first.map((row) => ({ ...row, status: '' })));
    for (const row of again.slice(0, 3)) {
      const summary = parseCsv(step('again').snapshots.get(row.scenario!)!.get('summary.csv')!.toString('utf8')).rows[0]!;
      expect(row).toMatchObject({
        strategy: summary.strategy,
        bearer: summary.bearer,
        trials: '300',
        mean: summary.mean,
        se_mean: summary.se_mean,
        p99: summary.p99,
        tvar_99: summary.tvar_99,
        prob_loss: summary.prob_loss,
        report: join(resume.out, row.scenario!),
      });
    }
  });

  it('after the broken one is fixed: only it runs (exit 0)', () => {
    expectExit(step('fixed').result, 0);
    expect(statusOf('fixed')).toEqual({ r1: 'skipped', r2: 'skipped', r3: 'skipped', r4: 'ok' });
    expect(untouched('again', 'fixed')).toEqual(['r1', 'r2', 'r3']);
    expect(step('fixed').result.stdout).toContain('batch of 4: 1 ok, 3 skipped, 0 failed');
  });

  it('a changed loss value (r2) and a changed seed (r3) re-run only those scenarios', () => {
    expectExit(step('changed').result, 0);
    expect(statusOf('changed')).toEqual({ r1: 'skipped', r2: 'ok', r3: 'ok', r4: 'skipped' });
    expect(untouched('fixed', 'changed')).toEqual(['r1', 'r4']);
    for (const report of ['r2', 'r3']) {
      expect(step('changed').snapshots.get(report)!.get('summary.csv'), report).not.toEqual(step('fixed').snapshots.get(report)!.get('summary.csv'));
    }
  });

  it('other --trials re-run everything; a --seed flag (a number) re-runs everything once, then skips', () => {
    expectExit(step('trials changed').result, 0);
    expect(statusOf('trials changed')).toEqual({ r1: 'ok', r2: 'ok', r3: 'ok', r4: 'ok' });
    expect(untouched('changed', 'trials changed')).toEqual([]);
    expect(parseQuotedCsv(step('trials changed').summary).rows.every((row) => row.trials === '250')).toBe(true);
    expectExit(step('seed flag').result, 0);
    expect(statusOf('seed flag')).toEqual({ r1: 'ok', r2: 'ok', r3: 'ok', r4: 'ok' });
    expectExit(step('seed flag again').result, 0);
    expect(statusOf('seed flag again')).toEqual({ r1: 'skipped', r2: 'skipped', r3: 'skipped', r4: 'skipped' });
    expect(untouched('seed flag', 'seed flag again')).toEqual(['r1', 'r2', 'r3', 'r4']);
  });
});
