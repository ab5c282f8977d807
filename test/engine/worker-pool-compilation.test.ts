import { describe, expect, it, vi } from 'vitest';
import { lossEventScenario } from '../helpers/build-scenario.ts';

/**
 * The pool pins V8's optimizing compiler to each worker's own thread before its first worker
 * starts (src/engine/worker-pool.ts, pinWorkerCompilation): Node 20 can abort the whole process
 * when a worker ends while a background optimization of its code still runs. The flag only
 * counts if it is set before a worker's isolate is created, so the order is what is checked.
 *
 * node:v8 and node:worker_threads are watched through mocks that call the real functions.
 */
const calls: string[] = [];

vi.mock('node:v8', async (original) => {
  const actual = await original<typeof import('node:v8')>();
  return {
    ...actual,
    setFlagsFromString: (flags: string) => {
      calls.push(`flags ${flags}`);
      actual.setFlagsFromString(flags);
    },
  };
});

vi.mock('node:worker_threads', async (original) => {
  const actual = await original<typeof import('node:worker_threads')>();
  class WatchedWorker extends actual.Worker {
    constructor(...args: ConstructorParameters<typeof actual.Worker>) {
      calls.push('worker');
      super(...args);
    }
  }
  return { ...actual, Worker: WatchedWorker };
});

vi.resetModules();
const { WorkerPool } = await import('../../src/engine/worker-pool.ts');
const { strategyScenarios } = await import('../../src/scenario/strategies.ts');

describe('WorkerPool: where worker threads optimize their code', () => {
  it('turns off background optimization once, before the first worker of the process starts', async () => {
    const init = { strategies: strategyScenarios(lossEventScenario({ mean: 2 })), seed: 3, eltLimit: 0 };
    for (const size of [2, 1]) {
      const pool = new WorkerPool(size);
      try {
        let results = 0;
        await pool.run({
          init,
          chunks: [
            { firstTrial: 1, trialCount: 50 },
            { firstTrial: 51, trialCount: 50 },
          ],
          onResult: () => results++,
        });
        expect(results).toBe(2);
      } finally {
        pool.close();
      }
    }
    expect(calls[0]).toBe('flags --no-concurrent-recompilation');
    expect(calls.filter((call) => call.startsWith('flags'))).toHaveLength(1);
    expect(calls.filter((call) => call === 'worker')).toHaveLength(3);
  });
});
