import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { freePort, startCli, startRedisServer, startWorker } from '../helpers/redis-server.ts';
import { needs } from '../setup/needs.ts';
import { runCli, snapshotFolder } from '../helpers/run-cli.ts';
import { expectExit } from '../helpers/expect-exit.ts';
import { ClusterRunner } from '../../src/cluster/cluster-runner.ts';
import { LOSS_EVENT, MARKETPLACE, finished, clusterTestFile } from '../helpers/cluster-run.ts';

/**
 * A cluster run that cannot finish: an unreachable Redis writes nothing, an interrupted run exits
 * 1 and takes its waiting jobs off the queue, and a Redis that goes away fails the run after
 * `--redis-wait` seconds without it, or at Ctrl-C. The test setup's redis-server, one queue per test (see cluster-cli.test.ts).
 */

const { root, redis } = clusterTestFile('faultline-cluster-interruptions', needs('redis'));

describe('an unreachable Redis', () => {
  it('fails run and worker with exit 1 and writes nothing; an earlier report stays as it was', async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const fresh = join(root, 'unreachable-fresh');
    const earlier = join(root, 'unreachable-earlier');
    let before = new Map<string, Buffer>();
    const [run, overwrite, worker] = await Promise.all([
      runCli(['run', LOSS_EVENT, '--trials', '300', '--redis', url, '--out', fresh]),
      (async () => {
        expectExit(await runCli(['run', LOSS_EVENT, '--trials', '300', '--no-charts', '--out', earlier, '--quiet']), 0);
        before = snapshotFolder(earlier);
        return runCli(['run', LOSS_EVENT, '--trials', '300', '--redis', url, '--out', earlier]);
      })(),
      runCli(['worker', '--redis', url, '--threads', '1']),
    ]);
    expect(before.size).toBeGreaterThan(0);
    const message = new RegExp(`^faultline: cannot reach Redis at redis://127\\.0\\.0\\.1:${port}: .+$`, 'm');
    for (const result of [run, overwrite, worker]) {
      expectExit(result, 1);
      expect(result.stderr).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+/);
      expect(result.stderr).toMatch(message);
    }
    expect(existsSync(fresh)).toBe(false);
    const after = snapshotFolder(earlier);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [name, bytes] of before) expect(after.get(name)!.equals(bytes), name).toBe(true);
  });
});

describe('a cluster run interrupted (SIGTERM, as Ctrl-C)', () => {
  const queue = 'interrupted';

  it('exits 1 with no report, and takes its waiting jobs off the queue', async () => {
    const worker = await startWorker(redis.url, { queue });
    const inspect = new Queue(queue, { connection: { url: redis.url } });
    try {
      const out = join(root, 'interrupted');
      const run = startCli(['run', MARKETPLACE, '--trials', '200000', '--chunk-size', '1000', '--no-charts', '--redis', redis.url, '--queue', queue, '--out', out]);
      await worker.waitForLine(/: done in /);
      expect((await inspect.getJobCounts('wait')).wait, 'jobs wait while the run goes on').toBeGreaterThan(0);
      const exit = await run.stop();
      expect(exit.status, run.describe()).toBe(1);
      expect(run.stderr).toContain('faultline: interrupted before the run finished; no report was written');
      expect(existsSync(out)).toBe(false);
      // The jobs the worker held finish; none waits any more.
      expect(await inspect.getJobCounts('wait', 'delayed', 'prioritized')).toEqual({ wait: 0, delayed: 0, prioritized: 0 });
    } finally {
      await inspect.close();
      await worker.kill();
    }
  }, 60_000);
});

