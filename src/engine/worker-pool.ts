import { Worker } from 'node:worker_threads';
import { SimulationError } from '../errors.ts';
import type { ChunkResult } from '../ledger/chunk-ledger.ts';
import type { ChunkMessage, InitMessage, WorkerMessage, WorkerReply } from './worker-messages.ts';

const WORKER_ENTRY = new URL('./worker-entry.js', import.meta.url);

/** One run's work: its scenario and the chunks of its trials. */
export interface PoolJob {
  init: Omit<InitMessage, 'type' | 'job'>;
  chunks: readonly Omit<ChunkMessage, 'type' | 'job'>[];
  onResult: (result: ChunkResult) => void;
}

interface ActiveJob extends PoolJob {
  id: number;
  next: number;
  finished: number;
  resolve: () => void;
  reject: (error: Error) => void;
  /** Workers that have this job's model. */
  ready: Set<Worker>;
}

/**
 * A pool of simulation worker threads shared by any number of runs (a batch runs all its
 * scenarios through one pool). Each idle worker takes the next chunk of the oldest unfinished job,
 * compiling that job's scenario first if it has not yet; so the workers that finish one scenario
 * start on the next while the last chunks of the first are still running.
 *
 * Results arrive in completion order; callers place them by `firstTrial`. A chunk that fails
 * fails its job only; a worker that crashes, or `close()`, fails every job still running.
 */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly jobs: ActiveJob[] = [];
  /** The job each busy worker is on. */
  private readonly busy = new Map<Worker, ActiveJob>();
  private nextId = 1;
  private closed = false;

  constructor(readonly size: number) {
    if (!(size >= 1)) throw new RangeError(`a worker pool needs at least one worker, got ${size}`);
  }

  /** Runs a job's chunks; resolves when all are done, rejects with the first failure. */
  run(job: PoolJob, signal?: AbortSignal): Promise<void> {
    if (this.closed) return Promise.reject(new SimulationError('the worker pool is closed'));
    if (signal?.aborted) return Promise.reject(new SimulationError('interrupted before the run finished; no report was written'));
    if (job.chunks.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const abort = () => this.close(new SimulationError('interrupted before the run finished; no report was written'));
      const settle = () => signal?.removeEventListener('abort', abort);
      const active: ActiveJob = {
        ...job,
        id: this.nextId++,
        next: 0,
        finished: 0,
        resolve: () => (settle(), resolve()),
        reject: (error) => (settle(), reject(error)),
        ready: new Set(),
      };
      this.jobs.push(active);
      signal?.addEventListener('abort', abort, { once: true });
      while (this.workers.length < this.size && this.workers.length < this.pendingChunks()) this.idle.push(this.startWorker());
      this.dispatch();
    });
  }

  /** Stops every worker; jobs still running fail with `error`. */
  close(error: Error = new SimulationError('the worker pool was closed before the run finished')): void {
    if (this.closed) return;
    this.closed = true;
    for (const worker of this.workers) void worker.terminate();
    for (const job of this.jobs.splice(0)) job.reject(error);
  }

  private pendingChunks(): number {
    return this.jobs.reduce((sum, job) => sum + job.chunks.length - job.next, 0);
  }

  private startWorker(): Worker {
    const worker = new Worker(WORKER_ENTRY);
    this.workers.push(worker);
    worker.on('message', (reply: WorkerReply) => this.receive(worker, reply));
    worker.on('error', (error) => this.close(new SimulationError(`worker crashed: ${error.message}`)));
    worker.on('exit', (code) => {
      if (!this.closed) this.close(new SimulationError(`worker exited with code ${code} before the run finished`));
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
      if (!job.ready.has(worker)) {
        this.post(worker, { type: 'init', job: job.id, ...job.init });
        job.ready.add(worker);
      }
      this.busy.set(worker, job);
      this.post(worker, { type: 'chunk', job: job.id, ...chunk });
    }
  }

  private receive(worker: Worker, reply: WorkerReply): void {
    if (this.closed) return;
    const job = this.busy.get(worker);
    if (!job || job.id !== reply.job) {
      this.close(new SimulationError(`worker answered for job ${reply.job} while on ${job ? `job ${job.id}` : 'no job'}`));
      return;
    }
    this.busy.delete(worker);
    this.idle.push(worker);
    if (this.jobs.includes(job)) {
      if (reply.type === 'error') {
        const error = new SimulationError(`worker failed: ${reply.message}`);
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

  /** Ends a job: resolves or rejects it and lets its workers forget its model. */
  private finish(job: ActiveJob, error?: Error): void {
    this.jobs.splice(this.jobs.indexOf(job), 1);
    job.next = job.chunks.length; // a failed job hands out no more chunks
    for (const worker of job.ready) this.post(worker, { type: 'drop', job: job.id });
    if (error) job.reject(error);
    else job.resolve();
  }

  private post(worker: Worker, message: WorkerMessage): void {
    worker.postMessage(message);
  }
}

/** Runs one job on a pool of its own, closed when the job ends (a single `faultline run`). */
export async function runChunksOnWorkers(job: PoolJob, workerCount: number, signal?: AbortSignal): Promise<void> {
  const pool = new WorkerPool(workerCount);
  try {
    await pool.run(job, signal);
  } finally {
    pool.close();
  }
}
