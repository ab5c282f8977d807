import { parentPort } from 'node:worker_threads';
import { NonFiniteLoss } from '../errors.ts';
import { compileStrategies, type SimulationModel } from './compile-strategies.ts';
import { simulateChunk } from './simulate-chunk.ts';
import type { WorkerMessage, WorkerReply } from './worker-messages.ts';

/** The body of a simulation worker thread: compile each job's scenario once, then simulate its chunks. */
const port = parentPort;
if (!port) throw new Error('chunk-worker must run in a worker thread');

/** Each job's compiled model, or the error compiling it raised (then every chunk of it fails with that error). */
const jobs = new Map<number, { model: SimulationModel; eltLimit: number } | { failure: Error }>();
port.on('message', (message: WorkerMessage) => {
  if (message.type === 'drop') {
    jobs.delete(message.job);
    return;
  }
  if (message.type === 'init') {
    // One reply per chunk, none for an init: a failure here is answered by the chunks that follow.
    try {
      jobs.set(message.job, { model: compileStrategies(message.strategies, message.seed), eltLimit: message.eltLimit });
    } catch (error) {
      jobs.set(message.job, { failure: error instanceof Error ? error : new Error(String(error)) });
    }
    return;
  }
  try {
    const job = jobs.get(message.job);
    if (!job) throw new Error(`chunk of job ${message.job} received before its init`);
    if ('failure' in job) throw job.failure;
    const result = simulateChunk(job.model, message.firstTrial, message.trialCount, job.eltLimit);
    const reply: WorkerReply = { type: 'result', job: message.job, ...result };
    const { perils } = result;
    port.postMessage(reply, [result.annual.buffer, result.largest.buffer, result.occurrences.buffer, perils.offsets.buffer, perils.trials.buffer, perils.annual.buffer, perils.largest.buffer]);
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    const reply: WorkerReply = {
      type: 'error',
      job: message.job,
      message: failure.message,
      ...(failure.stack ? { stack: failure.stack } : {}),
      ...(failure instanceof NonFiniteLoss ? { issue: failure.issue } : {}),
    };
    port.postMessage(reply);
  }
});
