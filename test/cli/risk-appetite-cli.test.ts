import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPARISON_COLUMNS } from '../../src/report/comparison-csv.ts';
import { TOLERANCE_COLUMNS } from '../../src/report/tolerance-csv.ts';
import type { StrategyVerdict } from '../../src/stats/strategy-verdict.ts';
import { expectExit } from '../helpers/expect-exit.ts';
import { makeTempFolder, parseCsv, runCli, type CliResult } from '../helpers/run-cli.ts';
import { fixture } from '../helpers/scenario-issues.ts';

/**
 * `faultline run` with a risk appetite (MODEL §10): the verdict at the terminal and in
 * verdict.json, comparison.csv's appended columns, tolerance.csv, the page's verdict and the
 * exceedance chart's tolerance layer; the same bytes on 1 or 2 workers and merged from shards.
 * The fixture is the good strategies (a platform breach risk; with-mfa halves it, no-cover drops
 * the cyber tower, tougher-terms raises the retention) with a platform tolerance of 5M at 5% and
 * 20M at 1%, a tolerance for the cyber excess insurer and 8% capital on TVaR 99 over the mean.
 */
const GOOD = fixture('risk-appetite/good.yaml');
const NEUTRAL = fixture('strategies/good.yaml');
const root = makeTempFolder('faultline-appetite');
afterAll(() => rmSync(root, { recursive: true, force: true }));
const folder = (name: string) => join(root, name);
const read = (name: string, file: string) => readFileSync(join(folder(name), file), 'utf8');
const simulation = [GOOD, '--trials', '2000', '--no-charts'];

/** One strategy, a platform tolerance it breaches: 1M at 10%, 20M at 1%. */
const SINGLE = `
name: single
seed: 5
trials: 1000
incidents:
  - { type: loss_event, name: breach, frequency: { dist: poisson, mean: 0.5 }, loss: { dist: lognormal, p05: 100000, p95: 30000000 }, bearer: platform }
risk_tolerance:
  platform: [{ loss: 1000000, probability: 0.1 }, { loss: 20000000, probability: 0.01 }]
`;

const runs: Record<string, CliResult> = {};
beforeAll(async () => {
  writeFileSync(join(root, 'single.yaml'), SINGLE);
  runs.single = await runCli(['run', join(root, 'single.yaml'), '--no-charts', '--out', folder('single')]);
  const [one, two, neutral, ...shards] = await Promise.all([
    runCli(['run', ...simulation, '--workers', '1', '--out', folder('one')]),
    runCli(['run', ...simulation, '--workers', '2', '--chunk-size', '300', '--quiet', '--out', folder('two')]),
    runCli(['run', NEUTRAL, '--trials', '2000', '--no-charts', '--quiet', '--out', folder('neutral')]),
    ...[1, 2].map((i) => runCli(['run', GOOD, '--trials', '2000', '--shard', `${i}/2`, '--partial', folder(`part-${i}`)])),
  ]);
  const merged = await runCli(['merge', folder('part-2'), folder('part-1'), '--no-charts', '--quiet', '--out', folder('merged')]);
  Object.assign(runs, { one, two, neutral, merged, shard1: shards[0], shard2: shards[1] });
});

describe('the verdict', () => {
  it('prints the cheapest strategy within the tolerance, then every strategy against the baseline', () => {
    expectExit(runs.one!, 0);
    const verdict = JSON.parse(read('one', 'verdict.json')) as StrategyVerdict;
    const lines = runs.one!.stdout.split('\n');
    const head = lines.findIndex((line) => line.startsWith("Lowest total cost of risk within the platform's risk tolerance (capital at 8% a year of TVaR 99 over the mean included): "));
    expect(head, runs.one!.stdout).toBeGreaterThanOrEqual(0);
    expect(lines[head]).toContain(`: ${verdict.recommended}, USD `);
    const caption = lines.indexOf('Against baseline (a year; differences ± one paired SE):');
    expect(caption).toBeGreaterThan(head);
    expect(lines[caption + 1]!.split(/\s{2,}/)).toEqual(['strategy', 'total cost of risk', 'vs baseline ± SE', 'with capital', 'vs baseline ± SE', 'TVaR 99', 'vs baseline ± SE', 'risk tolerance']);
    expect(lines.slice(caption + 2, caption + 6).map((line) => line.split(' ')[0])).toEqual(['baseline', 'with-mfa', 'no-cover', 'tougher-terms']);
    expect(runs.one!.stdout).toContain('comparison.csv, verdict.json, tolerance.csv, explain.json');
  });

  it("recommends a strategy within the platform's tolerance and names the cheapest in mean when it is outside", () => {
    const verdict = JSON.parse(read('one', 'verdict.json')) as StrategyVerdict;
    const platform = parseCsv(read('one', 'comparison.csv')).rows.filter((row) => row.bearer === 'platform');
    const recommended = platform.find((row) => row.strategy === verdict.recommended)!;
    expect(recommended.within_tolerance).toBe('true');
    // No strategy within tolerance costs less with capital.
    for (const row of platform.filter((r) => r.within_tolerance === 'true')) expect(Number(row.total_with_capital)).toBeGreaterThanOrEqual(Number(recommended.total_with_capital));
    const cheapest = [...platform].sort((a, b) => Number(a.total_cost_of_risk) - Number(b.total_cost_of_risk))[0]!;
    if (cheapest.strategy === verdict.recommended) expect(verdict.cheapest_in_mean).toBeNull();
    else expect(verdict.cheapest_in_mean!.strategy).toBe(cheapest.strategy);
  });
});

