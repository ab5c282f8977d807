import type { InputIssue } from '../errors.ts';
import { DEFAULT_QUEUE, DEFAULT_REDIS_WAIT_SECONDS, displayUrl, parseQueueFlag, parseRedisFlag } from '../cluster/redis-url.ts';
import { WorkerPool, type ChunkRunner } from '../engine/worker-pool.ts';
import { cliStderr } from './cli-streams.ts';
import { parseWholeNumberFlag } from './parse-flags.ts';

/** The flags of a command that can run its chunks on a cluster. */
export interface ClusterFlags {
  redis?: string;
  queue?: string;
  redisWait?: string;
}

/** A warning line on stderr, as the commands print them. */
export function warnLine(line: string): void {
  cliStderr().write(`faultline: ${line}\n`);
}

/** Where a command's chunks run: a Redis queue, or (without one) this process's threads. */
export interface ClusterTarget {
  url: string;
  queue: string;
  /** Seconds a run waits for a lost connection to come back before it fails. */
  reconnectSeconds: number;
}

/** Reads `--redis`, `--queue` and `--redis-wait`; `--queue` or `--redis-wait` without `--redis`, or `--workers` with it, is an issue. */
export function parseClusterFlags(flags: ClusterFlags & { workers?: string }, issues: InputIssue[]): ClusterTarget | undefined {
  const url = parseRedisFlag(flags.redis, issues);
  const queue = parseQueueFlag(flags.queue, issues);
  const reconnectSeconds = parseWholeNumberFlag('--redis-wait', flags.redisWait, { min: 1, max: 3_600 }, issues) ?? DEFAULT_REDIS_WAIT_SECONDS;
  if (flags.queue !== undefined && flags.redis === undefined) issues.push({ path: '--queue', message: 'expected --redis with it (a queue is on a Redis server), got --queue alone' });
  if (flags.redisWait !== undefined && flags.redis === undefined) issues.push({ path: '--redis-wait', message: 'expected --redis with it (it is how long a cluster run waits for Redis), got --redis-wait alone' });
  if (flags.redis !== undefined && flags.workers !== undefined) {
    issues.push({ path: '--workers', message: 'expected no --workers with --redis (the workers are the faultline worker processes: give them --threads), got both' });
  }
  return url ? { url, queue: queue ?? DEFAULT_QUEUE, reconnectSeconds } : undefined;
}

/** The runner of a command's chunks, and how to close it. */
export interface OpenRunner {
  runner: ChunkRunner;
  close: () => Promise<void>;
}

/**
 * Opens the runner of a command: a cluster connection (checked before anything is written, so an
 * unreachable Redis leaves no report folder), else a pool of `workers` threads.
 */
export async function openChunkRunner(target: ClusterTarget | undefined, workers: number, warn: (line: string) => void): Promise<OpenRunner> {
  if (!target) {
    const pool = new WorkerPool(workers);
    return { runner: pool, close: async () => pool.close() };
  }
  // Loaded only for --redis: BullMQ and ioredis are most of the CLI's start-up otherwise.
  const { ClusterRunner } = await import('../cluster/cluster-runner.ts');
  const cluster = await ClusterRunner.connect(target.url, target.queue, target.reconnectSeconds);
  // Best effort: a server that refuses CLIENT LIST (an ACL) just gets no warning.
  if ((await cluster.connectedWorkers().catch(() => undefined)) === 0) {
    warn(`no faultline worker is connected to ${cluster.describe()} yet; the run waits for one (start it with: faultline worker --redis ${displayUrl(target.url)}${target.queue === DEFAULT_QUEUE ? '' : ` --queue ${target.queue}`})`);
  }
  return { runner: cluster, close: () => cluster.close() };
}
