import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { SimulationError } from '../errors.ts';
import { decodeChunkResult } from '../engine/chunk-codec.ts';
import { encodeModelContent } from '../engine/model-content.ts';
import type { ChunkRunner, PoolJob, RunnerReport } from '../engine/worker-pool.ts';
import { VERSION } from '../version.ts';
import { DEFAULT_QUEUE, DEFAULT_REDIS_WAIT_SECONDS, RESULT_TTL_SECONDS, type ChunkJobData, type ChunkJobReturn } from './chunk-job.ts';
import { connectRedis } from './redis-connection.ts';
import { displayUrl } from './redis-url.ts';

/** How long closing waits for the server's answers before it drops the connections. */
const CLOSE_WAIT_MS = 3_000;

/** Jobs added to Redis per round trip. */
const ADD_BATCH = 100;

/** Trials per chunk job unless `--chunk-size` says otherwise: about half a second of work per thread. */
export const CLUSTER_CHUNK_SIZE = 10_000;

/**
 * Runs the chunks of a simulation on `faultline worker` processes through a BullMQ queue in
 * Redis: each chunk is a job carrying the scenario content and its hash; a worker stores the
 * encoded result under the job's result key, and this side places it when the job completes.
 *
 * A job whose worker dies is put back by BullMQ's stalled-job check and run by another worker;
 * a job that fails (a refused version, an error in the scenario) fails the run with the worker's
 * message, and the run's other jobs are removed from the queue.
 */
export class ClusterRunner implements ChunkRunner {
  readonly chunkSize = CLUSTER_CHUNK_SIZE;
  private closed = false;
  /** Set once Redis has stayed away too long: the connections are over. */
  private lost?: SimulationError;
  /** The jobs in flight, by id: how to settle each when its completed or failed event arrives. */
  private readonly waiting = new Map<string, { resolve: (value: ChunkJobReturn) => void; reject: (reason: string) => void }>();
  /** Fails each run in progress. */
  private readonly failRuns = new Set<(error: Error) => void>();

  private constructor(
    readonly url: string,
    readonly queueName: string,
    /** How long a run waits for a lost connection to come back before it fails. */
    private readonly reconnectSeconds: number,
    private readonly redis: Redis,
    private readonly eventsConnection: Redis,
    private readonly queue: Queue,
    private readonly events: QueueEvents,
  ) {}

