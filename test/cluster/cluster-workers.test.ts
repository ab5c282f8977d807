import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { ClusterRunner } from '../../src/cluster/cluster-runner.ts';
import { compileStrategies } from '../../src/engine/simulation-model.ts';
import type { ChunkResult } from '../../src/ledger/chunk-ledger.ts';
import { loadScenario } from '../../src/scenario/load-scenario.ts';
import { strategyScenarios, type StrategyScenario } from '../../src/scenario/strategies.ts';
import { startCli, startWorker } from '../helpers/redis-server.ts';
import { needs } from '../setup/needs.ts';
import { PROJECT_ROOT, runCli } from '../helpers/run-cli.ts';
import { expectExit } from '../helpers/expect-exit.ts';
import { LOSS_EVENT, MARKETPLACE, SMALL_SELLERS, allChunks, chunksLogged, expectSameReport, finished, manifestOf, midChunk, clusterTestFile } from '../helpers/cluster-run.ts';

/**
 * Cluster workers that fail or come and go: a worker killed mid-chunk has its chunk taken over;
 * a failing chunk fails the run and takes the run's other jobs off the queue; a run with no worker
 * connected warns and waits; a worker stopped with SIGTERM finishes the chunk in hand. The
 * test setup's redis-server, one queue per test (see cluster-cli.test.ts).
 */

const { root, redis } = clusterTestFile('faultline-cluster-workers', needs('redis'));

describe('a worker killed mid-chunk', () => {
  const queue = 'killed';
  // 15 chunks of about 0.2 s: A is killed holding its second or third, with most still to do.
  const TRIALS = 30_000;
  const CHUNK = 2_000;

  it("has its chunk taken over by the other worker; the run finishes with the local run's files", async () => {
    const [a, b] = await Promise.all([startWorker(redis.url, { queue, stallTimeoutMs: 1_000 }), startWorker(redis.url, { queue, stallTimeoutMs: 1_000 })]);
    const clusterOut = join(root, 'killed-redis');
    const localOut = join(root, 'killed-local');
    const run = startCli(['run', MARKETPLACE, '--trials', String(TRIALS), '--chunk-size', String(CHUNK), '--no-charts', '--redis', redis.url, '--queue', queue, '--out', clusterOut]);

    await midChunk(a, 'worker A');
    if (!run.alive) throw new Error(`the run finished before worker A could be killed: give it more trials\n${run.describe()}`);
    const killed = await a.kill();
    expect(killed.signal).toBe('SIGKILL');
    expect(run.alive, 'the run must still be running when A is killed').toBe(true);

    // What A had in hand: the chunks it started and never finished (one thread holds one chunk
    // and the next).
    const finishedByA = new Set(chunksLogged(a, 'done'));
    const inHand = chunksLogged(a, 'started').filter((chunk) => !finishedByA.has(chunk));
    expect(inHand.length, a.describe()).toBeGreaterThanOrEqual(1);
    expect(inHand.length, a.describe()).toBeLessThanOrEqual(2);

    const result = await finished(run);
    expectExit(result, 0);
    await b.kill();

    // B took A's chunks over; every chunk was done by one or the other.
    for (const chunk of inHand) expect(chunksLogged(b, 'done'), b.describe()).toContain(chunk);
    expect(new Set([...finishedByA, ...chunksLogged(b, 'done')])).toEqual(new Set(allChunks(TRIALS, CHUNK)));

    const manifest = manifestOf(clusterOut);
    if (manifest.execution.mode !== 'redis') throw new Error(`expected a redis run, got ${JSON.stringify(manifest.execution)}`);
    expect(manifest.execution.stalled_chunks).toBeGreaterThanOrEqual(inHand.length);
    expect(manifest.execution.worker_processes).toEqual([a.name, b.name].sort());

    expectExit(await runCli(['run', MARKETPLACE, '--trials', String(TRIALS), '--no-charts', '--out', localOut]), 0);
    expectSameReport(clusterOut, localOut);
  }, 150_000);
});

