import { RUN_FOLDER_WITH_STRATEGIES, reproducible } from '../helpers/report-files.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { compile, type TopLevelSpec } from 'vega-lite';
import { SWEEP_COLUMNS } from '../../src/run/run-sweep.ts';
import { makeTempFolder, parseCsv, PROJECT_ROOT, runCli, snapshotFolder, type CliResult } from '../helpers/run-cli.ts';
import { expectExit } from '../helpers/expect-exit.ts';

/**
 * `faultline sweep` end to end, as a separate process: one report per value, sweep.csv against
 * the reports, the direction of the effect, the chart against the Vega-Lite schema, bad --set
 * input (exit 2, nothing written), and what happens to an existing sweep folder.
 */

const root = makeTempFolder('faultline-sweep');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const RETENTION_PATH = 'insurance.policies.platform-cyber.retention';

/** A FAIR scenario with a cyber policy on the platform's breach losses and a strategy without it. */
function insured(retention: number): string {
  return `name: insured-fair
seed: 11
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
    - name: platform-cyber
      preset: cyber
      insured: platform
      retention: ${retention}
      limit: 1000000
      premium: 150000
strategies:
  - name: no-cyber
    insurance:
      policies:
        - { name: platform-cyber, enabled: false }
`;
}

/** A FAIR scenario with a constant loss: the mean scales exactly with the loss value. */
const PLAIN = `name: plain-fair
seed: plain
incidents:
  - type: loss_event
    name: outage
    frequency: { dist: poisson, mean: 1.5 }
    loss: { dist: constant, value: 1000 }
    bearer: platform
`;

const INSURED_TEXT = insured(100000);
const files = {
  insured: join(root, 'insured.yaml'),
  insured500k: join(root, 'insured-500k.yaml'),
  plain: join(root, 'plain.yaml'),
};
const RETENTIONS = [0, 100000, 500000];
const swRetention = join(root, 'sw-retention');
const run500k = join(root, 'run-500k');
const swLoss = join(root, 'reports', 'plain-fair-sweep'); // the default folder, under the working folder
const occupied = join(root, 'occupied');
const rerun = join(root, 'sw-rerun');
const emptyOutCwd = join(root, 'empty-out-cwd');

const results: Record<string, CliResult> = {};
let occupiedBefore: Map<string, Buffer>;

/** Bad --set cases: each writes nothing into bad-<name>. */
const BAD: Record<string, string> = {
  unknownItem: `insurance.policies.platform-cybr.retention=1,2`,
  unknownField: `insurance.polices.platform-cyber.retention=1`,
  unknownLastField: `insurance.policies.platform-cyber.retension=1`,
  invalidValue: `${RETENTION_PATH}=100000,-5,abc`,
  noEquals: RETENTION_PATH,
  noPath: '=1,2',
  noValues: `${RETENTION_PATH}=`,
  repeated: `${RETENTION_PATH}=1,2,1`,
  repeatedSpelledOtherwise: `${RETENTION_PATH}=1000,1e3`,
  emptyValue: `${RETENTION_PATH}=1,,2`,
  emptyStep: 'insurance..retention=1',
  notYaml: `${RETENTION_PATH}=[1,2`,
};

function read(folder: string, name: string): string {
  return readFileSync(join(folder, name), 'utf8');
}

/** Names in a folder that look like the staging of a report or sweep write. */
function partials(folder: string): string[] {
  return existsSync(folder) ? readdirSync(folder).filter((name) => name.includes('.partial-')) : [];
}

