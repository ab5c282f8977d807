import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compoundPoissonQuantile } from '../helpers/compound-poisson.ts';
import { expectExit } from '../helpers/expect-exit.ts';
import { makeTempFolder, parseCsv, PROJECT_ROOT, runCli, type CliResult } from '../helpers/run-cli.ts';

/**
 * The 90% intervals of summary.csv and ep.csv and the running mean of convergence.csv (issue 17,
 * MODEL §10), through the CLI.
 */

const root = makeTempFolder('faultline-intervals');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the p99 interval over repeated seeds of a compound Poisson–lognormal model', () => {
  // λ = 2, lognormal p05 = 10,000, p95 = 250,000 (σ = 0.98), as test/cli/analytic-loss-event.test.ts.
  const LAMBDA = 2;
  const P05 = 10_000;
  const P95 = 250_000;
  // 1,000 trials: the interval runs from x(985) to x(996) around p99 = x(990).
  const TRIALS = 1000;
  const SEEDS = Array.from({ length: 40 }, (_, i) => 9100 + i);
  const exact = compoundPoissonQuantile(LAMBDA, P05, P95, 0.99, 100);
  const intervals: { seed: number; p99: number; low: number; high: number }[] = [];

  beforeAll(async () => {
    const file = join(root, 'analytic.yaml');
    writeFileSync(
      file,
      [
        'name: analytic-intervals',
        'incidents:',
        '  - type: loss_event',
        '    name: loss',
        `    frequency: { dist: poisson, mean: ${LAMBDA} }`,
        `    loss: { dist: lognormal, p05: ${P05}, p95: ${P95} }`,
        '    bearer: platform',
        '',
      ].join('\n'),
    );
    for (const seed of SEEDS) {
      const out = join(root, `seed-${seed}`);
      const result = await runCli(['run', file, '--trials', String(TRIALS), '--seed', String(seed), '--workers', '1', '--no-charts', '--quiet', '--out', out]);
      expectExit(result, 0);
      const row = parseCsv(readFileSync(join(out, 'summary.csv'), 'utf8')).rows[0]!;
      intervals.push({ seed, p99: Number(row.p99), low: Number(row.p99_lo), high: Number(row.p99_hi) });
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);

  it('knows the exact p99 to a few hundredths of a percent (Panjer bounds)', () => {
    expect((exact.high - exact.low) / exact.low).toBeLessThan(0.001);
  });

  it('covers the exact p99 in roughly 90% of seeds (at least 30 of 40)', () => {
    const truth = (exact.low + exact.high) / 2;
    const covered = intervals.filter((item) => item.low <= truth && truth <= item.high);
    const missed = intervals.filter((item) => !covered.includes(item)).map((item) => `${item.seed}: [${item.low}, ${item.high}]`);
    expect(covered.length, `exact p99 ${truth}; missed ${missed.join('; ')}`).toBeGreaterThanOrEqual(30);
    for (const item of intervals) expect(item.low <= item.p99 && item.p99 <= item.high, `seed ${item.seed}`).toBe(true);
  });

  it('is about as wide as the asymptotic interval 2·z·√(p(1 − p)/N)/f(ξ) (a little wider: whole ranks, a skewed tail)', () => {
    const asymptotic = (2 * 1.6448536269514722 * Math.sqrt((0.99 * 0.01) / TRIALS)) / exact.density;
    const meanWidth = intervals.reduce((sum, item) => sum + (item.high - item.low), 0) / intervals.length;
    // 1.3 at these seeds: ranks 985 to 996 are 11 apart where the normal needs 10.3, and the
    // density falls beyond p99, so the upper side is the longer.
    expect(meanWidth / asymptotic).toBeGreaterThan(0.9);
    expect(meanWidth / asymptotic).toBeLessThan(1.6);
  });
});

