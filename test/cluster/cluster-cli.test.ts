import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChunkJobData, type ChunkJobReturn } from '../../src/cluster/chunk-job.ts';
import { decodeChunkResult } from '../../src/engine/chunk-codec.ts';
import { contentHash, encodeModelContent } from '../../src/engine/model-content.ts';
import type { ChunkResult } from '../../src/ledger/chunk-ledger.ts';
import { loadScenario } from '../../src/scenario/load-scenario.ts';
import { strategyScenarios } from '../../src/scenario/strategies.ts';
import { VERSION } from '../../src/version.ts';
import { chunkLines, startWorker, type WorkerProcess } from '../helpers/redis-server.ts';
import { reportDifferences } from '../helpers/report-files.ts';
import { needs } from '../setup/needs.ts';
import { makeTempFolder, PROJECT_ROOT, runCli, snapshotFolder, type CliResult } from '../helpers/run-cli.ts';
import { expectExit } from '../helpers/expect-exit.ts';
import { BLACK_FRIDAY, LOSS_EVENT, MARKETPLACE, SMALL_SELLERS, STRATEGIES, allChunks, chunksLogged, expectSameReport, manifestOf, clusterTestFile } from '../helpers/cluster-run.ts';

/**
 * Cluster mode end to end (issue 8): `faultline worker` processes take chunk jobs from a BullMQ
 * queue in a real redis-server, and `run --redis`, `batch --redis` and `sweep --redis` write the
 * same report, byte for byte, as a local run (run.json aside from EXECUTION_FIELDS); a worker of
 * another version refuses jobs; bad flags are usage errors. A worker's failures:
 * cluster-workers.test.ts; interruptions and a lost Redis: cluster-interruptions.test.ts.
 *
 * One redis-server for the file; each test uses its own queue so no test sees another's jobs.
 * The server is the test setup's (test/setup/provision.ts: it installs Debian's redis-server when
 * it can); without one every test here is skipped, saying why (under CI they fail).
 */

const { root, redis } = clusterTestFile('faultline-cluster', needs('redis'));

