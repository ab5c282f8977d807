import { Worker } from 'node:worker_threads';
import { SimulationError } from '../errors.ts';
import type { ChunkResult } from '../ledger/chunk-ledger.ts';
import type { ChunkMessage, InitMessage, WorkerReply } from './worker-messages.ts';

const WORKER_ENTRY = new URL('./worker-entry.js', import.meta.url);

/**
 * Runs chunks on a pool of worker threads; each idle worker takes the next chunk.
 *
 * Results arrive in completion order; callers place them by `firstTrial`, so the outcome does
 * not depend on which worker ran what. The first failure, or an abort through `signal`, stops
 * every worker and rejects.
 */
export function runChunksOnWorkers(
  init: InitMessage,
  chunks: readonly ChunkMessage[],
  workerCount: number,
  onResult: (result: ChunkResult) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    let next = 0;
    let finished = 0;
    let failed = false;

    const stop = (error?: Error) => {
      if (failed) return;
      if (error) failed = true;
      for (const worker of workers) void worker.terminate();
      if (error) reject(error);
      else resolve();
    };

    const feed = (worker: Worker) => {
      const chunk = chunks[next++];
      if (chunk) worker.postMessage(chunk);
    };

    if (chunks.length === 0) return resolve();
    signal?.addEventListener('abort', () => stop(new SimulationError('interrupted before the run finished; no report was written')), {
      once: true,
    });
    for (let i = 0; i < Math.min(workerCount, chunks.length); i++) {
      const worker = new Worker(WORKER_ENTRY);
      workers.push(worker);
      worker.on('message', (reply: WorkerReply) => {
        if (failed) return;
        if (reply.type === 'error') {
          const error = new SimulationError(`worker failed: ${reply.message}`);
          if (reply.stack) error.stack = reply.stack;
          return stop(error);
        }
        onResult(reply);
        finished++;
        if (finished === chunks.length) stop();
        else feed(worker);
      });
      worker.on('error', (error) => stop(new SimulationError(`worker crashed: ${error.message}`)));
      worker.on('exit', (code) => {
        if (finished < chunks.length && !failed) stop(new SimulationError(`worker exited with code ${code} before the run finished`));
      });
      worker.postMessage(init);
      feed(worker);
    }
  });
}
