import { availableParallelism } from 'node:os';
import type { InputIssue } from '../errors.ts';
import { parseQueueFlag, parseRedisFlag } from '../cluster/redis-url.ts';
import { validOrThrow } from './input-issues.ts';
import { parseWholeNumberFlag } from './parse-flags.ts';
import { listenForInterruption } from './interruption.ts';
import { cliStdout, cliStderr } from './cli-streams.ts';

export interface WorkerFlags {
  redis?: string;
  queue?: string;
  threads?: string;
  stallTimeout?: string;
  quiet?: boolean;
}

export async function workerCommand(flags: WorkerFlags): Promise<void> {
  const issues: InputIssue[] = [];
  const url = parseRedisFlag(flags.redis, issues);
  const queue = parseQueueFlag(flags.queue, issues);
  const threads = parseWholeNumberFlag('--threads', flags.threads, { min: 1, max: 256 }, issues) ?? availableParallelism();
  const stallTimeoutMs = parseWholeNumberFlag('--stall-timeout', flags.stallTimeout, { min: 1_000, max: 3_600_000 }, issues) ?? 30_000;
  const redis = validOrThrow(issues, url);

  const log = flags.quiet ? () => {} : (line: string) => cliStdout().write(`${new Date().toISOString()} ${line}\n`);
  const onBroken = (error: Error) => {
    cliStderr().write(`faultline: ${error.message}; this worker stops, and its chunks go to other workers\n`);
    process.exit(1);
  };
  const warn = (line: string) => cliStderr().write(`${line}\n`);
  const { ClusterWorker } = await import('../cluster/cluster-worker.ts'); // BullMQ and ioredis only for this command
  const worker = await ClusterWorker.start({ url: redis, ...(queue ? { queue } : {}), threads, stallTimeoutMs, log, warn, onBroken });
  const interruption = listenForInterruption();
  await new Promise<void>((resolve) => interruption.signal.addEventListener('abort', () => resolve(), { once: true }));
  await worker.stop();
  interruption.release();
  log('stopped');
}