describe('a cluster run writes the report a local run writes', () => {
  const queue = 'same-bytes';
  let workers: WorkerProcess[] = [];

  beforeAll(async () => {
    workers = await Promise.all([startWorker(redis.url, { queue }), startWorker(redis.url, { queue })]);
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.kill()));
  });

  const clusterOut = join(root, 'marketplace-redis');
  const localOut = join(root, 'marketplace-local');

  it('marketplace, with charts: every file byte for byte, run.json apart from how it ran', async () => {
    const [cluster, local] = await Promise.all([
      runCli(['run', MARKETPLACE, '--trials', '6000', '--chunk-size', '1000', '--redis', redis.url, '--queue', queue, '--out', clusterOut]),
      runCli(['run', MARKETPLACE, '--trials', '6000', '--out', localOut]),
    ]);
    expectExit(cluster, 0);
    expectExit(local, 0);
    expect(cluster.stderr).not.toContain('no faultline worker is connected');
    expect(cluster.stdout).toContain('6,000 simulated years, seed 2027');

    const files = [...snapshotFolder(clusterOut).keys()];
    expect(files).toEqual(expect.arrayContaining(['report.html', 'summary.csv', 'ep.csv', 'allocation.csv', 'insurance.csv', 'distribution.csv', 'explain.json', 'run.json']));
    expect(files.filter((file) => file.startsWith('charts/') && file.endsWith('.svg')).length).toBeGreaterThan(0);
    expect(files.filter((file) => file.startsWith('charts/') && file.endsWith('.png')).length).toBeGreaterThan(0);
    expect(files.filter((file) => file.startsWith('charts/') && file.endsWith('.vl.json')).length).toBeGreaterThan(0);
    expectSameReport(clusterOut, localOut);

    const manifest = manifestOf(clusterOut);
    expect(manifest.execution).toEqual({ mode: 'redis', queue, worker_processes: workers.map((worker) => worker.name).sort(), stalled_chunks: 0 });
    expect(manifest.workers).toBe(2);
    expect(manifestOf(localOut).execution).toEqual({ mode: 'threads' });

    // Each chunk done once, by one of the two workers; each worker did at least one.
    const done = workers.flatMap((worker) => chunksLogged(worker, 'done'));
    expect(done.sort()).toEqual(allChunks(6000, 1000).sort());
    for (const worker of workers) {
      expect(chunksLogged(worker, 'done').length, worker.describe()).toBeGreaterThan(0);
      expect(chunksLogged(worker, 'failed')).toEqual([]);
      expect(chunksLogged(worker, 'refused')).toEqual([]);
    }
    expect(workers[0]!.stdoutLines[0]).toMatch(
      new RegExp(`^\\S+Z faultline worker ${VERSION.replaceAll('.', '\\.')} \\(${workers[0]!.name}\\) taking chunks from queue ${queue} at redis://127\\.0\\.0\\.1:${redis.port} on 1 thread$`),
    );
  }, 120_000);

  it('the folder comparison notices one changed byte, a missing file and a changed run.json, and ignores EXECUTION_FIELDS', () => {
    expect(existsSync(join(localOut, 'run.json')), "needs the previous test's reports").toBe(true);
    const copy = join(root, 'marketplace-copy');
    const fresh = () => {
      rmSync(copy, { recursive: true, force: true });
      cpSync(localOut, copy, { recursive: true });
    };

    fresh();
    expect(reportDifferences(localOut, copy)).toEqual([]);

    const png = [...snapshotFolder(copy).keys()].find((file) => file.endsWith('.png'))!;
    const bytes = readFileSync(join(copy, png));
    const middle = bytes.length >> 1;
    bytes.writeUInt8(bytes.readUInt8(middle) ^ 1, middle);
    writeFileSync(join(copy, png), bytes);
    expect(reportDifferences(localOut, copy)).toEqual([expect.stringMatching(new RegExp(`^${png.replaceAll('.', '\\.')} differs from byte \\d+`))]);

    fresh();
    rmSync(join(copy, 'report.html'));
    expect(reportDifferences(localOut, copy)).toEqual([`report.html only in ${localOut}`]);

    fresh();
    const manifest = JSON.parse(readFileSync(join(copy, 'run.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(copy, 'run.json'), JSON.stringify({ ...manifest, execution: { mode: 'redis' }, workers: 99, started_at: 'then' }, null, 2));
    expect(reportDifferences(localOut, copy)).toEqual([]);
    writeFileSync(join(copy, 'run.json'), JSON.stringify({ ...manifest, trials: 6001 }, null, 2));
    expect(reportDifferences(localOut, copy)).toEqual([expect.stringMatching(/^run\.json differs outside EXECUTION_FIELDS/)]);
    rmSync(copy, { recursive: true, force: true });
  });

  it('strategies with --elt 200, without charts: comparison.csv, elt.csv and elt_net.csv too', async () => {
    const clusterStrategies = join(root, 'strategies-redis');
    const localStrategies = join(root, 'strategies-local');
    const flags = ['--trials', '2000', '--elt', '200', '--no-charts'];
    const [cluster, local] = await Promise.all([
      runCli(['run', STRATEGIES, ...flags, '--chunk-size', '500', '--redis', redis.url, '--queue', queue, '--out', clusterStrategies]),
      runCli(['run', STRATEGIES, ...flags, '--out', localStrategies]),
    ]);
    expectExit(cluster, 0);
    expectExit(local, 0);
    const files = [...snapshotFolder(clusterStrategies).keys()];
    expect(files).toEqual(expect.arrayContaining(['comparison.csv', 'elt.csv', 'elt_net.csv', 'report.html']));
    expect(files.filter((file) => file.endsWith('.png') || file.endsWith('.svg'))).toEqual([]);
    // 200 rows and the header.
    expect(readFileSync(join(clusterStrategies, 'elt.csv'), 'utf8').trimEnd().split(/\r?\n/)).toHaveLength(201);
    expect(readFileSync(join(clusterStrategies, 'elt_net.csv'), 'utf8').trimEnd().split(/\r?\n/)).toHaveLength(201);
    expectSameReport(clusterStrategies, localStrategies);
    const manifest = manifestOf(clusterStrategies);
    expect(manifest.strategies).toHaveLength(4);
    expect(manifest.execution).toMatchObject({ mode: 'redis', queue, stalled_chunks: 0 });
    const names = workers.map((worker) => worker.name);
    const used = manifest.execution.mode === 'redis' ? manifest.execution.worker_processes : [];
    expect(used.length).toBeGreaterThan(0);
    for (const name of used) expect(names).toContain(name);
  }, 120_000);
});

describe('a worker refuses jobs it must not simulate', () => {
  const queue = 'refusals';
  let worker: WorkerProcess;
  let queueClient: Queue;
  let events: QueueEvents;
  let model: ChunkJobData['model'];
  let results: Redis;

  beforeAll(async () => {
    const connection = { host: '127.0.0.1', port: redis.port };
    worker = await startWorker(redis.url, { queue });
    queueClient = new Queue(queue, { connection });
    events = new QueueEvents(queue, { connection });
    results = new Redis(redis.url);
    await Promise.all([queueClient.waitUntilReady(), events.waitUntilReady()]);
    model = encodeModelContent(strategyScenarios(loadScenario(join(PROJECT_ROOT, SMALL_SELLERS)).scenario));
  });

  afterAll(async () => {
    await Promise.allSettled([events?.close(), queueClient?.close()]);
    results?.disconnect();
    await worker?.kill();
  });

  /** A valid job of trials first…first+9 of small-sellers, with `changes`. */
  function jobData(first: number, changes: Partial<ChunkJobData> = {}): ChunkJobData {
    return {
      faultline_version: VERSION,
      scenario: 'small-sellers',
      model,
      seed: 2027,
      eltLimit: 0,
      firstTrial: first,
      trialCount: 10,
      resultKey: `faultline:${queue}:result:test-${first}`,
      ...changes,
    };
  }

  async function outcome(data: ChunkJobData): Promise<ChunkJobReturn> {
    const job = await queueClient.add('chunk', data, { attempts: 1 });
    return (await job.waitUntilFinished(events, 60_000)) as ChunkJobReturn;
  }

  it('simulates a valid job and stores its result (the control)', async () => {
    const value = await outcome(jobData(1));
    expect(value).toEqual({ resultKey: `faultline:${queue}:result:test-1`, bytes: expect.any(Number), worker: worker.name });
    const bytes = await results.getBuffer(value.resultKey);
    expect(bytes?.length).toBe(value.bytes);
    const result: ChunkResult = decodeChunkResult(bytes!);
    expect(result.firstTrial).toBe(1);
    expect(result.trialCount).toBe(10);
    await worker.waitForLine(/ trials 1–10 of small-sellers: done in \d+\.\d\d s$/);
  });

  it('refuses a job of a newer version, with the version to upgrade to', async () => {
    await expect(outcome(jobData(101, { faultline_version: '99.0.0' }))).rejects.toThrow(
      `this worker runs Faultline ${VERSION}, older than the 99.0.0 that started the run: upgrade the worker to 99.0.0`,
    );
    await worker.waitForLine(new RegExp(` trials 101–110 of small-sellers: refused: this worker runs Faultline ${VERSION.replaceAll('.', '\\.')}, older than the 99\\.0\\.0 `));
    expect(await results.exists(`faultline:${queue}:result:test-101`)).toBe(0);
  });

  it('refuses a job of an older version', async () => {
    await expect(outcome(jobData(201, { faultline_version: '0.0.1' }))).rejects.toThrow(`this worker runs Faultline ${VERSION}, newer than the 0.0.1 that started the run`);
    await worker.waitForLine(/ trials 201–210 of small-sellers: refused: /);
  });

  it('fails a job whose scenario content does not match its hash', async () => {
    // Hashes this worker has not seen: it must decode (and so check) the content.
    const other = encodeModelContent(strategyScenarios(loadScenario(join(PROJECT_ROOT, BLACK_FRIDAY)).scenario));
    const tampered = { content: other.content.replace('"black-friday-outage"', '"black-friday-outagf"'), hash: other.hash };
    expect(tampered.content).not.toBe(other.content);
    await expect(outcome(jobData(301, { model: tampered }))).rejects.toThrow(`the scenario content does not match its hash (expected ${other.hash}, got ${contentHash(tampered.content)})`);
    await worker.waitForLine(/ trials 301–310 of small-sellers: failed: the scenario content does not match its hash/);
    await expect(outcome(jobData(401, { model: { content: model.content, hash: contentHash('something else') } }))).rejects.toThrow('does not match its hash');
    await worker.waitForLine(/ trials 401–410 of small-sellers: failed: the scenario content does not match its hash/);
    expect(await results.exists(`faultline:${queue}:result:test-301`)).toBe(0);
    // Unrecoverable: tried once, not retried.
    const failed = await queueClient.getFailed();
    expect(failed.filter((job) => (job.data as ChunkJobData).firstTrial === 301).map((job) => job.attemptsMade)).toEqual([1]);
  });
});

describe('cluster flags', () => {
  const cases: [name: string, args: string[], message: string][] = [
    ['a --redis that is not a redis:// URL', ['run', LOSS_EVENT, '--redis', 'not-a-url'], '--redis: expected a Redis URL such as redis://127.0.0.1:6379, got "not-a-url"'],
    ['an http:// --redis', ['run', LOSS_EVENT, '--redis', 'http://127.0.0.1:6379'], '--redis: expected a Redis URL'],
    ['--queue without --redis', ['run', LOSS_EVENT, '--queue', 'q'], '--queue: expected --redis with it'],
    ['--redis-wait without --redis', ['sweep', LOSS_EVENT, '--set', 'trials=5,6', '--redis-wait', '5'], '--redis-wait: expected --redis with it'],
    ['--redis-wait of 0', ['run', LOSS_EVENT, '--redis', 'redis://127.0.0.1:1', '--redis-wait', '0'], '--redis-wait: expected a whole number from 1 to 3,600, got "0"'],
    ['batch --redis-wait not a number', ['batch', LOSS_EVENT, '--redis', 'redis://127.0.0.1:1', '--redis-wait', '5s'], '--redis-wait: expected a whole number from 1 to 3,600, got "5s"'],
    ['--workers with --redis', ['run', LOSS_EVENT, '--redis', 'redis://127.0.0.1:1', '--workers', '2'], '--workers: expected no --workers with --redis'],
    ['batch --workers with --redis', ['batch', LOSS_EVENT, '--redis', 'redis://127.0.0.1:1', '--workers', '2'], '--workers: expected no --workers with --redis'],
    ['worker without --redis', ['worker'], "required option '--redis <URL>' not specified"],
    ['worker --stall-timeout below 1000', ['worker', '--redis', 'redis://127.0.0.1:1', '--stall-timeout', '5'], '--stall-timeout: expected a whole number from 1000'],
    ['worker --redis not a URL', ['worker', '--redis', 'localhost:6379'], '--redis: expected a Redis URL'],
  ];
  const outOf = (name: string) => join(root, `flags-${name.replace(/\W+/g, '-')}`);
  const results = new Map<string, CliResult>();
  beforeAll(async () => {
    await Promise.all(cases.map(async ([name, args]) => results.set(name, await runCli(args[0] === 'worker' ? args : [...args, '--out', outOf(name)]))));
  });

  it.each(cases)('%s is a usage error (exit 2) naming the flag', (name, _args, message) => {
    const result = results.get(name)!;
    expectExit(result, 2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toContain('cannot reach Redis');
    expect(existsSync(outOf(name))).toBe(false);
  });
});

describe('batch --redis', () => {
  const queue = 'batch';

  it('writes the folders and batch-summary.csv a local batch writes', async () => {
    const workers = await Promise.all([startWorker(redis.url, { queue }), startWorker(redis.url, { queue })]);
    try {
      // Run from a folder of their own with the same relative --out, so that batch-summary.csv
      // (which names each report folder) can be compared byte for byte.
      const clusterCwd = makeTempFolder('faultline-batch-redis');
      const localCwd = makeTempFolder('faultline-batch-local');
      const files = [SMALL_SELLERS, BLACK_FRIDAY].map((file) => join(PROJECT_ROOT, file));
      const flags = ['--trials', '2000', '--no-charts', '--out', 'out'];
      try {
        const [cluster, local] = await Promise.all([
          runCli(['batch', ...files, ...flags, '--redis', redis.url, '--queue', queue], { cwd: clusterCwd }),
          runCli(['batch', ...files, ...flags], { cwd: localCwd }),
        ]);
        expectExit(cluster, 0);
        expectExit(local, 0);
        const clusterOut = join(clusterCwd, 'out');
        const localOut = join(localCwd, 'out');
        expect([...snapshotFolder(clusterOut).keys()]).toEqual(
          expect.arrayContaining(['batch-summary.csv', 'small-sellers/run.json', 'black-friday-outage/run.json', 'small-sellers/summary.csv', 'black-friday-outage/summary.csv']),
        );
        expectSameReport(clusterOut, localOut);
        expect(readFileSync(join(clusterOut, 'batch-summary.csv'), 'utf8')).toContain('small-sellers');
        for (const name of ['small-sellers', 'black-friday-outage']) {
          const manifest = manifestOf(join(clusterOut, name));
          expect(manifest.execution, name).toMatchObject({ mode: 'redis', queue, stalled_chunks: 0 });
          // Each scenario is one chunk: its run.json names the one worker that did it, not the batch's.
          const doneBy = workers.filter((worker) => chunkLines(worker.stdoutLines).some((line) => line.event === 'done' && line.scenario === name));
          expect(manifest.execution.mode === 'redis' && manifest.execution.worker_processes, name).toEqual(doneBy.map((worker) => worker.name));
          expect(manifest.workers, name).toBe(1);
        }
        const done = workers.flatMap((worker) =>
          chunkLines(worker.stdoutLines)
            .filter((line) => line.event === 'done')
            .map((line) => line.scenario),
        );
        expect(done.sort()).toEqual(['black-friday-outage', 'small-sellers']);
      } finally {
        rmSync(clusterCwd, { recursive: true, force: true });
        rmSync(localCwd, { recursive: true, force: true });
      }
    } finally {
      await Promise.all(workers.map((worker) => worker.kill()));
    }
  }, 120_000);
});

describe('sweep --redis', () => {
  const queue = 'sweep';

  it("writes the sweep a local sweep writes: sweep.csv, sweep.json and each value's report", async () => {
    const worker = await startWorker(redis.url, { queue });
    try {
      // From folders of their own with the same relative --out: sweep.csv names each report folder.
      const clusterCwd = makeTempFolder('faultline-sweep-redis');
      const localCwd = makeTempFolder('faultline-sweep-local');
      const flags = ['sweep', join(PROJECT_ROOT, SMALL_SELLERS), '--set', 'trials=1500,2500', '--no-charts', '--quiet', '--out', 'out'];
      try {
        const [cluster, local] = await Promise.all([runCli([...flags, '--redis', redis.url, '--queue', queue], { cwd: clusterCwd }), runCli(flags, { cwd: localCwd })]);
        expectExit(cluster, 0);
        expectExit(local, 0);
        const clusterOut = join(clusterCwd, 'out');
        expect([...snapshotFolder(clusterOut).keys()]).toEqual(expect.arrayContaining(['sweep.csv', 'sweep.json']));
        expect([...snapshotFolder(clusterOut).keys()].filter((name) => name.endsWith('/run.json'))).toHaveLength(2);
        expectSameReport(clusterOut, join(localCwd, 'out'));
        expect(chunksLogged(worker, 'done')).toEqual(expect.arrayContaining(['1–1500', '1–2500']));
      } finally {
        rmSync(clusterCwd, { recursive: true, force: true });
        rmSync(localCwd, { recursive: true, force: true });
      }
    } finally {
      await worker.kill();
    }
  }, 120_000);
});
