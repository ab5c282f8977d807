import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { SimulationError } from '../errors.ts';
import { encodeChunkResult } from '../engine/chunk-codec.ts';
import { decodeModelContent } from '../engine/model-content.ts';
import { ChunkFailure, WorkerPool } from '../engine/worker-pool.ts';
import type { ChunkResult } from '../ledger/chunk-ledger.ts';
import type { StrategyScenario } from '../scenario/strategies.ts';
import { VERSION } from '../version.ts';
import { DEFAULT_QUEUE, RESULT_TTL_SECONDS, versionRefusal, type ChunkJobData, type ChunkJobReturn } from './chunk-job.ts';
import { connectRedis } from './redis-connection.ts';
import { displayUrl } from './redis-url.ts';

/** How a `faultline worker` process works. */
export interface ClusterWorkerOptions {
  url: string;
  queue?: string;
  /** Simulation threads; the worker holds one chunk job more than this. */
  threads: number;
  /**
   * Milliseconds a chunk stays with a worker that stopped answering before another worker takes
   * it over (BullMQ's lock duration and stalled-check interval).
   */
  stallTimeoutMs: number;
  log: (line: string) => void;
  /** Prints a line that must be seen even with `--quiet` (Redis errors). */
  warn: (line: string) => void;
  /**
   * A simulation thread crashed: the process should end at once, without finishing its jobs, so
   * that their locks lapse and other workers redo them.
   */
  onBroken: (error: Error) => void;
}

/** Scenario contents decoded recently, by hash (a run sends the same content with every chunk). */
const KEPT_CONTENTS = 8;

/**
 * A running `faultline worker`: takes chunk jobs from the queue, simulates them on its threads
 * (so the process stays free to renew its job locks) and stores each encoded result in Redis.
 */
export class ClusterWorker {
  readonly name = `${hostname()}:${process.pid}`;
  /** Recently decoded contents by hash; a job's content must equal the text its hash was checked against. */
  private readonly contents = new Map<string, { content: string; strategies: StrategyScenario[] }>();

  private constructor(
    private readonly worker: Worker,
    private readonly redis: Redis,
    private readonly pool: WorkerPool,
    private readonly options: ClusterWorkerOptions,
  ) {}

  /**
   * Connects and starts taking jobs.
   *
   * @throws SimulationError when Redis cannot be reached.
   * @throws UsageError when the server has no database of the URL's index.
   */
  static async start(options: ClusterWorkerOptions): Promise<ClusterWorker> {
    const redis = await connectRedis(options.url);
    const pool = new WorkerPool(options.threads);
    let self: ClusterWorker | undefined;
    const worker = new Worker(options.queue ?? DEFAULT_QUEUE, (job: Job) => self!.process(job), {
      connection: redis,
      // One chunk more than threads: the next chunk is in hand when a thread finishes, so no thread
      // waits for the round trips of storing a result and taking a job.
      concurrency: options.threads + 1,
      lockDuration: options.stallTimeoutMs,
      stalledInterval: options.stallTimeoutMs,
      maxStalledCount: 2,
      autorun: false,
    });
    // Errors are printed even with --quiet; a lost connection once per outage, not at every retry.
    let away = false;
    worker.on('error', (error) => {
      if (!isConnectionError(error)) return options.warn(`faultline worker: ${error.message}`);
      if (away) return;
      away = true;
      options.warn(`faultline worker: lost the connection to Redis at ${displayUrl(options.url)} (${error.message}); reconnecting until it is back`);
    });
    redis.on('ready', () => {
      if (!away) return;
      away = false;
      options.warn(`faultline worker: reconnected to Redis at ${displayUrl(options.url)}`);
    });
    self = new ClusterWorker(worker, redis, pool, options);
    void worker.run();
    await worker.waitUntilReady();
    options.log(
      `faultline worker ${VERSION} (${self.name}) taking chunks from queue ${options.queue ?? DEFAULT_QUEUE} at ${displayUrl(options.url)} on ${options.threads} thread${options.threads === 1 ? '' : 's'}`,
    );
    return self;
  }

  /**
   * Finishes the chunks in hand, then disconnects. With Redis away their results could not be
   * stored, nor the jobs' locks renewed, so the worker stops at once: the locks lapse and other
   * workers redo the chunks.
   */
  async stop(): Promise<void> {
    const away = this.redis.status !== 'ready';
    this.options.log(away ? 'stopping: Redis is away, so the chunks in hand are left to other workers' : 'stopping: finishing the chunks in hand');
    await this.worker.close(away);
    this.pool.close();
    if (away) this.redis.disconnect();
    else await this.redis.quit().catch(() => {});
  }

  private async process(job: Job): Promise<ChunkJobReturn> {
    const data = job.data as ChunkJobData;
    const trials = `trials ${data.firstTrial.toLocaleString('en-US')}–${(data.firstTrial + data.trialCount - 1).toLocaleString('en-US')} of ${data.scenario}`;
    const refusal = versionRefusal(data.faultline_version, VERSION);
    if (refusal) {
      this.options.log(`${trials}: refused: ${refusal}`);
      throw new UnrecoverableError(refusal);
    }
    this.options.log(`${trials}: started`);
    const t0 = performance.now();
    let result: ChunkResult | undefined;
    try {
      const strategies = this.strategiesOf(data);
      await this.pool.run({
        init: { strategies, seed: data.seed, eltLimit: data.eltLimit },
        modelKey: `${data.model.hash} ${JSON.stringify(data.seed)} ${data.eltLimit}`,
        chunks: [{ firstTrial: data.firstTrial, trialCount: data.trialCount }],
        onResult: (chunk) => (result = chunk),
      });
    } catch (error) {
      if (this.pool.broken) {
        this.options.log(`${trials}: a simulation thread crashed (${this.pool.broken.message}); leaving the chunk to another worker`);
        this.options.onBroken(this.pool.broken);
      }
      // The same content fails the same way on any worker: no retry.
      const message = error instanceof ChunkFailure ? error.reason : error instanceof Error ? error.message : String(error);
      this.options.log(`${trials}: failed: ${message}`);
      throw new UnrecoverableError(message);
    }
    const bytes = await encodeAndStore(this.redis, data.resultKey, result!);
    this.options.log(`${trials}: done in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    return { resultKey: data.resultKey, bytes, worker: this.name };
  }

  private strategiesOf(data: ChunkJobData): StrategyScenario[] {
    const known = this.contents.get(data.model.hash);
    if (known && known.content === data.model.content) return known.strategies;
    const strategies = decodeModelContent(data.model); // checks the content against its hash
    this.contents.set(data.model.hash, { content: data.model.content, strategies });
    if (this.contents.size > KEPT_CONTENTS) this.contents.delete(this.contents.keys().next().value!);
    return strategies;
  }
}

/** Socket errors of a connection that is down (ioredis reconnects through them). */
const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'EAI_AGAIN']);

function isConnectionError(error: Error): boolean {
  const code = (error as Error & { code?: string }).code;
  return (code !== undefined && CONNECTION_ERROR_CODES.has(code)) || error.message === 'Connection is closed.';
}

async function encodeAndStore(redis: Redis, key: string, result: ChunkResult): Promise<number> {
  const bytes = encodeChunkResult(result);
  const reply = await redis.set(key, bytes, 'EX', RESULT_TTL_SECONDS);
  if (reply !== 'OK') throw new SimulationError(`Redis did not store the result at ${key}: ${String(reply)}`);
  return bytes.length;
}