  /**
   * Connects to Redis and the queue.
   *
   * @throws SimulationError when Redis cannot be reached (nothing has been written then).
   * @throws UsageError when the server has no database of the URL's index.
   */
  static async connect(url: string, queueName = DEFAULT_QUEUE, reconnectSeconds = DEFAULT_REDIS_WAIT_SECONDS): Promise<ClusterRunner> {
    const redis = await connectRedis(url, { reconnectForMs: reconnectSeconds * 1000 });
    const eventsConnection = redis.duplicate(); // QueueEvents blocks on its connection (same retry strategy)
    eventsConnection.on('error', () => {}); // as for `redis`: reconnections are ioredis's, a lasting loss is 'end'
    const queue = new Queue(queueName, { connection: redis });
    queue.on('error', () => {});
    try {
      await queue.waitUntilReady();
      // Events are read from the stream's end as it is now, so none of this runner's jobs can
      // finish before the reader looks.
      const [last] = await redis.xrevrange(queue.keys.events!, '+', '-', 'COUNT', 1);
      const events = new QueueEvents(queueName, { connection: eventsConnection, lastEventId: last?.[0] ?? '0-0' });
      events.on('error', () => {});
      await events.waitUntilReady();
      const runner = new ClusterRunner(url, queueName, reconnectSeconds, redis, eventsConnection, queue, events);
      events.on('completed', ({ jobId, returnvalue }) => runner.waiting.get(jobId)?.resolve(returnvalue as unknown as ChunkJobReturn));
      events.on('failed', ({ jobId, failedReason }) => runner.waiting.get(jobId)?.reject(failedReason));
      for (const connection of [redis, eventsConnection]) connection.on('end', () => runner.connectionLost());
      return runner;
    } catch (error) {
      await Promise.allSettled([queue.close()]);
      eventsConnection.disconnect();
      redis.disconnect();
      throw new SimulationError(`could not open queue ${queueName} at ${displayUrl(url)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Redis stayed away longer than reconnectSeconds: the runs in progress fail, and so does any later one. */
  private connectionLost(): void {
    if (this.closed) return;
    this.lost ??= new SimulationError(`lost the connection to Redis at ${displayUrl(this.url)} for more than ${this.reconnectSeconds} s; no report was written`);
    for (const fail of this.failRuns) fail(this.lost);
  }

  /** Worker processes connected to the queue now. */
  connectedWorkers(): Promise<number> {
    return this.queue.getWorkersCount();
  }

  /** The queue and server, for messages. */
  describe(): string {
    return `queue ${this.queueName} at ${displayUrl(this.url)}`;
  }

  /** Runs a job's chunks on the workers; reports the worker processes that returned results and the chunks redone. */
  async run(job: PoolJob, signal?: AbortSignal): Promise<RunnerReport> {
    if (this.closed) throw new SimulationError('the cluster connection is closed');
    if (this.lost) throw this.lost;
    const workerProcesses = new Set<string>();
    const stalled = new Set<string>();
    const report = (): RunnerReport => ({
      execution: { mode: 'redis', queue: this.queueName, worker_processes: [...workerProcesses].sort(), stalled_chunks: stalled.size },
      workers: workerProcesses.size,
    });
    if (job.chunks.length === 0) return report();
    const run = randomUUID();
    const model = encodeModelContent(job.init.strategies);
    const scenario = job.init.strategies[0]?.scenario.name ?? '';
    const jobIds = job.chunks.map((_, index) => `${run}-${index}`);
    const onStalled = ({ jobId }: { jobId: string }) => {
      if (jobId.startsWith(`${run}-`)) stalled.add(jobId);
    };
    this.events.on('stalled', onStalled);
    // The first failure (a chunk's, an interruption, a lost connection) stops the wait.
    let failure: Error | undefined;
    let wake: (error: Error) => void = () => {};
    const stopped = new Promise<never>((_, reject) => (wake = reject));
    stopped.catch(() => {});
    const fail = (error: Error) => {
      failure ??= error;
      wake(failure);
    };
    const abort = () => fail(new SimulationError('interrupted before the run finished; no report was written'));
    if (signal?.aborted) abort();
    signal?.addEventListener('abort', abort, { once: true });
    this.failRuns.add(fail);
    // Each job's outcome, registered before it is added so no event can come first.
    const outcomes = jobIds.map((jobId) => new Promise<ChunkJobReturn>((resolve, reject) => this.waiting.set(jobId, { resolve, reject: (reason) => reject(new SimulationError(reason)) })));
    for (const outcome of outcomes) outcome.catch(() => {}); // each is awaited in collect, or dropped with the run
    try {
      const added: Job[] = [];
      for (let start = 0; start < job.chunks.length && !failure; start += ADD_BATCH) {
        const batch = job.chunks.slice(start, start + ADD_BATCH).map((chunk, offset) => {
          const jobId = jobIds[start + offset]!;
          const data: ChunkJobData = {
            faultline_version: VERSION,
            scenario,
            model,
            seed: job.init.seed,
            eltLimit: job.init.eltLimit,
            firstTrial: chunk.firstTrial,
            trialCount: chunk.trialCount,
            resultKey: this.resultKey(jobId),
          };
          // Finished jobs are removed as their results are read; those of a failed run, after a day.
          const keep = { age: RESULT_TTL_SECONDS };
          return { name: 'chunk', data, opts: { jobId, attempts: 1, removeOnComplete: keep, removeOnFail: keep } };
        });
        try {
          added.push(...(await this.queue.addBulk(batch)));
        } catch (error) {
          fail(this.lost ?? new SimulationError(`could not add the run's chunks to ${this.describe()}: ${error instanceof Error ? error.message : String(error)}`));
        }
      }
      const collected = added.map((queued, index) =>
        this.collect(queued, outcomes[index]!, job, workerProcesses, () => failure !== undefined).catch((error: unknown) => fail(error instanceof Error ? error : new SimulationError(String(error)))),
      );
      await Promise.race([Promise.all(collected), stopped]);
      if (failure) throw failure;
      return report();
    } finally {
      this.failRuns.delete(fail);
      for (const jobId of jobIds) this.waiting.delete(jobId);
      signal?.removeEventListener('abort', abort);
      this.events.off('stalled', onStalled);
      if (failure) await this.removeJobs(jobIds);
    }
  }

  /** Waits for a job, places its result and removes the job and the result from Redis. */
  private async collect(queued: Job, outcome: Promise<ChunkJobReturn>, job: PoolJob, workerProcesses: Set<string>, stopped: () => boolean): Promise<void> {
    let value: ChunkJobReturn;
    try {
      value = await outcome;
    } catch (error) {
      const data = queued.data as ChunkJobData;
      const reason = error instanceof Error ? error.message : String(error);
      throw new SimulationError(
        `a worker failed trials ${data.firstTrial}–${data.firstTrial + data.trialCount - 1}: ${
          /stalled more than allowable limit/.test(reason) ? 'the workers that took the chunk stopped three times (crashed? see their logs)' : reason
        }`,
      );
    }
    const bytes = await this.redis.getBuffer(value.resultKey);
    if (!bytes) throw new SimulationError(`the result of job ${queued.id} is missing from Redis (${value.resultKey})`);
    workerProcesses.add(value.worker);
    if (!stopped()) job.onResult(decodeChunkResult(bytes));
    await Promise.all([this.redis.del(value.resultKey), queued.remove().catch(() => {})]);
  }

  /** Where the worker of job `jobId` stores its encoded result. */
  private resultKey(jobId: string): string {
    return `faultline:${this.queueName}:result:${jobId}`;
  }

  /** Takes a failed or interrupted run's jobs off the queue, and any results they left. */
  private async removeJobs(jobIds: readonly string[]): Promise<void> {
    // With the server away, removing would wait for it (commands wait through reconnections): the
    // jobs stay, and should Redis come back with them, a worker's results expire in a day.
    if (this.redis.status !== 'ready') return;
    await Promise.all(
      jobIds.map(async (jobId) => {
        // A job a worker holds cannot be removed; its result then expires (RESULT_TTL_SECONDS).
        await this.queue.remove(jobId).catch(() => 0);
        await this.redis.del(this.resultKey(jobId)).catch(() => 0);
      }),
    );
  }

  /**
   * Closes the queue and the connections. With the server unreachable (a connection reconnecting
   * or given up), the connections are dropped at once: a graceful close would wait for an answer
   * that never comes (BullMQ's disconnect waits for an 'end' that a reconnecting ioredis client
   * never emits once its retry timer is cleared), and a process waiting on nothing but that ends
   * with Node's exit 13 instead of the run's own exit.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const connections = [this.eventsConnection, this.redis];
    const drop = () => {
      // Closing (not awaited) stops the QueueEvents loop, which would otherwise retry its read every 5 s.
      for (const closable of [this.events, this.queue]) closable.close().catch(() => {});
      for (const connection of connections) if (connection.status !== 'end') connection.disconnect();
    };
    if (this.lost || connections.some((connection) => connection.status !== 'ready')) return drop();
    // The server may go away during the close itself: after CLOSE_WAIT_MS the connections are dropped.
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)));
    const graceful = (async () => {
      await Promise.allSettled([this.events.close(), this.queue.close()]);
      // QUIT lets the server close the sockets at once (disconnect() would wait up to 2 s for a blocked one).
      await Promise.allSettled(connections.map((connection) => (connection.status === 'end' ? undefined : connection.quit())));
    })();
    await Promise.race([graceful, waited]);
    clearTimeout(timer);
    drop();
  }
}
