import { parentPort } from 'node:worker_threads';
import { compileModel, type SimulationModel } from './simulation-model.ts';
import { simulateChunk } from './simulate-chunk.ts';
import type { ChunkMessage, InitMessage, WorkerReply } from './worker-messages.ts';

/** The body of a simulation worker thread: compile the scenario once, then simulate chunks. */
const port = parentPort;
if (!port) throw new Error('chunk-worker must run in a worker thread');

let model: SimulationModel | undefined;
let eltLimit = 0;
port.on('message', (message: InitMessage | ChunkMessage) => {
  try {
    if (message.type === 'init') {
      model = compileModel(message.scenario, message.seed);
      eltLimit = message.eltLimit;
      return;
    }
    if (!model) throw new Error('chunk received before init');
    const result = simulateChunk(model, message.firstTrial, message.trialCount, eltLimit);
    const reply: WorkerReply = { type: 'result', ...result };
    port.postMessage(reply, [result.annual.buffer, result.largest.buffer]);
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    const reply: WorkerReply = { type: 'error', message: failure.message, ...(failure.stack ? { stack: failure.stack } : {}) };
    port.postMessage(reply);
  }
});
