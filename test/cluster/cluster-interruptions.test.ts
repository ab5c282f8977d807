import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { freePort, startCli, startRedisServer, startWorker } from '../helpers/redis-server.ts';
import { needs } from '../setup/needs.ts';
import { runCli, snapshotFolder } from '../helpers/run-cli.ts';
import { expectExit } from '../helpers/expect-exit.ts';
import { LOSS_EVENT, MARKETPLACE, finished, clusterTestFile } from '../helpers/cluster-run.ts';

/**
 * A cluster run that cannot finish: an unreachable Redis writes nothing, an interrupted run exits
 * 1 and takes its waiting jobs off the queue, and a Redis that goes away fails the run after 30 s
 * without it. The test setup's redis-server, one queue per test (see cluster-cli.test.ts).
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
  it('fails the run after 30 s without it: exit 1, a clear message, no report folder', async () => {
    // A server of its own, to stop mid-run.
    const own = await startRedisServer();
    try {
      const worker = await startWorker(own.url, { queue: 'lost' });
      const out = join(root, 'lost-redis');
      const run = startCli(['run', MARKETPLACE, '--trials', '400000', '--chunk-size', '1000', '--no-charts', '--redis', own.url, '--queue', 'lost', '--out', out]);
      await worker.waitForLine(/: done in /);
      if (!run.alive) throw new Error(`the run finished before Redis was stopped: give it more trials\n${run.describe()}`);
      await own.stop();
      const result = await finished(run);
      expectExit(result, 1);
      expect(result.stderr).toContain(`faultline: lost the connection to Redis at ${own.url} for more than 30 s; no report was written`);
      expect(existsSync(out)).toBe(false);
      await worker.kill();
    } finally {
      await own.stop();
    }
  }, 120_000);
});