describe('comparison.csv and tolerance.csv', () => {
  it('appends the TVaR difference, the capital and the tolerance columns to comparison.csv', () => {
    const text = read('one', 'comparison.csv');
    expect(text.split('\r\n')[0]).toBe(COMPARISON_COLUMNS.join(','));
    expect(COMPARISON_COLUMNS.slice(-10)).toEqual([
      'tvar_99_difference',
      'se_tvar_99_difference',
      'capital_cost',
      'total_with_capital',
      'difference_with_capital',
      'se_difference_with_capital',
      'within_tolerance',
      'worst_breach_loss',
      'worst_breach_probability',
      'worst_breach_acceptable',
    ]);
    const { rows } = parseCsv(text);
    const summary = parseCsv(read('one', 'summary.csv')).rows;
    for (const row of rows) {
      const base = rows.find((r) => r.strategy === 'baseline' && r.bearer === row.bearer)!;
      expect(Math.abs(Number(row.tvar_99_difference) - (Number(row.tvar_99) - Number(base.tvar_99)))).toBeLessThanOrEqual(0.015);
      const stats = summary.find((r) => r.strategy === row.strategy && r.bearer === row.bearer)!;
      const capital = row.bearer === 'platform' ? 0.08 * (Number(stats.tvar_99) - Number(stats.mean)) : 0;
      expect(Math.abs(Number(row.capital_cost) - capital), `${row.strategy} ${row.bearer}`).toBeLessThanOrEqual(0.015);
      expect(Math.abs(Number(row.total_with_capital) - (Number(row.total_cost_of_risk) + Number(row.capital_cost)))).toBeLessThanOrEqual(0.015);
      // Only the bearers with a tolerance have a test; a breach names its worst point.
      expect(row.within_tolerance === '', `${row.strategy} ${row.bearer}`).toBe(row.bearer !== 'platform' && row.bearer !== 'insurer:cyber-excess');
      expect(row.worst_breach_loss === '').toBe(row.within_tolerance !== 'false');
    }
  });

  it('tests every strategy at every tolerance point in tolerance.csv, agreeing with comparison.csv', () => {
    const text = read('one', 'tolerance.csv');
    expect(text.split('\r\n')[0]).toBe(TOLERANCE_COLUMNS.join(','));
    const { rows } = parseCsv(text);
    expect(rows.map((row) => [row.strategy, row.bearer, row.loss, row.acceptable_probability])).toEqual(
      ['baseline', 'with-mfa', 'no-cover', 'tougher-terms'].flatMap((strategy) => [
        [strategy, 'platform', '5000000.00', '0.05'],
        [strategy, 'platform', '20000000.00', '0.01'],
        [strategy, 'insurer:cyber-excess', '0.00', '0.02'],
      ]),
    );
    const comparison = parseCsv(read('one', 'comparison.csv')).rows;
    for (const row of rows) {
      expect(Number(row.simulated_probability)).toBeCloseTo(Number(row.years_exceeding) / 2000, 6);
      expect(row.within_tolerance).toBe(String(Number(row.years_exceeding) / 2000 <= Number(row.acceptable_probability)));
    }
    for (const row of comparison.filter((r) => r.within_tolerance !== '')) {
      const points = rows.filter((r) => r.strategy === row.strategy && r.bearer === row.bearer);
      expect(row.within_tolerance).toBe(String(points.every((point) => point.within_tolerance === 'true')));
    }
  });

  it('writes no tolerance.csv, empty tolerance cells and no capital without a risk appetite', () => {
    expectExit(runs.neutral!, 0);
    expect(() => read('neutral', 'tolerance.csv')).toThrow();
    for (const row of parseCsv(read('neutral', 'comparison.csv')).rows) {
      expect(row).toMatchObject({ capital_cost: '0.00', within_tolerance: '', worst_breach_loss: '' });
      expect(row.total_with_capital).toBe(row.total_cost_of_risk);
    }
  });
});

