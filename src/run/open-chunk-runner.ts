import { DEFAULT_QUEUE, displayUrl } from '../cluster/redis-url.ts';
import { WorkerPool, type ChunkRunner } from '../engine/worker-pool.ts';

/** Where a run's chunks run: a Redis queue, or (without one) this process's threads. */
export interface ClusterTarget {
  url: string;
  queue: string;
  /** Seconds a run waits for a lost connection to come back before it fails. */
  reconnectSeconds: number;
}

/** The runner of a command's chunks, and how to close it. */
export interface OpenRunner {
  runner: ChunkRunner;
  close: () => Promise<void>;
}

/**
 * Opens the runner of a run, batch or sweep: a cluster connection (checked before anything is
 * written, so an unreachable Redis leaves no report folder), else a pool of `workers` threads.
 * `warn` is told when no cluster worker is connected yet.
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
    warn(
      `no faultline worker is connected to ${cluster.describe()} yet; the run waits for one (start it with: faultline worker --redis ${displayUrl(target.url)}${target.queue === DEFAULT_QUEUE ? '' : ` --queue ${target.queue}`})`,
    );
  }
  return { runner: cluster, close: () => cluster.close() };
}