describe('a chunk that fails on its worker', () => {
  const queue = 'failing';

  it("fails the run with the worker's message and takes the run's other jobs off the queue", async () => {
    const worker = await startWorker(redis.url, { queue });
    const runner = await ClusterRunner.connect(redis.url, queue);
    const inspect = new Queue(queue, { connection: { host: '127.0.0.1', port: redis.port } });
    const keys = new Redis(redis.url);
    try {
      // Valid content that does not compile: the scenario's mitigations list replaced by null.
      const broken: StrategyScenario[] = strategyScenarios(loadScenario(join(PROJECT_ROOT, SMALL_SELLERS)).scenario);
      (broken[0]!.scenario as { mitigations: unknown }).mitigations = null;
      expect(() => compileStrategies(JSON.parse(JSON.stringify(broken)) as StrategyScenario[], 1)).toThrow(/mitigations/);

      // Many chunks: a failing chunk fails within milliseconds, and the run's other jobs must be
      // taken off the queue before the worker has failed them all.
      const CHUNKS = 400;
      const chunks = Array.from({ length: CHUNKS }, (_, index) => ({ firstTrial: index * 10 + 1, trialCount: 10 }));
      const received: ChunkResult[] = [];
      await expect(runner.run({ init: { strategies: broken, seed: 1, eltLimit: 0 }, chunks, onResult: (result) => received.push(result) })).rejects.toThrow(
        /^a worker failed trials \d+–\d+: .*mitigations/,
      );
      expect(received).toEqual([]);
      await worker.waitForLine(/ trials \d+–\d+ of small-sellers: failed: .*mitigations/);

      // None of the run's jobs wait or run any more (one the worker held when the run failed may
      // still be finishing).
      const pending = () => inspect.getJobCounts('wait', 'active', 'delayed', 'prioritized', 'waiting-children');
      const deadline = Date.now() + 10_000;
      let counts = await pending();
      while (Object.values(counts).some((count) => count > 0) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        counts = await pending();
      }
      expect(counts).toEqual({ wait: 0, active: 0, delayed: 0, prioritized: 0, 'waiting-children': 0 });
      // They were removed, not run: the worker failed only the few it took before the removal.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const failedChunks = chunksLogged(worker, 'failed');
      expect(failedChunks.length).toBeGreaterThan(0);
      expect(failedChunks.length).toBeLessThan(CHUNKS / 2);
      expect(chunksLogged(worker, 'started').length).toBe(failedChunks.length);
      // Failed jobs the removal found are gone too; one that failed after it stays in the failed set.
      const left = await inspect.getJobCounts('failed', 'completed');
      expect(left.completed).toBe(0);
      expect(left.failed).toBeLessThanOrEqual(failedChunks.length);
      expect(await keys.keys(`faultline:${queue}:result:*`)).toEqual([]);

      // The runner and the worker are still good for a run that works.
      const good = strategyScenarios(loadScenario(join(PROJECT_ROOT, LOSS_EVENT)).scenario);
      const results: ChunkResult[] = [];
      const ranOn = await runner.run({ init: { strategies: good, seed: 7, eltLimit: 0 }, chunks: chunks.slice(0, 3), onResult: (result) => results.push(result) });
      expect(results.map((result) => result.firstTrial).sort((x, y) => x - y)).toEqual([1, 11, 21]);
      expect(ranOn).toEqual({ execution: { mode: 'redis', queue, worker_processes: [worker.name], stalled_chunks: 0 }, workers: 1 });
    } finally {
      await Promise.allSettled([runner.close(), inspect.close()]);
      keys.disconnect();
      await worker.kill();
    }
  });
});

describe('a run started before any worker', () => {
  const queue = 'late';

  it('warns that no worker is connected, waits, and completes once one starts; SIGTERM then stops the worker with exit 0', async () => {
    const clusterOut = join(root, 'late-redis');
    const localOut = join(root, 'late-local');
    const run = startCli(['run', LOSS_EVENT, '--trials', '2000', '--chunk-size', '500', '--no-charts', '--redis', redis.url, '--queue', queue, '--out', clusterOut]);
    const warning = await run.waitForLine(/no faultline worker is connected/, { stream: 'stderr' });
    expect(warning).toBe(
      `faultline: no faultline worker is connected to queue ${queue} at ${redis.url} yet; the run waits for one (start it with: faultline worker --redis ${redis.url} --queue ${queue})`,
    );
    // It waits rather than failing.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(run.alive, run.describe()).toBe(true);
    expect(existsSync(clusterOut)).toBe(false);

    const worker = await startWorker(redis.url, { queue });
    const [result, local] = await Promise.all([finished(run), runCli(['run', LOSS_EVENT, '--trials', '2000', '--no-charts', '--out', localOut])]);
    expectExit(result, 0);
    expectExit(local, 0);
    expectSameReport(clusterOut, localOut);
    expect(manifestOf(clusterOut).execution).toEqual({ mode: 'redis', queue, worker_processes: [worker.name], stalled_chunks: 0 });
    expect(chunksLogged(worker, 'done').sort()).toEqual(allChunks(2000, 500).sort());

    const exit = await worker.stop();
    expect(exit, worker.describe()).toEqual({ status: 0, signal: null });
    expect(worker.stdoutLines.slice(-2).map((line) => line.replace(/^\S+ /, ''))).toEqual(['stopping: finishing the chunks in hand', 'stopped']);
  }, 120_000);
});

describe('a worker stopped with SIGTERM mid-chunk', () => {
  const queue = 'graceful';

  it('finishes the chunk in hand, exits 0, and the run needs no stalled-job recovery', async () => {
    const first = await startWorker(redis.url, { queue, stallTimeoutMs: 1_000 });
    const clusterOut = join(root, 'graceful-redis');
    const run = startCli(['run', LOSS_EVENT, '--trials', '30000', '--chunk-size', '1000', '--no-charts', '--redis', redis.url, '--queue', queue, '--out', clusterOut]);
    await midChunk(first, 'the worker');
    if (!run.alive) throw new Error(`the run finished before the worker could be stopped: give it more trials\n${run.describe()}`);
    const exit = await first.stop();
    expect(exit, first.describe()).toEqual({ status: 0, signal: null });
    // Every chunk it started, it finished, before it said it stopped.
    expect(chunksLogged(first, 'done').sort()).toEqual(chunksLogged(first, 'started').sort());
    expect(first.stdoutLines.at(-1)).toMatch(/ stopped$/);
    expect(run.alive, 'the run waits for the remaining chunks').toBe(true);

    const second = await startWorker(redis.url, { queue, stallTimeoutMs: 1_000 });
    const result = await finished(run);
    expectExit(result, 0);
    await second.kill();
    const manifest = manifestOf(clusterOut);
    expect(manifest.execution).toEqual({ mode: 'redis', queue, worker_processes: [first.name, second.name].sort(), stalled_chunks: 0 });
    const done = [...chunksLogged(first, 'done'), ...chunksLogged(second, 'done')];
    expect(done.sort()).toEqual(allChunks(30000, 1000).sort());
  }, 120_000);
});
