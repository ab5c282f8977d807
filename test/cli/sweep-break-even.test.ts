import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempFolder, parseCsv, runCli, type CliResult } from '../helpers/run-cli.ts';
import { expectExit } from '../helpers/expect-exit.ts';
import { reportDifferences } from '../helpers/report-files.ts';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * Sweeps that answer their question (issue 17): a retention sweep under a pricing-rule premium
 * (the premium follows the retention), the paired difference from the first point and its SE
 * (checked against ylt.csv), the break-even of a control's annual cost in a grid of two fields
 * (checked against the crossing computed by hand from two points), the rule premium's arithmetic
 * and reproducibility (1 vs 2 workers, shards and merge), and bad input located.
 */

const root = makeTempFolder('faultline-sweep-break-even');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const RETENTION = 'insurance.policies.platform-cyber.retention';
const ENABLED = 'mitigations.mfa.enabled';
const COST = 'mitigations.mfa.annual_cost';
const TRIALS = '600';

/** A breach on the platform, a cyber policy priced by rule (ratio 0.5, load 1,000), and MFA that halves breaches (off as written). */
const SCENARIO = `name: priced-fair
seed: 11
incidents:
  - type: loss_event
    name: breach
    frequency: { dist: poisson, mean: 2 }
    loss: { dist: lognormal, p05: 20000, p95: 800000 }
    bearer: platform
    coverage: forensics
insurance:
  policies:
    - name: platform-cyber
      preset: cyber
      insured: platform
      retention: 50000
      limit: 1000000
      premium: { rule: expected_loss, target_loss_ratio: 0.5, load: 1000 }
mitigations:
  - name: mfa
    enabled: false
    annual_cost: 100000
    applies_to: [breach]
    frequency: 0.5
`;
const file = join(root, 'priced.yaml');
const RETENTIONS = [0, 50000, 200000, 500000];
const COSTS = [200000, 400000, 600000, 800000];
const folder = (name: string) => join(root, name);
const results: Record<string, CliResult> = {};
const csv = (path: string) => parseCsv(readFileSync(path, 'utf8')).rows;

/** Bad inputs, each exit 2 and nothing written. */
const BAD: Record<string, string[]> = {
  threeFields: ['--set', `${RETENTION}=1,2`, '--set', `${COST}=1,2`, '--set', 'insurance.policies.platform-cyber.limit=1,2'],
  samePathTwice: ['--set', `${RETENTION}=1,2`, '--set', `${RETENTION}=3,4`],
  badGridValue: ['--set', `${ENABLED}=false,true`, '--set', `${COST}=100,-5`],
  badRatio: ['--set', 'insurance.policies.platform-cyber.premium.target_loss_ratio=0.5,0'],
};

beforeAll(async () => {
  writeFileSync(file, SCENARIO);
  const cli = (name: string, args: string[]) => runCli(args).then((result) => (results[name] = result));
  await Promise.all([
    cli('retention', ['sweep', file, '--set', `${RETENTION}=${RETENTIONS.join(',')}`, '-n', TRIALS, '-w', '1', '--no-charts', '-o', folder('sw-retention')]),
    cli('control', ['sweep', file, '--set', `${ENABLED}=false,true`, '--set', `${COST}=${COSTS.join(',')}`, '-n', TRIALS, '-w', '1', '--no-charts', '-o', folder('sw-control')]),
    cli('escaped', ['sweep', file, '--set', 'description=<b>bold</b>,plain', '-n', '20', '-w', '1', '--no-charts', '-q', '-o', folder('sw-escaped')]),
    ...Object.entries(BAD).map(([name, args]) => cli(name, ['sweep', file, ...args, '-n', '20', '-w', '1', '-o', folder(`bad-${name}`)])),
  ]);
  // Two separate runs with the year loss table, for the paired SE by hand.
  for (const retention of [0, 200000]) {
    writeFileSync(join(root, `r${retention}.yaml`), SCENARIO.replace('retention: 50000', `retention: ${retention}`));
    await cli(`ylt${retention}`, ['run', join(root, `r${retention}.yaml`), '-n', TRIALS, '-w', '1', '--ylt', '--no-charts', '-q', '-o', folder(`ylt-${retention}`)]);
  }
}, 120_000);

