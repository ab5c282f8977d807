import type { InputIssue } from '../errors.ts';
import { DEFAULT_QUEUE, DEFAULT_REDIS_WAIT_SECONDS, parseQueueFlag, parseRedisFlag } from '../cluster/redis-url.ts';
import type { ClusterTarget } from '../run/open-chunk-runner.ts';
import { parseWholeNumberFlag } from './parse-flags.ts';

/** The flags of a command that can run its chunks on a cluster. */
export interface ClusterFlags {
  redis?: string;
  queue?: string;
  redisWait?: string;
}

/** Reads `--redis`, `--queue` and `--redis-wait`; `--queue` or `--redis-wait` without `--redis`, or `--workers` with it, is an issue. */
export function parseClusterFlags(flags: ClusterFlags & { workers?: string }, issues: InputIssue[]): ClusterTarget | undefined {
  const url = parseRedisFlag(flags.redis, issues);
  const queue = parseQueueFlag(flags.queue, issues);
  const reconnectSeconds = parseWholeNumberFlag('--redis-wait', flags.redisWait, { min: 1, max: 3_600 }, issues) ?? DEFAULT_REDIS_WAIT_SECONDS;
  if (flags.queue !== undefined && flags.redis === undefined) issues.push({ path: '--queue', message: 'expected --redis with it (a queue is on a Redis server), got --queue alone' });
  if (flags.redisWait !== undefined && flags.redis === undefined)
    issues.push({ path: '--redis-wait', message: 'expected --redis with it (it is how long a cluster run waits for Redis), got --redis-wait alone' });
  if (flags.redis !== undefined && flags.workers !== undefined) {
    issues.push({ path: '--workers', message: 'expected no --workers with --redis (the workers are the faultline worker processes: give them --threads), got both' });
  }
  return url ? { url, queue: queue ?? DEFAULT_QUEUE, reconnectSeconds } : undefined;
}