describe('interval columns and convergence.csv of a run', () => {
  // Strategies (several rows per bearer) over a small market; 1,200 trials: p99.9 has no upper bound.
  const SCENARIO = join(PROJECT_ROOT, 'test/fixtures/scenarios/strategies/good.yaml');
  const TRIALS = 1200;
  const folder = (name: string) => join(root, name);
  const runs: Record<string, CliResult> = {};
  const csv = (name: string, file: string) => parseCsv(readFileSync(join(folder(name), file), 'utf8'));

  beforeAll(async () => {
    const simulation = [SCENARIO, '--trials', String(TRIALS), '--seed', '8', '--quiet'];
    const [two, one] = await Promise.all([
      runCli(['run', ...simulation, '--workers', '2', '--out', folder('two')]),
      runCli(['run', ...simulation, '--no-charts', '--workers', '1', '--chunk-size', '97', '--out', folder('one')]),
    ]);
    const shards = await Promise.all([1, 2].map((i) => runCli(['run', ...simulation, '--shard', `${i}/2`, '--partial', folder(`part-${i}`)])));
    const merged = await runCli(['merge', folder('part-2'), folder('part-1'), '--no-charts', '--quiet', '--out', folder('merged')]);
    Object.assign(runs, { two, one, merged, shard1: shards[0], shard2: shards[1] });
  }, 300_000);

  it('appends a low and a high column for the mean, each quantile and each TVaR, with low ≤ value ≤ high', () => {
    expectExit(runs.two!, 0);
    const { header, rows } = csv('two', 'summary.csv');
    const statistics = ['mean', 'p50', 'p90', 'p95', 'p99', 'p99_5', 'p99_9', 'tvar_95', 'tvar_99'];
    expect(header.slice(0, 16)).toEqual(['strategy', 'bearer', 'trials', 'mean', 'sd', 'se_mean', 'prob_loss', 'p50', 'p90', 'p95', 'p99', 'p99_5', 'p99_9', 'tvar_95', 'tvar_99', 'max']);
    expect(header.slice(16)).toEqual(statistics.flatMap((statistic) => [`${statistic}_lo`, `${statistic}_hi`]));
    expect(rows.length).toBeGreaterThan(4);
    let bounded = 0;
    for (const row of rows) {
      for (const statistic of statistics) {
        const [low, value, high] = [row[`${statistic}_lo`]!, row[statistic]!, row[`${statistic}_hi`]!];
        if (statistic === 'p99_9') {
          // 0.999^1200 = 30% > 5%: even the largest of 1,200 years may lie below the true p99.9.
          expect(high, `${row.strategy} ${row.bearer}`).toBe('');
          continue;
        }
        expect(low, `${row.strategy} ${row.bearer} ${statistic}`).toMatch(/^-?\d+\.\d\d$/);
        expect(Number(low), `${row.strategy} ${row.bearer} ${statistic}`).toBeLessThanOrEqual(Number(value));
        expect(Number(value), `${row.strategy} ${row.bearer} ${statistic}`).toBeLessThanOrEqual(Number(high));
        if (Number(high) > Number(low)) bounded++;
      }
    }
    expect(bounded).toBeGreaterThan(rows.length); // not all degenerate
  });

  it('gives each ep.csv row the interval of its loss, empty where the trials cannot bound it', () => {
    const { header, rows } = csv('two', 'ep.csv');
    expect(header.slice(-2)).toEqual(['loss_lo', 'loss_hi']);
    for (const row of rows) {
      const where = `${row.strategy} ${row.bearer} ${row.basis} ${row.return_period}`;
      expect(Number(row.loss_lo), where).toBeLessThanOrEqual(Number(row.loss));
      // (1 − 1/R)^1200 > 5% for R ≥ 401: no upper bound at 500 and 1,000 years.
      if (Number(row.return_period) >= 500) expect(row.loss_hi, where).toBe('');
      else expect(Number(row.loss_hi), where).toBeGreaterThanOrEqual(Number(row.loss));
    }
    const aep100 = rows.find((row) => row.strategy === 'baseline' && row.bearer === 'platform' && row.basis === 'AEP' && row.return_period === '100')!;
    const p99 = csv('two', 'summary.csv').rows.find((row) => row.strategy === 'baseline' && row.bearer === 'platform')!;
    // AEP 100 is the quantile at 0.99: the same loss and interval as p99.
    expect([aep100.loss, aep100.loss_lo, aep100.loss_hi]).toEqual([p99.p99, p99.p99_lo, p99.p99_hi]);
  });

  it("writes convergence.csv at 1,000 trials and at all, its last row summary.csv's mean and se_mean", () => {
    const { header, rows } = csv('two', 'convergence.csv');
    expect(header).toEqual(['strategy', 'bearer', 'trials', 'mean', 'se', 'lower', 'upper']);
    const summary = csv('two', 'summary.csv').rows;
    expect(rows.length).toBe(2 * summary.length);
    for (const line of summary) {
      const points = rows.filter((row) => row.strategy === line.strategy && row.bearer === line.bearer);
      expect(points.map((row) => row.trials)).toEqual(['1000', String(TRIALS)]);
      const last = points[1]!;
      expect([last.mean, last.se]).toEqual([line.mean, line.se_mean]);
      for (const point of points) {
        expect(Number(point.lower)).toBeCloseTo(Number(point.mean) - 2 * Number(point.se), 1);
        expect(Number(point.upper)).toBeCloseTo(Number(point.mean) + 2 * Number(point.se), 1);
      }
    }
  });

  it('writes the same summary.csv, ep.csv and convergence.csv for 1 or 2 workers, any chunk size, and shards merged', () => {
    for (const name of ['one', 'merged', 'shard1', 'shard2']) expectExit(runs[name]!, 0);
    for (const file of ['summary.csv', 'ep.csv', 'convergence.csv']) {
      const two = readFileSync(join(folder('two'), file));
      expect(readFileSync(join(folder('one'), file)).equals(two), file).toBe(true);
      expect(readFileSync(join(folder('merged'), file)).equals(two), file).toBe(true);
    }
  });

  it('draws the convergence chart and shows the p99 and TVaR 99 intervals in report.html', () => {
    expect(existsSync(join(folder('two'), 'charts/convergence.vl.json'))).toBe(true);
    const page = readFileSync(join(folder('two'), 'report.html'), 'utf8');
    expect(page).toContain('data-chart="convergence"');
    expect(page).toContain('p99, 90% interval');
    expect(page).toContain('TVaR 99, 90% interval');
    const platform = csv('two', 'summary.csv').rows.find((row) => row.strategy === 'baseline' && row.bearer === 'platform')!;
    const whole = (cell: string) => Math.round(Number(cell)).toLocaleString('en-US');
    expect(page).toContain(`${whole(platform.p99_lo!)} – ${whole(platform.p99_hi!)}`);
  });

  it('faultline report rebuilds a folder with them, and one written before them (no intervals, no convergence.csv)', async () => {
    const rebuilt = await runCli(['report', folder('one'), '--no-charts', '--quiet']);
    expectExit(rebuilt, 0);
    expect(readFileSync(join(folder('one'), 'charts/convergence.vl.json'), 'utf8')).toBe(readFileSync(join(folder('two'), 'charts/convergence.vl.json'), 'utf8'));

    const old = folder('one');
    const strip = (file: string, columns: number) => {
      const lines = readFileSync(join(old, file), 'utf8').split('\r\n');
      writeFileSync(join(old, file), lines.map((line) => (line === '' ? line : line.split(',').slice(0, columns).join(','))).join('\r\n'));
    };
    strip('summary.csv', 16);
    // ep.csv before perils and intervals: the `all` rows only, without the peril column.
    const ep = readFileSync(join(old, 'ep.csv'), 'utf8').split('\r\n');
    const kept = ep.filter((line, index) => line === '' || index === 0 || line.split(',')[2] === 'all');
    writeFileSync(
      join(old, 'ep.csv'),
      kept
        .map((line) =>
          line === ''
            ? line
            : line
                .split(',')
                .filter((_, column) => column !== 2)
                .slice(0, 5)
                .join(','),
        )
        .join('\r\n'),
    );
    rmSync(join(old, 'convergence.csv'));
    const result = await runCli(['report', old, '--no-charts', '--quiet']);
    expectExit(result, 0);
    const page = readFileSync(join(old, 'report.html'), 'utf8');
    expect(page).toContain('<!doctype html>');
    expect(page).not.toContain('data-chart="convergence"');
    expect(existsSync(join(old, 'charts/convergence.vl.json'))).toBe(false);
  });

  it('refuses an interval cell that is not a number, naming file, line and column', async () => {
    const broken = folder('merged');
    const file = join(broken, 'ep.csv');
    const lines = readFileSync(file, 'utf8').split('\r\n');
    lines[1] = lines[1]!.replace(/,[^,]*$/, ',lots');
    writeFileSync(file, lines.join('\r\n'));
    const result = await runCli(['report', broken, '--no-charts', '--quiet']);
    expectExit(result, 2);
    expect(result.stderr).toContain('ep.csv');
    expect(result.stderr).toMatch(/line 2|:2/);
    expect(result.stderr).toContain('loss_hi');
  });
});
