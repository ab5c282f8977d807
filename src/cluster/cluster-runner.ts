import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { SimulationError } from '../errors.ts';
import { decodeChunkResult } from '../engine/chunk-codec.ts';
import { encodeModelContent } from '../engine/model-content.ts';
import type { ChunkRunner, PoolJob } from '../engine/worker-pool.ts';
import { VERSION } from '../version.ts';
import { DEFAULT_QUEUE, type ChunkJobData, type ChunkJobReturn } from './chunk-job.ts';
import { connectRedis, displayUrl } from './redis-connection.ts';

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
  /** `host:pid` of every worker process that returned a result. */
  readonly workerProcesses = new Set<string>();
  /** Chunks BullMQ found stalled (their worker died or hung) and gave to another worker. */
  stalledChunks = 0;
  private closed = false;

  private constructor(
    readonly url: string,
    readonly queueName: string,
    private readonly redis: Redis,
    private readonly eventsConnection: Redis,
    private readonly queue: Queue,
    private readonly events: QueueEvents,
  ) {}

  /**
   * Connects to Redis and the queue.
   *
   * @throws SimulationError when Redis cannot be reached (nothing has been written then).
   */
  static async connect(url: string, queueName = DEFAULT_QUEUE): Promise<ClusterRunner> {
    const redis = await connectRedis(url);
    const queue = new Queue(queueName, { connection: redis });
    const eventsConnection = redis.duplicate(); // QueueEvents blocks on its connection
    const events = new QueueEvents(queueName, { connection: eventsConnection });
    events.setMaxListeners(0); // a pair of listeners per job in flight
    queue.setMaxListeners(0); // and one on the queue
    queue.on('error', () => {});
    events.on('error', () => {});
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    return new ClusterRunner(url, queueName, redis, eventsConnection, queue, events);
  }

  /** Worker processes connected to the queue now. */
  connectedWorkers(): Promise<number> {
    return this.queue.getWorkersCount();
  }

  /** The queue and server, for messages. */
  describe(): string {
    return `queue ${this.queueName} at ${displayUrl(this.url)}`;
  }

  async run(job: PoolJob, signal?: AbortSignal): Promise<void> {
    if (this.closed) throw new SimulationError('the cluster connection is closed');
    if (job.chunks.length === 0) return;
    const run = randomUUID();
    const model = encodeModelContent(job.init.strategies);
    const scenario = job.init.strategies[0]?.scenario.name ?? '';
    const jobIds = job.chunks.map((_, index) => `${run}-${index}`);
    const onStalled = ({ jobId }: { jobId: string }) => {
      if (jobId.startsWith(`${run}-`)) this.stalledChunks++;
    };
    this.events.on('stalled', onStalled);
    let failure: Error | undefined;
    const fail = (error: Error) => (failure ??= error);
    const abort = () => fail(new SimulationError('interrupted before the run finished; no report was written'));
    signal?.addEventListener('abort', abort, { once: true });
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
            resultKey: `faultline:${this.queueName}:result:${jobId}`,
          };
          return { name: 'chunk', data, opts: { jobId, attempts: 1 } };
        });
        added.push(...(await this.queue.addBulk(batch)));
      }
      await new Promise<void>((resolve, reject) => {
        let pending = added.length;
        const stop = (error: Error) => reject(fail(error));
        signal?.addEventListener('abort', () => stop(failure!), { once: true });
        if (failure) stop(failure);
        for (const queued of added) {
          this.collect(queued, job, () => failure !== undefined).then(
            () => {
              if (--pending === 0 && !failure) resolve();
            },
            (error: unknown) => stop(error instanceof Error ? error : new SimulationError(String(error))),
          );
        }
      });
    } finally {
      signal?.removeEventListener('abort', abort);
      this.events.off('stalled', onStalled);
      if (failure) await this.removeJobs(jobIds);
    }
  }

  /** Waits for a job, places its result and removes the job and the result from Redis. */
  private async collect(queued: Job, job: PoolJob, stopped: () => boolean): Promise<void> {
    let value: ChunkJobReturn;
    try {
      value = (await queued.waitUntilFinished(this.events)) as ChunkJobReturn;
    } catch (error) {
      const data = queued.data as ChunkJobData;
      throw new SimulationError(
        `a worker failed trials ${data.firstTrial}–${data.firstTrial + data.trialCount - 1}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const bytes = await this.redis.getBuffer(value.resultKey);
    if (!bytes) throw new SimulationError(`the result of job ${queued.id} is missing from Redis (${value.resultKey})`);
    this.workerProcesses.add(value.worker);
    if (!stopped()) job.onResult(decodeChunkResult(bytes));
    await Promise.all([this.redis.del(value.resultKey), queued.remove().catch(() => {})]);
  }

  /** Takes a failed or interrupted run's jobs off the queue, and any results they left. */
  private async removeJobs(jobIds: readonly string[]): Promise<void> {
    await Promise.all(
      jobIds.map(async (jobId) => {
        // A job a worker holds cannot be removed; its result then expires (RESULT_TTL_SECONDS).
        await this.queue.remove(jobId).catch(() => 0);
        await this.redis.del(`faultline:${this.queueName}:result:${jobId}`).catch(() => 0);
      }),
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([this.events.close(), this.queue.close()]);
    this.eventsConnection.disconnect();
    this.redis.disconnect();
  }
}
