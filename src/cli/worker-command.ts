import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import type { InputIssue } from '../errors.ts';
import { parseQueueFlag, parseRedisFlag } from '../cluster/redis-url.ts';
import { validOrThrow } from './input-issues.ts';
import { parseWholeNumberFlag } from './parse-flags.ts';
import { listenForInterruption } from './interruption.ts';
import { cliStdout, cliStderr } from './cli-streams.ts';

interface WorkerFlags {
  redis?: string;
  queue?: string;
  threads?: string;
  stallTimeout?: string;
  quiet?: boolean;
}

/** `faultline worker --redis URL`: simulates chunk jobs of cluster runs until stopped. */
export function addWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('take chunk jobs of `run --redis` and `batch --redis` from a Redis queue and simulate them, until stopped (Ctrl-C finishes the chunks in hand)')
    .requiredOption('--redis <URL>', 'the Redis server of the queue, e.g. redis://127.0.0.1:6379')
    .option('--queue <NAME>', 'queue name (default: faultline)')
    .option('-t, --threads <K>', `simulation threads (default: all cores, here ${availableParallelism()}); it holds one chunk more than threads, so none waits`)
    .option('--stall-timeout <MS>', 'milliseconds before a chunk of a worker that stopped answering goes to another worker (default: 30000)')
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (flags: WorkerFlags) => workerCommand(flags));
}

async function workerCommand(flags: WorkerFlags): Promise<void> {
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