describe('a Redis that goes away during a run', () => {
  /** A run on a server of its own, stopped once a worker has finished a chunk: the run still waits for the rest. */
  async function runThenStopRedis(label: string, extra: string[]) {
    const own = await startRedisServer();
    const worker = await startWorker(own.url, { queue: label });
    const out = join(root, label);
    const run = startCli(['run', MARKETPLACE, '--trials', '400000', '--chunk-size', '1000', '--no-charts', '--redis', own.url, '--queue', label, '--out', out, ...extra]);
    await worker.waitForLine(/: done in /);
    if (!run.alive) throw new Error(`the run finished before Redis was stopped: give it more trials\n${run.describe()}`);
    await own.stop();
    return { own, worker, out, run };
  }

  it('closes at once while the connections are reconnecting (a graceful close would wait for an answer that never comes)', async () => {
    const own = await startRedisServer();
    const runner = await ClusterRunner.connect(own.url, 'closing-while-away');
    await own.stop();
    const connections = Object.values(runner).filter((value): value is Redis => value instanceof Redis);
    expect(connections.length).toBe(2);
    for (let waited = 0; connections.some((connection) => connection.status === 'ready'); waited += 50) {
      if (waited > 10_000) throw new Error('the connections did not notice the server had gone');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    let timer: NodeJS.Timeout | undefined;
    const closed = await Promise.race([runner.close().then(() => 'closed'), new Promise((resolve) => (timer = setTimeout(() => resolve('still closing after 5 s'), 5_000)))]);
    clearTimeout(timer);
    expect(closed).toBe('closed');
  });

  it('fails the run after --redis-wait seconds without it: exit 1, a clear message, no report folder', async () => {
    const { own, worker, out, run } = await runThenStopRedis('lost-redis', ['--redis-wait', '3']);
    try {
      const result = await finished(run);
      expectExit(result, 1);
      expect(result.stderr).toContain(`faultline: lost the connection to Redis at ${own.url} for more than 3 s; no report was written`);
      expect(result.stderr).not.toContain('internal error');
      expect(existsSync(out)).toBe(false);
    } finally {
      await worker.kill();
      await own.stop();
    }
  }, 120_000);

  it("Ctrl-C while it is away ends the run at once with exit 1, no report folder (not Node's exit 13 of a close that never settles)", async () => {
    const { own, worker, out, run } = await runThenStopRedis('lost-then-interrupted', []);
    try {
      // The run's connections are reconnecting now, 30 s before it would give up by itself.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(run.alive, run.describe()).toBe(true);
      const exit = await run.stop(15_000); // well before the 30 s after which the run would give up by itself
      expect(exit.status, run.describe()).toBe(1);
      expect(run.stderr).toContain('faultline: interrupted before the run finished; no report was written');
      expect(run.stderr).not.toContain('internal error');
      expect(existsSync(out)).toBe(false);
    } finally {
      await worker.kill();
      await own.stop();
    }
  }, 120_000);
});

describe('a worker while Redis is away', () => {
  it('says so once per outage and when it is back, and SIGTERM stops it at once with exit 0', async () => {
    let own = await startRedisServer();
    const worker = await startWorker(own.url, { queue: 'worker-away' });
    try {
      // The reason is the socket's: ECONNRESET when the stop is seen on a read, ECONNREFUSED on a reconnect.
      const escaped = own.url.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      const lost = new RegExp(`^faultline worker: lost the connection to Redis at ${escaped} \\((read ECONNRESET|connect ECONNREFUSED 127\\.0\\.0\\.1:${own.port})\\); reconnecting until it is back$`);
      const lostLines = () => worker.stderrLines.filter((line) => line.startsWith('faultline worker: lost the connection'));
      await own.stop();
      await worker.waitForLine(/lost the connection to Redis/, { stream: 'stderr' });
      await new Promise((resolve) => setTimeout(resolve, 1_500)); // a dozen reconnection attempts
      expect(lostLines()).toEqual([expect.stringMatching(lost)]);
      own = await startRedisServer({ port: own.port });
      await worker.waitForLine(/reconnected to Redis/, { stream: 'stderr' });
      await own.stop();
      await worker.waitUntil(() => lostLines().length === 2 || undefined, 'a second outage notice');
      expect(worker.stderrLines).toEqual([expect.stringMatching(lost), `faultline worker: reconnected to Redis at ${own.url}`, expect.stringMatching(lost)]);
      const exit = await worker.stop(10_000); // a graceful stop would wait for Redis for ever
      expect(exit, worker.describe()).toEqual({ status: 0, signal: null });
      expect(worker.stdoutLines.slice(-2).map((line) => line.replace(/^\S+ /, ''))).toEqual(['stopping: Redis is away, so the chunks in hand are left to other workers', 'stopped']);
    } finally {
      await worker.kill();
      await own.stop();
    }
  }, 60_000);
});
