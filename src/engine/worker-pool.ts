import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { NonFiniteLoss, SimulationError } from '../errors.ts';
import type { ChunkResult } from '../ledger/chunk-ledger.ts';
import type { ChunkMessage, InitMessage, WorkerMessage, WorkerReply } from './worker-messages.ts';

const WORKER_ENTRY = new URL('./worker-entry.js', import.meta.url);

/**
 * The Node options a worker thread inherits: the process's own, less those that only apply to a
 * main script given as text (`node --input-type=module -e "import … from 'faultline'"`), which
 * would stop a thread started from a file.
 */
function workerExecArgv(): string[] {
  const options = process.execArgv;
  return options.filter((option, index) => !option.startsWith('--input-type') && options[index - 1] !== '--input-type');
}

/**
 * The young generation a simulation thread may grow to, in MiB. A trial's objects die young, so
 * a small nursery collects them as well as V8's default (up to 3 × 16 MiB a thread here) does:
 * measured on the default scenario, 300,000 years on 2 threads, user CPU 16.5–18.1 s against
 * 17.4–17.7 s, and peak RSS 237–266 MiB against 288–309 MiB.
 */
const WORKER_YOUNG_GENERATION_MB = 8;

/**
 * Worker threads optimize their hot code on their own thread, not on V8's background threads.
 * Node 20 unregisters a worker's isolate from the platform before disposing of it, so a
 * background optimization still running when a worker ends (a pool closed right after its last
 * chunk) can ask the platform for that isolate and abort the whole process ("Assertion failed:
 * (data.first) != nullptr" in NodePlatform::ForIsolate; it ended one CI run). V8 reads the flag
 * when an isolate is created: set before the first worker starts, it holds for every worker and
 * leaves the main thread's isolate as it was. Compiling on the worker's own thread costs the
 * same CPU; `npm run bench` measured no difference in a run's time.
 */
let compilationPinned = false;
function pinWorkerCompilation(): void {
  if (compilationPinned) return;
  setFlagsFromString('--no-concurrent-recompilation');
  compilationPinned = true;
}

/** A chunk that failed on its thread (an error in the scenario found while simulating), with the thread's message. */
export class ChunkFailure extends SimulationError {
  constructor(readonly reason: string) {
    super(`worker failed: ${reason}`);
  }
}

/** One run's work: its scenario and the chunks of its trials. */
export interface PoolJob {
  init: Omit<InitMessage, 'type' | 'job'>;
  /**
   * Jobs with the same key share their compiled model: a worker compiles it once and keeps it
   * after the job (the last few keys), as a cluster worker does for the many chunk jobs of a run.
   * Without a key a job's model is dropped when it ends.
   */
  modelKey?: string;
  chunks: readonly Omit<ChunkMessage, 'type' | 'job'>[];
  onResult: (result: ChunkResult) => void;
}

/**
 * How a job's chunks were run: on this process's threads, or through a Redis queue (with the
 * worker processes that returned results and the chunks BullMQ took from a stopped worker and
 * gave to another); run.json's `execution`.
 */
export type ChunkExecution = { mode: 'threads' } | { mode: 'redis'; queue: string; worker_processes: string[]; stalled_chunks: number };

/** What a runner says of a job it ran: how, and on how many workers (threads or processes). */
export interface RunnerReport {
  execution: ChunkExecution;
  workers: number;
}

/** What runs a job's chunks: the in-process pool of threads, or a cluster through Redis. */
export interface ChunkRunner {
  /** Trials per chunk this runner suits (default: about eight chunks per thread). */
  readonly chunkSize?: number;
  run(job: PoolJob, signal?: AbortSignal): Promise<RunnerReport>;
  close(): void | Promise<void>;
}

/** A compiled model on the workers: its slot number (the `job` field of messages) and who has it. */
interface ModelSlot {
  slot: number;
  key?: string;
  /** Workers that have compiled it. */
  ready: Set<Worker>;
}

interface ActiveJob extends PoolJob {
  model: ModelSlot;
  next: number;
  finished: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** Keyed models a worker keeps after their jobs end. */
const KEPT_MODELS = 4;

/**
 * A pool of simulation worker threads shared by any number of runs (a batch runs all its
 * scenarios through one pool). Each idle worker takes the next chunk of the oldest unfinished job,
 * compiling that job's scenario first if it has not yet; so the workers that finish one scenario
 * start on the next while the last chunks of the first are still running.
 *
 * Results arrive in completion order; callers place them by `firstTrial`. A chunk that fails
 * fails its job only; a worker that crashes, or `close()`, fails every job still running.
 */
export class WorkerPool implements ChunkRunner {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly jobs: ActiveJob[] = [];
  /** The job each busy worker is on. */
  private readonly busy = new Map<Worker, ActiveJob>();
  /** Keyed models, least recently used first. */
  private readonly keptModels: ModelSlot[] = [];
  private nextSlot = 1;
  private closed = false;
  private ended: Promise<void> = Promise.resolve();
  /** Why the pool broke (a thread crashed or answered out of turn); undefined while it works or after a plain close. */
  broken?: Error;

  constructor(readonly size: number) {
    if (!(size >= 1)) throw new RangeError(`a worker pool needs at least one worker, got ${size}`);
  }

  /** Runs a job's chunks; resolves when all are done, rejects with the first failure. */
  async run(job: PoolJob, signal?: AbortSignal): Promise<RunnerReport> {
    await this.runChunks(job, signal);
    return { execution: { mode: 'threads' }, workers: this.size };
  }