describe('the report', () => {
  it('shows the verdict in the comparison section of report.html', () => {
    const page = read('one', 'report.html');
    const verdict = JSON.parse(read('one', 'verdict.json')) as StrategyVerdict;
    const section = page.slice(page.indexOf('<section id="comparison"'), page.indexOf('</section>', page.indexOf('<section id="comparison"')));
    expect(section).toContain(`<div class="verdict" data-verdict="${verdict.recommended}">`);
    expect(section).toContain('Lowest total cost of risk within the platform&#39;s risk tolerance');
    expect(section).toContain('<caption>Against baseline (a year; differences ± one paired SE):</caption>');
  });

  it("overlays every strategy's AEP with the tolerance steps in the tolerance chart, only with a tolerance", () => {
    type Spec = { data: { values: { layer?: string; bearer: string; strategy?: string }[] }; spec: { layer?: { mark: { type: string; interpolate?: string; strokeDash?: number[] } }[] } };
    const spec = JSON.parse(read('one', 'charts/tolerance.vl.json')) as Spec;
    expect(spec.spec.layer!.map((layer) => layer.mark.type)).toEqual(['line', 'line', 'point']);
    expect(spec.spec.layer![1]!.mark).toMatchObject({ interpolate: 'step-before', strokeDash: [6, 4] });
    expect(new Set(spec.data.values.filter((v) => v.layer === 'aep').map((v) => v.strategy))).toEqual(new Set(['baseline', 'with-mfa', 'no-cover', 'tougher-terms']));
    expect(new Set(spec.data.values.filter((v) => v.layer === 'tolerance').map((v) => v.bearer))).toEqual(new Set(['platform', 'insurer:cyber-excess']));
    // A panel per bearer with a tolerance only: every panel has both curves and steps (an empty layer would warn in the browser).
    expect(new Set((spec as unknown as { facet: { sort: string[] } }).facet.sort)).toEqual(new Set(['platform', 'insurer:cyber-excess']));
    expect(existsSync(join(folder('neutral'), 'charts/tolerance.vl.json'))).toBe(false);
    const neutral = JSON.parse(read('neutral', 'charts/exceedance.vl.json')) as Spec;
    expect(neutral.spec.layer).toBeUndefined();
  });
});

describe('a run without strategies', () => {
  it('tests the tolerance in tolerance.csv and says the worst breach at the terminal, with no verdict', () => {
    expectExit(runs.single!, 0);
    const { rows } = parseCsv(read('single', 'tolerance.csv'));
    expect(rows.map((row) => [row.loss, row.within_tolerance])).toEqual([
      ['1000000.00', 'false'],
      ['20000000.00', 'false'],
    ]);
    // The worst breach is the point furthest above its probability: simulated ÷ acceptable.
    const ratio = (row: (typeof rows)[number]) => Number(row.simulated_probability) / Number(row.acceptable_probability);
    const worst = ratio(rows[1]!) > ratio(rows[0]!) ? rows[1]! : rows[0]!;
    const years = Number(worst.years_exceeding).toLocaleString('en-US');
    expect(runs.single!.stdout).toContain(`Risk tolerance of the platform: breached; worst, a loss above USD ${Math.round(Number(worst.loss)).toLocaleString('en-US')} in ${years} of 1,000 years (`);
    expect(existsSync(join(folder('single'), 'verdict.json'))).toBe(false);
    expect(existsSync(join(folder('single'), 'comparison.csv'))).toBe(false);
  });
});

describe('any worker count, shards', () => {
  it('writes comparison.csv, tolerance.csv and verdict.json byte for byte the same on 1 or 2 workers and merged from shards', () => {
    for (const name of ['two', 'merged', 'shard1', 'shard2']) expectExit(runs[name]!, 0);
    for (const file of ['comparison.csv', 'tolerance.csv', 'verdict.json', 'charts/tolerance.vl.json']) {
      expect(read('two', file), file).toBe(read('one', file));
      expect(read('merged', file), file).toBe(read('one', file));
    }
  });
});
