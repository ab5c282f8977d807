import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { compileStrategies } from '../../src/engine/simulation-model.ts';
import { simulateChunk } from '../../src/engine/simulate-chunk.ts';
import { WorkerPool, type PoolJob } from '../../src/engine/worker-pool.ts';
import type { WorkerMessage } from '../../src/engine/worker-messages.ts';
import type { ChunkResult } from '../../src/ledger/chunk-ledger.ts';
import type { Scenario } from '../../src/scenario/schema/scenario-schema.ts';
import { strategyScenarios } from '../../src/scenario/strategies.ts';
import { insuredLossEventScenario, lossEventScenario } from '../helpers/build-scenario.ts';

/**
 * `modelKey` on a pool job (src/engine/worker-pool.ts): jobs with the same key share the model a
 * worker compiled (no second `init`), a worker keeps the last four keys and drops older ones, an
 * unkeyed job's model is dropped when it ends, and a keyed job's results are an unkeyed one's.
 *
 * What the pool sends its workers is watched through its (private) `post` method.
 */

const INSURED: Scenario = insuredLossEventScenario();

type Init = PoolJob['init'];
const A: Init = { strategies: strategyScenarios(INSURED), seed: 5, eltLimit: 20 };
const B: Init = { strategies: strategyScenarios(lossEventScenario({ mean: 3 })), seed: 'other', eltLimit: 0 };

/** Chunks of `size` trials covering trials 1..trials. */
function chunksOf(trials: number, size: number): { firstTrial: number; trialCount: number }[] {
  const chunks = [];
  for (let first = 1; first <= trials; first += size) chunks.push({ firstTrial: first, trialCount: Math.min(size, trials - first + 1) });
  return chunks;
}

/** Keeps only the ChunkResult fields (a worker's reply also carries `type` and `job`). */
function resultFields({ firstTrial, trialCount, annual, largest, occurrences, perils, allocations, insurance, elt }: ChunkResult): ChunkResult {
  return { firstTrial, trialCount, annual, largest, occurrences, perils, allocations, insurance, elt };
}

/** The same chunks simulated in this thread. */
function inProcess(init: Init, trials: number, size: number): ChunkResult[] {
  const model = compileStrategies(init.strategies, init.seed);
  return chunksOf(trials, size).map(({ firstTrial, trialCount }) => resultFields(simulateChunk(model, firstTrial, trialCount, init.eltLimit)));
}

/** A pool whose messages to its workers are recorded, with the worker each went to. */
function watchedPool(size: number): { pool: WorkerPool; sent: { worker: Worker; message: WorkerMessage }[] } {
  const pool = new WorkerPool(size);
  const sent: { worker: Worker; message: WorkerMessage }[] = [];
  const internals = pool as unknown as { post(worker: Worker, message: WorkerMessage): void };
  const post = internals.post.bind(pool);
  internals.post = (worker, message) => {
    sent.push({ worker, message });
    post(worker, message);
  };
  pools.push(pool);
  return { pool, sent };
}

const pools: WorkerPool[] = [];
afterEach(() => {
  for (const pool of pools.splice(0)) pool.close();
});

/** Runs a job on the pool and returns its results in trial order. */
async function run(pool: WorkerPool, init: Init, options: { key?: string; trials?: number; size?: number } = {}): Promise<ChunkResult[]> {
  const received: ChunkResult[] = [];
  const job: PoolJob = {
    init,
    ...(options.key !== undefined ? { modelKey: options.key } : {}),
    chunks: chunksOf(options.trials ?? 300, options.size ?? 100),
    onResult: (result) => received.push(resultFields(result)),
  };
  await pool.run(job);
  return received.sort((a, b) => a.firstTrial - b.firstTrial);
}

const inits = <Sent extends { message: WorkerMessage }>(sent: Sent[]) => sent.filter(({ message }) => message.type === 'init');
const drops = (sent: { message: WorkerMessage }[]) => sent.filter(({ message }) => message.type === 'drop').map(({ message }) => message.job);
const slotOf = (sent: { message: WorkerMessage }[], index: number) => inits(sent)[index]!.message.job;