describe('a retention sweep under a pricing-rule premium', () => {
  const platform = () => csv(join(folder('sw-retention'), 'sweep.csv')).filter((row) => row.bearer === 'platform');

  it('exits 0 and writes report.html, sweep.csv and break_even.csv', () => {
    expectExit(results.retention!, 0);
    expect(readdirSync(folder('sw-retention'))).toEqual(expect.arrayContaining(['report.html', 'sweep.csv', 'break_even.csv', 'sweep.json']));
    const page = readFileSync(join(folder('sw-retention'), 'report.html'), 'utf8');
    expect(page).toContain('Break-even');
    expect(page).toContain('retention=200000/report.html');
  });

  it("the premium falls as the retention rises (read from sweep.csv and each point's insurance.csv)", () => {
    const premiums = platform().map((row) => Number(row.premiums));
    expect(platform().map((row) => Number(row[RETENTION]))).toEqual(RETENTIONS);
    for (let i = 1; i < premiums.length; i++) expect(premiums[i]).toBeLessThan(premiums[i - 1]!);
    for (const retention of RETENTIONS) {
      const [policy] = csv(join(folder('sw-retention'), `retention=${retention}`, 'insurance.csv'));
      expect(policy!.premium_basis).toBe('rule');
      expect(Number(policy!.premium)).toBe(premiums[RETENTIONS.indexOf(retention)]);
    }
  });

  it('prices by the rule: premium = expected_loss / 0.5 + 1,000, and the loss ratio is the target', () => {
    for (const retention of RETENTIONS) {
      const [policy] = csv(join(folder('sw-retention'), `retention=${retention}`, 'insurance.csv'));
      expect(Number(policy!.premium)).toBeCloseTo(Number(policy!.expected_loss) / 0.5 + 1000, 1);
      expect(Number(policy!.loss_ratio)).toBeCloseTo(Number(policy!.expected_loss) / Number(policy!.premium), 5);
      const manifest = JSON.parse(readFileSync(join(folder('sw-retention'), `retention=${retention}`, 'run.json'), 'utf8')) as {
        premiums: Record<string, Record<string, number>>;
        premium_rules: Record<string, Record<string, { rule: string; target_loss_ratio: number; load: number; expected_loss: number }>>;
      };
      const rule = manifest.premium_rules.baseline!['platform-cyber']!;
      expect(rule).toMatchObject({ rule: 'expected_loss', target_loss_ratio: 0.5, load: 1000 });
      expect(manifest.premiums.baseline!['platform-cyber']).toBe(rule.expected_loss / 0.5 + 1000);
      expect(rule.expected_loss.toFixed(2)).toBe(policy!.expected_loss);
    }
  });

  it('reports the paired difference from the first value, and its SE is that of the per-trial differences in ylt.csv', () => {
    expectExit(results.ylt0!, 0);
    expectExit(results.ylt200000!, 0);
    const net = (retention: number) =>
      csv(join(folder(`ylt-${retention}`), 'ylt.csv'))
        .filter((row) => row.bearer === 'platform')
        .map((row) => Number(row.net));
    const [a, b] = [net(200000), net(0)];
    const n = a.length;
    expect(n).toBe(Number(TRIALS));
    const differences = a.map((x, i) => x - b[i]!);
    const mean = differences.reduce((sum, d) => sum + d, 0) / n;
    const sd = Math.sqrt(differences.reduce((sum, d) => sum + (d - mean) ** 2, 0) / (n - 1));
    const rows = platform();
    const point = rows.find((row) => row[RETENTION] === '200000')!;
    expect(Number(point.se_paired)).toBeCloseTo(sd / Math.sqrt(n), 1);
    // The difference: the mean per-trial difference of retained loss plus the difference of premiums.
    const premiumDifference = Number(point.premiums) - Number(rows[0]!.premiums);
    expect(Number(point.difference)).toBeCloseTo(mean + premiumDifference, 0);
    expect(Number(point.difference)).toBeCloseTo(Number(point.total_cost_of_risk) - Number(rows[0]!.total_cost_of_risk), 0);
    // The first value is paired with itself.
    expect([rows[0]!.difference, rows[0]!.se_paired]).toEqual(['0.00', '0.00']);
  });

  it("says when the total never crosses the first value's: no break-even within the swept range", () => {
    const [line] = csv(join(folder('sw-retention'), 'break_even.csv'));
    expect(line).toMatchObject({ strategy: 'baseline', bearer: 'platform', field: RETENTION, break_even: '', finding: 'no break-even within the swept range' });
    expect(results.retention!.stdout).toContain(`Break-even of ${RETENTION} for the platform (baseline): no break-even within the swept range`);
  });
});