  private runChunks(job: PoolJob, signal?: AbortSignal): Promise<void> {
    if (this.closed) return Promise.reject(new SimulationError('the worker pool is closed'));
    if (signal?.aborted) return Promise.reject(new SimulationError('interrupted before the run finished; no report was written'));
    if (job.chunks.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const abort = () => this.close(new SimulationError('interrupted before the run finished; no report was written'));
      const settle = () => signal?.removeEventListener('abort', abort);
      const active: ActiveJob = {
        ...job,
        model: this.modelSlot(job.modelKey),
        next: 0,
        finished: 0,
        resolve: () => (settle(), resolve()),
        reject: (error) => (settle(), reject(error)),
      };
      this.jobs.push(active);
      signal?.addEventListener('abort', abort, { once: true });
      while (this.workers.length < this.size && this.workers.length < this.pendingChunks()) this.idle.push(this.startWorker());
      this.dispatch();
    });
  }

  /** Stops every worker; jobs still running fail with `error`. Resolves once every thread has ended (and its memory is given back). */
  close(error: Error = new SimulationError('the worker pool was closed before the run finished')): Promise<void> {
    if (this.closed) return this.ended;
    this.closed = true;
    this.ended = Promise.all(this.workers.map((worker) => worker.terminate())).then(() => {});
    for (const job of this.jobs.splice(0)) job.reject(error);
    return this.ended;
  }

  private break(error: Error): void {
    if (this.closed) return;
    this.broken = error;
    this.close(error);
  }

  /** A new slot for an unkeyed job; for a keyed one, the slot its key already has (or a new one, evicting the oldest). */
  private modelSlot(key: string | undefined): ModelSlot {
    if (key === undefined) return { slot: this.nextSlot++, ready: new Set() };
    const at = this.keptModels.findIndex((model) => model.key === key);
    const model = at >= 0 ? this.keptModels.splice(at, 1)[0]! : { slot: this.nextSlot++, key, ready: new Set<Worker>() };
    this.keptModels.push(model);
    while (this.keptModels.length > KEPT_MODELS) {
      const oldest = this.keptModels[0]!;
      if (this.jobs.some((job) => job.model === oldest)) break; // still in use: kept a little longer
      this.keptModels.shift();
      this.dropModel(oldest);
    }
    return model;
  }

  private dropModel(model: ModelSlot): void {
    for (const worker of model.ready) this.post(worker, { type: 'drop', job: model.slot });
    model.ready.clear();
  }

  private pendingChunks(): number {
    return this.jobs.reduce((sum, job) => sum + job.chunks.length - job.next, 0);
  }

  private startWorker(): Worker {
    pinWorkerCompilation();
    const worker = new Worker(WORKER_ENTRY, { execArgv: workerExecArgv(), resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
    this.workers.push(worker);
    worker.on('message', (reply: WorkerReply) => this.receive(worker, reply));
    worker.on('error', (error) => this.break(new SimulationError(`worker crashed: ${error.message}`)));
    worker.on('exit', (code) => {
      if (!this.closed) this.break(new SimulationError(`worker exited with code ${code} before the run finished`));
    });
    return worker;
  }

  /** Gives idle workers the next chunks, oldest job first. */
  private dispatch(): void {
    while (this.idle.length > 0) {
      const job = this.jobs.find((candidate) => candidate.next < candidate.chunks.length);
      if (!job) return;
      const worker = this.idle.pop()!;
      const chunk = job.chunks[job.next++]!;
      if (!job.model.ready.has(worker)) {
        this.post(worker, { type: 'init', job: job.model.slot, ...job.init });
        job.model.ready.add(worker);
      }
      this.busy.set(worker, job);
      this.post(worker, { type: 'chunk', job: job.model.slot, ...chunk });
    }
  }

  private receive(worker: Worker, reply: WorkerReply): void {
    if (this.closed) return;
    const job = this.busy.get(worker);
    if (!job || job.model.slot !== reply.job) {
      this.break(new SimulationError(`worker answered for job ${reply.job} while on ${job ? `job ${job.model.slot}` : 'no job'}`));
      return;
    }
    this.busy.delete(worker);
    this.idle.push(worker);
    if (this.jobs.includes(job)) {
      if (reply.type === 'error') {
        const error = reply.issue ? new NonFiniteLoss(reply.message, reply.issue) : new ChunkFailure(reply.message);
        if (reply.stack) error.stack = reply.stack;
        this.finish(job, error);
      } else {
        try {
          job.onResult(reply);
        } catch (error) {
          // The caller could not take the result (say, a full disk): the job fails, not the process.
          this.finish(job, error instanceof SimulationError ? error : new SimulationError(error instanceof Error ? error.message : String(error)));
          this.dispatch();
          return;
        }
        job.finished++;
        if (job.finished === job.chunks.length) this.finish(job);
      }
    }
    this.dispatch();
  }

  /** Ends a job: resolves or rejects it and lets its workers forget its model (unless keyed). */
  private finish(job: ActiveJob, error?: Error): void {
    this.jobs.splice(this.jobs.indexOf(job), 1);
    job.next = job.chunks.length; // a failed job hands out no more chunks
    if (job.model.key === undefined) this.dropModel(job.model);
    if (error) job.reject(error);
    else job.resolve();
  }

  private post(worker: Worker, message: WorkerMessage): void {
    worker.postMessage(message);
  }
}

/** Runs one job on a pool of its own, closed when the job ends (a single `faultline run`). */
export async function runChunksOnWorkers(job: PoolJob, workerCount: number, signal?: AbortSignal): Promise<RunnerReport> {
  const pool = new WorkerPool(workerCount);
  try {
    return await pool.run(job, signal);
  } finally {
    pool.close();
  }
}
