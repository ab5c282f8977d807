/**
 * `npm run bench`: throughput and memory figures. Prints numbers; never passes or fails on time.
 *
 * 1. A loss_event scenario at 10^6 trials through the CLI (all cores), against a plain loop that
 *    makes the same draws and computes the same statistics in one thread.
 * 2. The default marketplace scenario at 10^6 trials, on all cores and on one worker.
 * 3. The four strategies of scenarios/strategies.yaml (the default scenario) at 10^6 trials each:
 *    trials × strategies per second, on all cores and on one worker.
 * 4. The default scenario through a Redis queue on 1 and 2 `faultline worker` processes (one
 *    thread each) against the in-process pool of 1 and 2 threads, and the overhead per chunk.
 * 5. Start-up: `faultline --version` and `faultline --help`, the median of 11 runs each (target < 0.2 s),
 *    and section 1's scenario at 1,000 years (the fixed cost of a run).
 * 6. report.html in Debian's Chromium (/usr/bin/chromium, skipped with a message when missing): the
 *    time from navigation start to every chart drawn (`body[data-charts=done]`), at 1400 and 400 px,
 *    for the default and strategies scenarios (10,000 trials), the median of 5 loads each.
 * 7. The big tables of section 1's loss_event scenario at 10^6 trials (BENCH_TRIALS): the sizes of
 *    elt.csv, elt_net.csv and ylt.csv as CSV, CSV.gz (--gzip) and Parquet (--format parquet), and
 *    what writing them adds to the run (one worker, so the difference is the writing).
 *
 * 8. riskquant (Netflix, numpy; test/bench/riskquant/) on section 1's model at 10^6 years against
 *    `faultline run --no-charts` of it, in interleaved pairs (skipped with a message without
 *    Python 3, numpy and scipy).
 * 9. Peak memory of the default scenario at 10^7 years (BENCH_BIG_TRIALS), 2 workers, --no-charts:
 *    run only when asked for (BENCH_ONLY=9), as it takes minutes.
 *
 * Each figure is printed with its target (issue 16). BENCH_ONLY=4 runs one section (a
 * comma-separated list: BENCH_ONLY=2,4).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createCountSampler } from '../../src/random/sample-count.ts';
import { createSeveritySampler } from '../../src/random/sample-severity.ts';
import { createStream, generatorKey, seedKey } from '../../src/random/trial-random.ts';
import { exceedanceCurve } from '../../src/stats/exceedance-curve.ts';
import { summarizeLosses } from '../../src/stats/summarize-losses.ts';
import { CLUSTER_CHUNK_SIZE } from '../../src/cluster/cluster-runner.ts';
import { startRedisServer, startWorker } from '../helpers/redis-server.ts';

const TRIALS = Number(process.env.BENCH_TRIALS ?? 1_000_000);
const ONLY = process.env.BENCH_ONLY?.split(',').map(Number);
const section = (number: number) => (!ONLY && number !== 9) || (ONLY?.includes(number) ?? false);
const work = mkdtempSync(join(tmpdir(), 'faultline-bench-'));

const LOSS_EVENT_SCENARIO = `
name: bench-loss-event
seed: 11
incidents:
  - type: loss_event
    name: fraud
    frequency: { dist: poisson, mean: 2 }
    loss: { dist: lognormal, p05: 10000, p95: 1000000 }
    bearer: platform
`;

interface CliFigures {
  seconds: number;
  trialsPerSecond: number;
  peakRssMib: number;
  simulateMs: number;
}

function runCli(scenarioFile: string, extra: string[], trials = TRIALS, out = join(work, `out-${Math.random().toString(36).slice(2)}`)): CliFigures {
  const started = performance.now();
  const result = spawnSync(process.execPath, ['src/cli/bin.js', 'run', scenarioFile, '--trials', String(trials), '--quiet', '--out', out, ...extra], {
    encoding: 'utf8',
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`faultline run failed (${result.status}): ${result.stderr}`);
  const manifest = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { peak_rss_mib: number; timings_ms: { simulate: number } };
  return { seconds, trialsPerSecond: trials / seconds, peakRssMib: manifest.peak_rss_mib, simulateMs: manifest.timings_ms.simulate };
}

/** The same draws as the engine (same generators, same samplers), with no pipeline around them. */
function plainLoop(withStatistics: boolean): number {
  const started = performance.now();
  const seed = seedKey(11);
  const countKey = generatorKey('incident:fraud:count');
  const timeKey = generatorKey('incident:fraud:time');
  const severityKey = generatorKey('incident:fraud:severity');
  const count = createCountSampler({ dist: 'poisson', mean: 2 });
  const loss = createSeveritySampler({ dist: 'lognormal', p05: 10000, p95: 1000000 });
  const annual = new Float64Array(TRIALS);
  const largest = new Float64Array(TRIALS);
  let timeSum = 0;
  for (let trial = 1; trial <= TRIALS; trial++) {
    const n = count(createStream(seed, trial, countKey));
    if (n === 0) continue;
    const time = createStream(seed, trial, timeKey);
    const severity = createStream(seed, trial, severityKey);
    let total = 0;
    let max = 0;
    for (let k = 0; k < n; k++) {
      timeSum += time();
      const amount = loss(severity);
      total += amount;
      if (amount > max) max = amount;
    }
    annual[trial - 1] = total;
    largest[trial - 1] = max;
  }
  if (withStatistics) {
    summarizeLosses(annual);
    exceedanceCurve(Float64Array.from(annual).sort());
    exceedanceCurve(Float64Array.from(largest).sort());
  }
  if (Number.isNaN(timeSum)) throw new Error('unreachable: keeps the time draws alive');
  return (performance.now() - started) / 1000;
}