describe("a control's annual cost in a grid with the control on and off", () => {
  const rows = () => csv(join(folder('sw-control'), 'sweep.csv'));

  it('runs every combination of the two fields, the first field slowest, one report folder each', () => {
    expectExit(results.control!, 0);
    const grid = [false, true].flatMap((enabled) => COSTS.map((cost) => `${enabled}|${cost}`));
    expect(
      rows()
        .filter((row) => row.bearer === 'platform')
        .map((row) => `${row[ENABLED]}|${row[COST]}`),
    ).toEqual(grid);
    const labels = [false, true].flatMap((enabled) => COSTS.map((cost) => `enabled=${enabled}_annual_cost=${cost}`));
    expect(readdirSync(folder('sw-control')).filter((name) => name.startsWith('enabled='))).toEqual(labels.sort());
    expect(parseCsv(readFileSync(join(folder('sw-control'), 'sweep.csv'), 'utf8')).header.slice(0, 3)).toEqual([ENABLED, COST, 'strategy']);
  });

  it('finds the break-even cost where the paired difference crosses zero, as computed by hand from two points', () => {
    const on = rows().filter((row) => row.bearer === 'platform' && row[ENABLED] === 'true');
    const off = rows().filter((row) => row.bearer === 'platform' && row[ENABLED] === 'false');
    // Off, the cost is not paid: every point is the first point's total.
    expect(off.map((row) => row.difference)).toEqual(COSTS.map(() => '0.00'));
    // On, the difference is linear in the cost, with slope 1 (the platform pays it all).
    const d = on.map((row) => Number(row.difference));
    for (let i = 1; i < d.length; i++) expect(d[i]! - d[i - 1]!).toBeCloseTo(COSTS[i]! - COSTS[i - 1]!, 1);
    // So two points give the root exactly: c* = c1 − d1 (c2 − c1) / (d2 − d1).
    const byHand = COSTS[0]! - (d[0]! * (COSTS[1]! - COSTS[0]!)) / (d[1]! - d[0]!);
    const lines = csv(join(folder('sw-control'), 'break_even.csv'));
    expect(lines.map((line) => line[ENABLED])).toEqual(['false', 'true']);
    expect(lines[0]!.finding).toBe('no break-even within the swept range');
    const line = lines[1]!;
    expect(line.finding).toBe('break-even');
    expect(Number(line.break_even)).toBeCloseTo(byHand, 0);
    const bracket = COSTS.findIndex((cost, i) => i > 0 && Math.sign(d[i]!) !== Math.sign(d[i - 1]!));
    expect([Number(line.from), Number(line.to)]).toEqual([COSTS[bracket - 1], COSTS[bracket]]);
    // The SE is the same at every cost, so the interval is the root ± 1.96 SE (slope 1).
    const se = Number(on[0]!.se_paired);
    expect(se).toBeGreaterThan(0);
    expect(Number(line.low)).toBeCloseTo(byHand - 1.96 * se, 0);
    expect(Number(line.high)).toBeCloseTo(byHand + 1.96 * se, 0);
    expect(results.control!.stdout).toMatch(new RegExp(`Break-even of ${COST.replace(/\./g, '\\.')} for the platform \\(baseline at ${ENABLED.replace(/\./g, '\\.')}=true\\): [\\d,]+, 95% interval`));
  });
});