/** The `line:col` of the first occurrence of `needle` in `text`. */
function positionOf(text: string, needle: string): string {
  const before = text.slice(0, text.indexOf(needle)).split('\n');
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

beforeAll(async () => {
  writeFileSync(files.insured, INSURED_TEXT);
  writeFileSync(files.insured500k, insured(500000));
  writeFileSync(files.plain, PLAIN);
  mkdirSync(join(occupied, 'sub'), { recursive: true });
  writeFileSync(join(occupied, 'notes.txt'), 'keep me\n');
  writeFileSync(join(occupied, 'sub', 'doc.txt'), 'and me\n');
  occupiedBefore = snapshotFolder(occupied);

  const sweep = (name: string, args: string[], options: { cwd?: string } = {}) => runCli(['sweep', ...args], options).then((result) => (results[name] = result));
  await Promise.all([
    sweep('retention', [files.insured, '--set', `${RETENTION_PATH}=${RETENTIONS.join(',')}`, '--trials', '400', '--workers', '2', '--out', swRetention]),
    runCli(['run', files.insured500k, '--trials', '400', '--workers', '2', '--out', run500k, '--quiet']).then((result) => (results.run500k = result)),
    sweep('loss', [files.plain, '--set', 'incidents.0.loss.value=1000,2000,4000', '--trials', '300', '--workers', '1'], { cwd: root }),
    ...Object.entries(BAD).map(([name, set]) => sweep(name, [files.insured, '--set', set, '--trials', '50', '--out', join(root, `bad-${name}`)])),
    sweep('occupied', [files.insured, '--set', `${RETENTION_PATH}=1,2`, '--trials', '50', '--out', occupied]),
    sweep('many', [
      files.plain,
      '--set',
      `incidents.outage.loss.value=${Array.from({ length: 11 }, (_, i) => (i + 1) * 100).join(',')}`,
      '--trials',
      '20',
      '--workers',
      '1',
      '--quiet',
      '--out',
      join(root, 'sw-many'),
    ]),
    (async () => {
      mkdirSync(emptyOutCwd);
      await sweep('emptyOut', [files.plain, '--set', 'incidents.outage.loss.value=10,20', '--trials', '20', '--workers', '1', '--out', ''], { cwd: emptyOutCwd });
    })(),
    (async () => {
      const args = [files.plain, '--set', 'incidents.outage.loss.value=10,20', '--trials', '50', '--workers', '1', '--quiet', '--out', rerun];
      await sweep('rerunFirst', args);
      await sweep('rerunSecond', args);
    })(),
  ]);
});

describe('faultline sweep over a policy retention', () => {
  const labels = RETENTIONS.map((value) => `retention=${value}`);
  const sweepRows = () => parseCsv(read(swRetention, 'sweep.csv')).rows;
  const summaryOf = (value: number) => parseCsv(read(join(swRetention, `retention=${value}`), 'summary.csv')).rows;
  const mean = (value: number, strategy: string, bearer: string) =>
    Number(sweepRows().find((row) => row[RETENTION_PATH] === String(value) && row.strategy === strategy && row.bearer === bearer)!.mean_loss);

  it('exits 0, one report folder per value, sweep.csv and charts/sweep.vl.json', () => {
    const result = results.retention!;
    expectExit(result, 0);
    expect(readdirSync(swRetention).sort()).toEqual(['break_even.csv', 'charts', ...labels, 'report.html', 'sweep.csv', 'sweep.json'].sort());
    expect(readdirSync(join(swRetention, 'charts')).sort()).toEqual(['sweep.png', 'sweep.svg', 'sweep.vl.json']);
    for (const label of labels) {
      expect(readdirSync(join(swRetention, label)).sort()).toEqual(RUN_FOLDER_WITH_STRATEGIES);
      expect(result.stdout).toContain(`${RETENTION_PATH}=${label.split('=')[1]}: `);
      expect(result.stdout).toContain(`→ ${join(swRetention, label)}/`);
    }
    expect(result.stdout).toMatch(/^Lowest total cost of risk for the platform: insurance\.policies\.platform-cyber\.retention=\d+ \(USD [\d,]+ a year\)$/m);
    expect(result.stdout).toContain(`Sweep: ${swRetention}/`);
    expect(result.stderr).toBe('');
    expect(partials(root)).toEqual([]);
  });

  it('writes each value into its report: insurance.csv carries the retention', () => {
    for (const value of RETENTIONS) {
      const [policy] = parseCsv(read(join(swRetention, `retention=${value}`), 'insurance.csv')).rows;
      expect(policy).toMatchObject({ strategy: 'baseline', policy: 'platform-cyber', attachment: value.toFixed(2) });
    }
  });

  it('writes sweep.csv with a column for the field, the columns of SWEEP_COLUMNS and one row per value × strategy × bearer', () => {
    const text = read(swRetention, 'sweep.csv');
    expect(text.split('\r\n')[0]).toBe([RETENTION_PATH, ...SWEEP_COLUMNS].join(','));
    const rows = sweepRows();
    const keys = rows.map((row) => `${row[RETENTION_PATH]}|${row.strategy}|${row.bearer}`);
    const expected = RETENTIONS.flatMap((value) => ['baseline', 'no-cyber'].flatMap((strategy) => ['sellers', 'platform', 'insurer:platform-cyber'].map((bearer) => `${value}|${strategy}|${bearer}`)));
    expect(keys).toEqual(expected);
  });

  it("agrees with each value's report: mean, tail and se from summary.csv, costs from comparison.csv", () => {
    for (const row of sweepRows()) {
      const value = Number(row[RETENTION_PATH]);
      expect(row.report).toBe(`retention=${value}`);
      const summary = summaryOf(value).find((candidate) => candidate.strategy === row.strategy && candidate.bearer === row.bearer)!;
      expect([row.mean_loss, row.tvar_99, row.se_mean]).toEqual([summary.mean, summary.tvar_99, summary.se_mean]);
      const comparison = parseCsv(read(join(swRetention, row.report!), 'comparison.csv')).rows.find((candidate) => candidate.strategy === row.strategy && candidate.bearer === row.bearer)!;
      expect([row.premiums, row.mitigation_costs, row.total_cost_of_risk]).toEqual([comparison.premiums, comparison.mitigation_costs, comparison.total_cost_of_risk]);
      expect(Number(row.total_cost_of_risk)).toBeCloseTo(Number(row.mean_loss) + Number(row.premiums) + Number(row.mitigation_costs), 1);
    }
  });

  it('a higher retention: higher platform retained loss, lower insurer loss; the strategy without the policy and the sellers do not move', () => {
    const platform = RETENTIONS.map((value) => mean(value, 'baseline', 'platform'));
    const insurer = RETENTIONS.map((value) => mean(value, 'baseline', 'insurer:platform-cyber'));
    expect(platform[0]).toBeLessThan(platform[1]!);
    expect(platform[1]).toBeLessThan(platform[2]!);
    expect(insurer[0]).toBeGreaterThan(insurer[1]!);
    expect(insurer[1]).toBeGreaterThan(insurer[2]!);
    // Ground-up losses are the same draws at every value: what the platform keeps plus what the
    // insurer pays is the same (to rounding).
    const total = RETENTIONS.map((value, index) => platform[index]! + insurer[index]!);
    for (const sum of total) expect(sum).toBeCloseTo(total[0]!, 1);
    expect(new Set(RETENTIONS.map((value) => mean(value, 'no-cyber', 'platform'))).size).toBe(1);
    expect(new Set(RETENTIONS.map((value) => mean(value, 'baseline', 'sellers'))).size).toBe(1);
    expect(RETENTIONS.map((value) => mean(value, 'no-cyber', 'insurer:platform-cyber'))).toEqual([0, 0, 0]);
  });

  it('gives the same report as `faultline run` of the scenario with the value written in the file', () => {
    expectExit(results.run500k!, 0);
    const fromSweep = snapshotFolder(join(swRetention, 'retention=500000'));
    const fromRun = snapshotFolder(run500k);
    // A sweep's reports carry the chart specs and the page, not rendered charts.
    const specsAndData = (names: Iterable<string>) => [...names].filter((name) => !/\.(svg|png)$/.test(name));
    expect([...fromSweep.keys()]).toEqual(specsAndData(fromRun.keys()));
    for (const [name, bytes] of fromRun) {
      if (!reproducible(name) || !fromSweep.has(name)) continue;
      expect(fromSweep.get(name)!.toString('utf8'), name).toBe(bytes.toString('utf8'));
    }
    const hash = (folder: string) => (JSON.parse(read(folder, 'run.json')) as { scenario: { hash: string } }).scenario.hash;
    expect(hash(join(swRetention, 'retention=500000'))).toBe(hash(run500k));
  });

  it('writes charts/sweep.vl.json valid against the Vega-Lite schema, and it compiles', () => {
    const spec = JSON.parse(read(swRetention, 'charts/sweep.vl.json')) as TopLevelSpec & { data: { values: Record<string, unknown>[] }; title: { text: string } };
    const schema = JSON.parse(readFileSync(join(PROJECT_ROOT, 'node_modules/vega-lite/build/vega-lite-schema.json'), 'utf8')) as object;
    const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
    const validate = ajv.compile(schema);
    expect(validate(spec), JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toBe(true);
    expect(() => compile(spec)).not.toThrow();
    expect(spec.title.text).toBe(`platform: cost of risk against ${RETENTION_PATH}`);
    // The platform's points only: values × strategies × 4 measures.
    expect(spec.data.values).toHaveLength(RETENTIONS.length * 2 * 4);
    expect(new Set(spec.data.values.map((point) => point.value))).toEqual(new Set(RETENTIONS));
  });
});

describe('faultline sweep over a loss value (a list item by index, the default folder)', () => {
  it('writes reports/<name>-sweep under the working folder', () => {
    expectExit(results.loss!, 0);
    expect(readdirSync(swLoss).sort()).toEqual(['break_even.csv', 'charts', 'report.html', 'sweep.csv', 'sweep.json', 'value=1000', 'value=2000', 'value=4000']);
    expect(results.loss!.stdout).toContain(`Sweep: ${join('reports', 'plain-fair-sweep')}/`);
  });

  it('scales the mean with the loss value, on the same draws', () => {
    const rows = parseCsv(read(swLoss, 'sweep.csv')).rows;
    expect(rows.map((row) => [row['incidents.0.loss.value'], row.strategy, row.bearer])).toEqual([
      ['1000', 'baseline', 'platform'],
      ['2000', 'baseline', 'platform'],
      ['4000', 'baseline', 'platform'],
    ]);
    const [one, two, four] = rows.map((row) => Number(row.mean_loss));
    expect(one).toBeGreaterThan(0);
    expect(two).toBeCloseTo(2 * one!, 1);
    expect(four).toBeCloseTo(4 * one!, 1);
  });
});

describe('faultline sweep: bad --set (exit 2, nothing written)', () => {
  const INSURED_RETENTION_AT = positionOf(INSURED_TEXT, '100000');

  it.each(Object.keys(BAD))('%s: exits 2 and writes no sweep folder', (name) => {
    const result = results[name]!;
    expectExit(result, 2);
    expect(result.stdout).toBe('');
    expect(existsSync(join(root, `bad-${name}`))).toBe(false);
    expect(partials(root)).toEqual([]);
  });

  it('a value that is not YAML: says which and how to mean text (was exit 1, "unexpected error")', () => {
    expect(results.notYaml!.stderr.trim()).toBe('--set: expected each value to be a number, true/false or text (YAML), got "[1", which does not parse (quote it to mean text)');
  });

  it('an unknown list item: names the items and suggests the close one', () => {
    expect(results.unknownItem!.stderr.trim().split('\n')).toEqual([
      // Reported once, not once per value: the path is wrong whatever the value.
      `--set: insurance.policies.platform-cybr.retention: expected the name of an item of insurance.policies (platform-cyber), got "platform-cybr" (did you mean "platform-cyber"?)`,
    ]);
  });

  it('an unknown field on the way: names the fields written there and suggests the close one', () => {
    expect(results.unknownField!.stderr.trim()).toBe('--set: insurance.polices.platform-cyber.retention: expected a field written in insurance (policies), got "polices" (did you mean "policies"?)');
  });

  it('an unknown last field: located at the policy in the file, with a suggestion', () => {
    const stderr = results.unknownLastField!.stderr.trim();
    expect(stderr).toMatch(new RegExp(`^${files.insured}:\\d+:\\d+: insurance\\.policies\\[0\\]\\.retension: with --set insurance\\.policies\\.platform-cyber\\.retension=1: `));
    expect(stderr).toContain('did you mean "retention"?');
  });

  it('a value that makes the scenario invalid: names the value and the file:line:col of the field', () => {
    const lines = results.invalidValue!.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      new RegExp(`^${files.insured}:${INSURED_RETENTION_AT}: insurance\\.policies\\[0\\]\\.retention: with --set ${RETENTION_PATH.replace(/\./g, '\\.')}=-5: expected .*got -5`),
    );
    expect(lines[1]).toMatch(
      new RegExp(`^${files.insured}:${INSURED_RETENTION_AT}: insurance\\.policies\\[0\\]\\.retention: with --set ${RETENTION_PATH.replace(/\./g, '\\.')}="abc": expected .*got "abc"`),
    );
    expect(lines[2]).toBe('2 problems found.');
  });

  it('a malformed --set: says what is expected', () => {
    const message = (text: string) => `--set: expected path=v1,v2,... such as insurance.policies.platform-tech-eo.retention=100000,250000, got ${JSON.stringify(text)}`;
    expect(results.noEquals!.stderr.trim()).toBe(message(RETENTION_PATH));
    expect(results.noPath!.stderr.trim()).toBe(message('=1,2'));
    expect(results.noValues!.stderr.trim()).toBe(message(`${RETENTION_PATH}=`));
    expect(results.emptyValue!.stderr.trim()).toBe('--set: expected values separated by commas, got an empty value in "1,,2"');
    expect(results.emptyStep!.stderr).toContain('expected a dotted path such as insurance.policies.platform-tech-eo.retention, got an empty step');
  });

  it('a repeated value, also when spelled otherwise (1e3 is 1000)', () => {
    expect(results.repeated!.stderr.trim()).toBe('--set: expected each value once, got 1 twice');
    expect(results.repeatedSpelledOtherwise!.stderr.trim()).toBe('--set: expected each value once, got 1000 twice');
  });
});

describe('faultline sweep: the sweep folder', () => {
  it('refuses (exit 2) a folder holding other files and leaves it untouched', () => {
    const result = results.occupied!;
    expectExit(result, 2);
    expect(result.stderr.trim()).toBe(`--out: expected a new or empty folder or an earlier sweep (with sweep.json), got a folder of other files at ${occupied} (it would be replaced)`);
    expect(snapshotFolder(occupied)).toEqual(occupiedBefore);
    expect(readdirSync(occupied).sort()).toEqual(['notes.txt', 'sub']);
  });

  it('the first sweep into a new folder succeeds', () => {
    expectExit(results.rerunFirst!, 0);
  });

  // BUG (src/cli/sweep-command.ts): the sweep folder is checked with checkOutFolder, which
  // accepts only a folder holding run.json; a sweep folder holds sweep.csv, charts/ and one
  // folder per value, never run.json at its top. So running the same sweep again — the default
  // folder is reports/<name>-sweep — is refused with exit 2 ("got a folder of other files at …
  // (it would be replaced)"), although the folder is the earlier sweep's own output.
  it('running the same sweep again replaces the earlier sweep folder', () => {
    expectExit(results.rerunSecond!, 0);
    expect(readdirSync(rerun).sort()).toEqual(['break_even.csv', 'charts', 'report.html', 'sweep.csv', 'sweep.json', 'value=10', 'value=20']);
  });

  // BUG (src/cli/sweep-command.ts): `run` and `batch` refuse `--out ""` up front (exit 2,
  // `--out: expected a folder path, got ""`); `sweep` has no such check, runs every value into a
  // staging folder `..partial-XXXXXX` in the working folder, then fails to rename it to "" and
  // exits 1 ("could not write the report to : ENOENT …").
  it('refuses an empty --out up front like run and batch (exit 2), writing nothing', () => {
    const result = results.emptyOut!;
    expectExit(result, 2);
    expect(result.stderr.trim()).toBe('--out: expected a folder path, got ""');
    expect(result.stdout).toBe('');
    expect(readdirSync(emptyOutCwd)).toEqual([]);
  });

  // BUG (src/engine/worker-pool.ts, WorkerPool.run): every run adds an 'abort' listener to the
  // command's AbortSignal and never removes it; the 11th run of one sweep (or batch) makes Node
  // print "MaxListenersExceededWarning: Possible EventTarget memory leak detected. 11 abort
  // listeners added to [AbortSignal]" on stderr, even with --quiet.
  it('prints nothing with --quiet, also for a sweep of 11 values', () => {
    const result = results.many!;
    expectExit(result, 0);
    expect(readdirSync(join(root, 'sw-many')).filter((name) => name.startsWith('value='))).toHaveLength(11);
    expect(result.stderr).toBe('');
  });
});
