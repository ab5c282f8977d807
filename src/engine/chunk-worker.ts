import { parentPort } from 'node:worker_threads';
import { compileModel, type SimulationModel } from './simulation-model.ts';
import { simulateChunk } from './simulate-chunk.ts';
import type { WorkerMessage, WorkerReply } from './worker-messages.ts';

/** The body of a simulation worker thread: compile each job's scenario once, then simulate its chunks. */
const port = parentPort;
if (!port) throw new Error('chunk-worker must run in a worker thread');

const jobs = new Map<number, { model: SimulationModel; eltLimit: number }>();
port.on('message', (message: WorkerMessage) => {
  if (message.type === 'drop') {
    jobs.delete(message.job);
    return;
  }
  try {
    if (message.type === 'init') {
      jobs.set(message.job, { model: compileModel(message.scenario, message.seed), eltLimit: message.eltLimit });
      return;
    }
    const job = jobs.get(message.job);
    if (!job) throw new Error(`chunk of job ${message.job} received before its init`);
    const result = simulateChunk(job.model, message.firstTrial, message.trialCount, job.eltLimit);
    const reply: WorkerReply = { type: 'result', job: message.job, ...result };
    port.postMessage(reply, [result.annual.buffer, result.largest.buffer]);
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    const reply: WorkerReply = { type: 'error', job: message.job, message: failure.message, ...(failure.stack ? { stack: failure.stack } : {}) };
    port.postMessage(reply);
  }
});