describe("the sweep's page and chart", () => {
  it('draws a grid as one panel per strategy and value of the first field, a spec that compiles', () => {
    const spec = JSON.parse(readFileSync(join(folder('sw-control'), 'charts', 'sweep.vl.json'), 'utf8')) as TopLevelSpec & { data: { values: { group: string; value: number }[] } };
    expect(new Set(spec.data.values.map((point) => point.group))).toEqual(new Set([`${ENABLED}=false`, `${ENABLED}=true`]));
    expect(new Set(spec.data.values.map((point) => point.value))).toEqual(new Set(COSTS));
    expect(() => compile(spec)).not.toThrow();
  });

  it('escapes the swept values on report.html', () => {
    expectExit(results.escaped!, 0);
    const page = readFileSync(join(folder('sw-escaped'), 'report.html'), 'utf8');
    expect(page).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(page).not.toContain('<b>bold');
  });
});

describe('a rule premium is the same for any worker count and for shards merged', () => {
  const scenario = join(root, 'priced.yaml');
  it('1 vs 2 workers and 2 shards merged give the same files', async () => {
    const run = (out: string, workers: string) => runCli(['run', scenario, '-n', '900', '-w', workers, '--no-charts', '-q', '-o', out]);
    expectExit(await run(folder('w1'), '1'), 0);
    expectExit(await run(folder('w2'), '2'), 0);
    for (const index of [1, 2]) expectExit(await runCli(['run', scenario, '-n', '900', '-w', '1', '-q', '--shard', `${index}/2`, '--partial', folder(`part${index}`)]), 0);
    expectExit(await runCli(['merge', folder('part1'), folder('part2'), '--no-charts', '-q', '-o', folder('merged')]), 0);
    expect(reportDifferences(folder('w2'), folder('w1'))).toEqual([]);
    expect(reportDifferences(folder('merged'), folder('w1'))).toEqual([]);
    const [policy] = csv(join(folder('merged'), 'insurance.csv'));
    expect(policy!.premium_basis).toBe('rule');
  }, 120_000);
});

describe('bad sweep input (exit 2, nothing written)', () => {
  it.each(Object.keys(BAD))('%s: exits 2 and writes no sweep folder', (name) => {
    expectExit(results[name]!, 2);
    expect(existsSync(folder(`bad-${name}`))).toBe(false);
  });

  it('says what is wrong with each', () => {
    expect(results.threeFields!.stderr.trim()).toBe('--set: expected at most 2 --set fields (a grid of two), got 3');
    expect(results.samePathTwice!.stderr.trim()).toBe(`--set: expected each field in one --set, got ${RETENTION} twice`);
    // A bad value of one field in a grid: located in the file, named with the point, once.
    const lines = results.badGridValue!.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^${file}:\\d+:\\d+: mitigations\\[0\\]\\.annual_cost: with --set ${ENABLED.replace(/\./g, '\\.')}=false ${COST.replace(/\./g, '\\.')}=-5: expected .*got -5$`),
    );
    expect(results.badRatio!.stderr).toMatch(
      new RegExp(`${file}:17:\\d+: insurance\\.policies\\[0\\]\\.premium\\.target_loss_ratio: with --set .*=0: expected a loss ratio above 0 and at most 1, got 0`),
    );
  });
});