describe('WorkerPool: jobs with a model key', () => {
  it('compiles the model once on a worker for every job of the same key', async () => {
    const { pool, sent } = watchedPool(1);
    const first = await run(pool, A, { key: 'a' });
    const second = await run(pool, A, { key: 'a' });
    const third = await run(pool, A, { key: 'a', trials: 150, size: 50 });
    expect(inits(sent)).toHaveLength(1);
    expect(drops(sent)).toEqual([]);
    // Every chunk of the three jobs went to the one compiled model (its slot).
    const slot = slotOf(sent, 0);
    expect(sent.filter(({ message }) => message.type === 'chunk').every(({ message }) => message.job === slot)).toBe(true);
    expect(sent.filter(({ message }) => message.type === 'chunk')).toHaveLength(3 + 3 + 3);
    expect(first).toEqual(inProcess(A, 300, 100));
    expect(second).toEqual(first);
    expect(third).toEqual(inProcess(A, 150, 50));
  });

  it('on two workers: at most one init per worker, however many jobs of the key run, one after another or together', async () => {
    const { pool, sent } = watchedPool(2);
    await run(pool, A, { key: 'a', trials: 800, size: 50 });
    const afterFirst = inits(sent).length;
    expect(afterFirst).toBeGreaterThanOrEqual(1);
    expect(afterFirst).toBeLessThanOrEqual(2);
    const [x, y] = await Promise.all([run(pool, A, { key: 'a', trials: 800, size: 50 }), run(pool, A, { key: 'a', trials: 400, size: 40 })]);
    await run(pool, A, { key: 'a', trials: 800, size: 50 });
    const workers = inits(sent).map(({ worker }) => worker);
    expect(new Set(workers).size).toBe(workers.length); // never twice on one worker
    expect(workers.length).toBeLessThanOrEqual(2);
    expect(new Set(inits(sent).map(({ message }) => message.job)).size).toBe(1); // one slot for the key
    expect(x).toEqual(inProcess(A, 800, 50));
    expect(y).toEqual(inProcess(A, 400, 40));
  });

  it('keeps several keys side by side: alternating jobs of two keys compile each once', async () => {
    const { pool, sent } = watchedPool(1);
    const results = [];
    for (const [init, key] of [
      [A, 'a'],
      [B, 'b'],
      [A, 'a'],
      [B, 'b'],
      [A, 'a'],
    ] as const)
      results.push(await run(pool, init, { key }));
    expect(inits(sent)).toHaveLength(2);
    expect(slotOf(sent, 0)).not.toBe(slotOf(sent, 1));
    expect(drops(sent)).toEqual([]);
    const [a, b] = [inProcess(A, 300, 100), inProcess(B, 300, 100)];
    expect(results).toEqual([a, b, a, b, a]);
    expect(a).not.toEqual(b);
  });

  it('keeps the last four keys: a fifth drops the least recently used, which compiles again when it returns', async () => {
    const { pool, sent } = watchedPool(1);
    const keys = ['k1', 'k2', 'k3', 'k4'];
    for (const [i, key] of keys.entries()) await run(pool, { ...B, seed: i }, { key, trials: 20, size: 20 });
    expect(inits(sent)).toHaveLength(4);
    expect(drops(sent)).toEqual([]);
    await run(pool, { ...B, seed: 1 }, { key: 'k2', trials: 20, size: 20 }); // k2 used again: k1 is now the oldest
    expect(inits(sent)).toHaveLength(4);
    const slots = inits(sent).map(({ message }) => message.job);
    await run(pool, { ...B, seed: 4 }, { key: 'k5', trials: 20, size: 20 });
    expect(inits(sent)).toHaveLength(5);
    expect(drops(sent)).toEqual([slots[0]]); // k1
    const again = await run(pool, { ...B, seed: 0 }, { key: 'k1', trials: 20, size: 20 });
    expect(inits(sent)).toHaveLength(6);
    expect(slotOf(sent, 5)).not.toBe(slots[0]); // a new slot
    expect(drops(sent)).toEqual([slots[0], slots[2]]); // then k3, the oldest after k2's reuse
    expect(again).toEqual(inProcess({ ...B, seed: 0 }, 20, 20));
    await run(pool, { ...B, seed: 1 }, { key: 'k2', trials: 20, size: 20 }); // still kept
    expect(inits(sent)).toHaveLength(6);
  });

  it("drops an unkeyed job's model when it ends; the same init unkeyed compiles again", async () => {
    const { pool, sent } = watchedPool(1);
    const first = await run(pool, A);
    expect(drops(sent)).toEqual([slotOf(sent, 0)]);
    const second = await run(pool, A);
    expect(inits(sent)).toHaveLength(2);
    expect(slotOf(sent, 1)).not.toBe(slotOf(sent, 0));
    expect(drops(sent)).toEqual([slotOf(sent, 0), slotOf(sent, 1)]);
    expect(second).toEqual(first);
  });

  it('gives a keyed job the results of an unkeyed one (and of simulateChunk in-process), on pools of 1 and 2', async () => {
    for (const size of [1, 2]) {
      const { pool } = watchedPool(size);
      const unkeyed = await run(pool, A, { trials: 500, size: 70 });
      const keyed = await run(pool, A, { key: 'a', trials: 500, size: 70 });
      const keyedAgain = await run(pool, A, { key: 'a', trials: 500, size: 70 });
      expect(keyed).toEqual(unkeyed);
      expect(keyedAgain).toEqual(unkeyed);
      expect(keyed).toEqual(inProcess(A, 500, 70));
      expect(keyed[0]!.elt?.groundUp.rows).toBeGreaterThan(0);
      expect(keyed[0]!.elt?.net.rows).toBeGreaterThan(0);
      expect(keyed[0]!.insurance?.length).toBeGreaterThan(0);
    }
  });

  it('runs keyed and unkeyed jobs of other scenarios concurrently on one pool, each with its own results', async () => {
    const { pool, sent } = watchedPool(2);
    const [a, b, c] = await Promise.all([run(pool, A, { key: 'a', trials: 600, size: 60 }), run(pool, B, { trials: 500, size: 50 }), run(pool, B, { key: 'b', trials: 400, size: 40 })]);
    expect(a).toEqual(inProcess(A, 600, 60));
    expect(b).toEqual(inProcess(B, 500, 50));
    expect(c).toEqual(inProcess(B, 400, 40));
    // Only the unkeyed job's model was dropped.
    const unkeyedSlots = new Set(drops(sent));
    expect(unkeyedSlots.size).toBe(1);
  });
});