function line(label: string, value: string): void {
  console.log(`${label.padEnd(52)} ${value}`);
}
const rate = (perSecond: number) => `${Math.round(perSecond).toLocaleString('en-US')} trials/s`;

const scenarioFile = join(work, 'bench-loss-event.yaml');
writeFileSync(scenarioFile, LOSS_EVENT_SCENARIO);
console.log(`Faultline benchmarks: ${TRIALS.toLocaleString('en-US')} trials, ${availableParallelism()} cores, Node ${process.version}\n`);

if (section(1)) lossEventBenchmark();
if (section(2)) defaultScenarioBenchmark();
if (section(3)) strategiesBenchmark();
if (section(4)) await clusterBenchmark();
if (section(5)) startupBenchmark();
if (section(6)) await reportRenderBenchmark();
if (section(7)) tablesBenchmark();
if (section(8)) riskquantBenchmark();
if (section(9)) bigRunBenchmark();

/** Section 8: riskquant and Faultline on the same loss_event model, in interleaved pairs. */
function riskquantBenchmark(): void {
  console.log('\n8. riskquant (Netflix, numpy) against faultline run --no-charts, the loss_event model of section 1, interleaved pairs');
  const script = join(dirname(fileURLToPath(import.meta.url)), 'riskquant-loss-event.py');
  const probe = spawnSync('python3', ['-c', 'import numpy, scipy'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    line('  skipped', 'needs python3 with numpy and scipy (Debian: apt-get install python3-numpy python3-scipy)');
    return;
  }
  const ratios: number[] = [];
  for (let pair = 0; pair < 3; pair++) {
    const started = performance.now();
    const result = spawnSync('python3', [script, String(TRIALS)], { encoding: 'utf8' });
    const wall = (performance.now() - started) / 1000;
    if (result.status !== 0) throw new Error(`riskquant failed (${result.status}): ${result.stderr}`);
    const { seconds } = JSON.parse(result.stdout) as { seconds: number };
    const faultline = runCli(scenarioFile, ['--no-charts']);
    ratios.push(wall / faultline.seconds);
    line(`  pair ${pair + 1}: riskquant (process / its own timing), faultline`, `${wall.toFixed(2)} s / ${seconds.toFixed(2)} s, ${faultline.seconds.toFixed(2)} s`);
  }
  ratios.sort((a, b) => a - b);
  line('  riskquant time / faultline time, median of the pairs', `${ratios[1]!.toFixed(2)}× (target ≥ 5×: faultline five times faster)`);
}

/** Section 9: the default scenario at 10^7 years: peak memory with the year loss table of that size. */
function bigRunBenchmark(): void {
  const trials = Number(process.env.BENCH_BIG_TRIALS ?? 10_000_000);
  console.log(`\n9. scenarios/marketplace.yaml at ${trials.toLocaleString('en-US')} years, ${availableParallelism()} workers, --no-charts`);
  const big = runCli('scenarios/marketplace.yaml', ['--no-charts'], trials);
  line('  time', `${big.seconds.toFixed(1)} s  ${rate(big.trialsPerSecond)}`);
  line('  peak RSS', `${big.peakRssMib} MiB (target < 1,536 MiB at 10^7)`);
}

/** Section 7: elt, elt_net and ylt as CSV, gzip-compressed CSV and Parquet: their sizes and the time to write them. */
function tablesBenchmark(): void {
  const scenario = scenarioFile;
  console.log('\n7. the big tables of the loss_event scenario of section 1 (--elt --ylt, 1 worker, --no-charts): sizes and writing time');
  const common = ['--workers', '1', '--no-charts'];
  const none = runCli(scenario, common);
  line('  without tables', `${none.seconds.toFixed(2)} s`);
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  for (const [label, flags, suffix] of [
    ['CSV', [], '.csv'],
    ['CSV.gz (--gzip)', ['--gzip'], '.csv.gz'],
    ['Parquet (--format parquet)', ['--format', 'parquet'], '.parquet'],
  ] as const) {
    const out = join(work, `tables-${suffix.replaceAll('.', '-')}`);
    const run = runCli(scenario, [...common, '--elt', '--ylt', ...flags], TRIALS, out);
    const manifest = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { elt_rows: number; elt_net_rows: number; ylt_rows: number };
    const sizes = (['elt', 'elt_net', 'ylt'] as const).map((table) => `${table} ${mib(statSync(join(out, `${table}${suffix}`)).size)}`);
    line(`  ${label}`, `${sizes.join(', ')}; ${run.seconds.toFixed(2)} s (+${(run.seconds - none.seconds).toFixed(2)} s)`);
    if (suffix === '.csv')
      line('  rows', `elt ${manifest.elt_rows.toLocaleString('en-US')}, elt_net ${manifest.elt_net_rows.toLocaleString('en-US')}, ylt ${manifest.ylt_rows.toLocaleString('en-US')}`);
  }
}

/**
 * Section 5: what a command costs before it does anything (the CLI loads no command's module until
 * it runs), and the fixed cost of a run: section 1's scenario at 1,000 years, whole process (the
 * command's modules, a worker thread and its modules, the report's files).
 */
function startupBenchmark(): void {
  console.log('\n5. start-up (median of 11 runs; target < 0.2 s for --version and --help)');
  const commands = [['--version'], ['--help'], ['run', scenarioFile, '--trials', '1000', '--no-charts', '--quiet', '--out', join(work, 'startup-run')]];
  for (const args of commands) {
    const seconds = Array.from({ length: 11 }, () => {
      const started = performance.now();
      const result = spawnSync(process.execPath, ['src/cli/bin.js', ...args], { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`faultline ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
      return (performance.now() - started) / 1000;
    }).sort((a, b) => a - b);
    const label = args[0] === 'run' ? 'faultline run <section 1> -n 1000 --no-charts' : `faultline ${args.join(' ')}`;
    line(`  ${label}`, `${seconds[5]!.toFixed(3)} s  (fastest ${seconds[0]!.toFixed(3)} s)`);
  }
}

/** Section 4: the same run through Redis on worker processes, against the in-process pool. */
async function clusterBenchmark(): Promise<void> {
  console.log('\n4. scenarios/marketplace.yaml through a Redis queue (BullMQ), --no-charts');
  const redis = await startRedisServer();
  try {
    const pooled = (threads: number) => runCli('scenarios/marketplace.yaml', ['--workers', String(threads), '--no-charts']);
    const clustered = async (processes: number, extra: string[] = [], trials = TRIALS) => {
      const workers = await Promise.all(Array.from({ length: processes }, () => startWorker(redis.url, ['--threads', '1'])));
      try {
        return runCli('scenarios/marketplace.yaml', ['--redis', redis.url, '--no-charts', ...extra], trials);
      } finally {
        await Promise.all(workers.map((worker) => worker.stop()));
      }
    };
    const chunks = Math.ceil(TRIALS / CLUSTER_CHUNK_SIZE);
    const simulation = (figures: CliFigures) => `simulation ${(figures.simulateMs / 1000).toFixed(2)} s  ${rate(TRIALS / (figures.simulateMs / 1000))}`;
    const pool1 = pooled(1);
    const pool2 = pooled(2);
    const redis1 = await clustered(1);
    const redis2 = await clustered(2);
    line('  in-process pool, 1 thread', `${pool1.seconds.toFixed(2)} s  ${simulation(pool1)}`);
    line('  in-process pool, 2 threads', `${pool2.seconds.toFixed(2)} s  ${simulation(pool2)}`);
    line(`  Redis, 1 worker process (${chunks} chunks of ${CLUSTER_CHUNK_SIZE.toLocaleString('en-US')})`, `${redis1.seconds.toFixed(2)} s  ${simulation(redis1)}`);
    line('  Redis, 2 worker processes', `${redis2.seconds.toFixed(2)} s  ${simulation(redis2)}`);
    line('  Redis over pool, 1 worker', `${(redis1.simulateMs / pool1.simulateMs).toFixed(3)}×, ${((redis1.simulateMs - pool1.simulateMs) / chunks).toFixed(1)} ms per chunk`);
    line('  Redis over pool, 2 workers', `${(redis2.simulateMs / pool2.simulateMs).toFixed(3)}×, ${((redis2.simulateMs - pool2.simulateMs) / chunks).toFixed(1)} ms per chunk`);
    line('  speedup, 2 worker processes over 1', `${(redis1.simulateMs / redis2.simulateMs).toFixed(2)}×`);
    // Tiny chunks make the fixed cost per chunk (enqueue, lock, result round trip) visible.
    const TINY = 100;
    const tinyTrials = 20_000;
    const tinyPool = runCli('scenarios/marketplace.yaml', ['--workers', '1', '--no-charts', '--chunk-size', String(TINY)], tinyTrials);
    const tinyRedis = await clustered(1, ['--chunk-size', String(TINY)], tinyTrials);
    const tinyChunks = tinyTrials / TINY;
    line(
      `  overhead per chunk (${tinyChunks} chunks of ${TINY}, 1 worker)`,
      `${((tinyRedis.simulateMs - tinyPool.simulateMs) / tinyChunks).toFixed(2)} ms (pool ${(tinyPool.simulateMs / 1000).toFixed(2)} s, Redis ${(tinyRedis.simulateMs / 1000).toFixed(2)} s)`,
    );
  } finally {
    await redis.stop();
  }
}

/** Section 1: a loss_event scenario through the CLI against a plain loop. */
function lossEventBenchmark(): void {
  console.log('1. loss_event scenario (Poisson λ = 2, lognormal p05/p95)');
  plainLoop(false); // warm up the JIT the way a long CLI run warms up its workers
  const plainDraws = plainLoop(false);
  const plainAll = plainLoop(true);
  line('  plain loop, draws only (1 thread)', `${plainDraws.toFixed(2)} s  ${rate(TRIALS / plainDraws)}`);
  line('  plain loop, draws + statistics (1 thread)', `${plainAll.toFixed(2)} s  ${rate(TRIALS / plainAll)}`);
  // The plain loop draws no charts: the CLI is timed with --no-charts (it still writes every CSV,
  // explain.json, the chart specs and report.html); the chart rendering is timed on its own.
  const cli = runCli(scenarioFile, ['--no-charts']);
  const drawn = runCli(scenarioFile, []);
  line('  faultline run --no-charts, all cores (whole CLI process)', `${cli.seconds.toFixed(2)} s  ${rate(cli.trialsPerSecond)}`);
  line('  ratio CLI / plain loop with statistics', `${(cli.seconds / plainAll).toFixed(2)}× (target ≤ 2×)`);
  line('  peak RSS of the CLI', `${cli.peakRssMib} MiB`);
  line('  the same with charts rendered (SVG and PNG)', `${drawn.seconds.toFixed(2)} s (+${(drawn.seconds - cli.seconds).toFixed(2)} s)`);
}

/** Section 2: the default scenario on all cores and on one worker. */
function defaultScenarioBenchmark(): void {
  console.log('\n2. scenarios/marketplace.yaml (the default scenario)');
  const all = runCli('scenarios/marketplace.yaml', []);
  const one = runCli('scenarios/marketplace.yaml', ['--workers', '1']);
  line(
    `  faultline run, ${availableParallelism()} workers`,
    `${all.seconds.toFixed(2)} s  ${rate(all.trialsPerSecond)} (target ≥ 100,000 on 2)  (simulation alone ${rate(TRIALS / (all.simulateMs / 1000))})`,
  );
  line('  faultline run, 1 worker', `${one.seconds.toFixed(2)} s  ${rate(one.trialsPerSecond)}  (simulation alone ${rate(TRIALS / (one.simulateMs / 1000))})`);
  line('  speedup, all workers over 1', `${(one.seconds / all.seconds).toFixed(2)}× (target ≥ 1.85× on 2)`);
  line(`  peak RSS, ${TRIALS.toLocaleString('en-US')} years, ${availableParallelism()} workers / 1 worker`, `${all.peakRssMib} / ${one.peakRssMib} MiB (target < 300 MiB at 10^6)`);
}

/** Section 3: four strategies on common random numbers. */
function strategiesBenchmark(): void {
  console.log('\n3. scenarios/strategies.yaml (4 strategies of the default scenario, common random numbers)');
  const STRATEGIES = 4;
  const allStrategies = runCli('scenarios/strategies.yaml', []);
  const oneStrategies = runCli('scenarios/strategies.yaml', ['--workers', '1']);
  const strategyRate = (figures: CliFigures) => `${Math.round((TRIALS * STRATEGIES) / figures.seconds).toLocaleString('en-US')} trials·strategies/s`;
  line(`  faultline run, ${availableParallelism()} workers`, `${allStrategies.seconds.toFixed(2)} s  ${strategyRate(allStrategies)}  peak RSS ${allStrategies.peakRssMib} MiB`);
  line('  faultline run, 1 worker', `${oneStrategies.seconds.toFixed(2)} s  ${strategyRate(oneStrategies)}  peak RSS ${oneStrategies.peakRssMib} MiB`);
  line('  speedup, all workers over 1', `${(oneStrategies.seconds / allStrategies.seconds).toFixed(2)}× (target ≥ 1.7×)`);
}

/** Section 6: report.html from load to every chart drawn, in Chromium. */
async function reportRenderBenchmark(): Promise<void> {
  console.log('\n6. report.html, navigation start to every chart drawn (Chromium, headless, median of 5 loads)');
  // Where Debian installs Chromium (the browser tests use the same one).
  const CHROMIUM = '/usr/bin/chromium';
  if (!existsSync(CHROMIUM)) {
    console.log(`  skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
    return;
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    for (const scenario of ['scenarios/marketplace.yaml', 'scenarios/strategies.yaml']) {
      const out = join(work, `report-${scenario.replace(/\W/g, '-')}`);
      const result = spawnSync(process.execPath, ['src/cli/bin.js', 'run', scenario, '--trials', '10000', '--quiet', '--no-charts', '--out', out], { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`faultline run failed (${result.status}): ${result.stderr}`);
      for (const width of [1400, 400]) {
        const context = await browser.newContext({ viewport: { width, height: 900 }, offline: true });
        const times: number[] = [];
        for (let load = 0; load < 5; load++) {
          const page = await context.newPage();
          await page.goto(pathToFileURL(join(out, 'report.html')).href, { waitUntil: 'load' });
          await page.waitForSelector('body[data-charts="done"]', { timeout: 120_000 });
          times.push(await page.evaluate(() => performance.now()));
          await page.close();
        }
        await context.close();
        const median = [...times].sort((a, b) => a - b)[2]!;
        line(`  ${scenario} at ${width} px`, `${Math.round(median)} ms`);
      }
    }
  } finally {
    await browser.close();
  }
}
