import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULT_VARIABLE } from '../../src/pipeline/stage-failure.ts';
import { killAllProcesses, startWorker, testRedisServer, type RedisServer, type WorkerProcess } from '../helpers/redis-server.ts';
import { makeTempFolder, PROJECT_ROOT, runCli, snapshotFolder } from '../helpers/run-cli.ts';
import { needs } from '../setup/needs.ts';

/**
 * A stage's exception on a cluster worker fails `run --redis` as it fails a local run: exit 1, one
 * line naming the trial, strategy and stage, no report (the earlier one stays as it was), and the
 * worker lives on to take the next job. The fault is injected into the worker process only
 * (FAULTLINE_INJECT_FAULT in its environment), so it is the worker's error that travels back.
 */

const root = makeTempFolder('faultline-cluster-faults');
const scenario = join(PROJECT_ROOT, 'test/fixtures/scenarios/good/loss-event.yaml');
const provided = needs('redis');
let redis: RedisServer;
let faulty: WorkerProcess;

beforeAll(async () => {
  if (provided.status !== 'ready') return;
  redis = await testRedisServer(provided);
  process.env[FAULT_VARIABLE] = 'liability@7';
  try {
    faulty = await startWorker(redis.url, { queue: 'faults' });
  } finally {
    delete process.env[FAULT_VARIABLE];
  }
});

afterAll(async () => {
  await killAllProcesses();
  await redis?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('a fault inside the simulation on a cluster worker', () => {
  it("fails run --redis with exit 1 and the worker's one-line reason; the earlier report stays; the worker takes the next job", async () => {
    const out = join(root, 'report');
    const args = ['run', scenario, '-n', '20', '--chunk-size', '10', '--redis', redis.url, '--queue', 'faults', '-o', out, '-q', '--no-charts'];
    // Trials 0–5 never reach trial 7: a good report first.
    const good = await runCli([...args.slice(0, 2), '-n', '6', ...args.slice(4)]);
    expect(good.status, good.stderr).toBe(0);
    const before = snapshotFolder(out);

    const failed = await runCli(args);
    expect(failed.status, failed.stderr).toBe(1);
    expect(failed.stderr).toContain('trial 7, strategy "baseline", stage liability: fault injected by FAULTLINE_INJECT_FAULT');
    expect(failed.stderr.trim().split('\n')).toHaveLength(1);
    expect(snapshotFolder(out)).toEqual(before);
    expect(existsSync(join(root, '.report.lock'))).toBe(false);

    expect(faulty.alive).toBe(true);
    const again = await runCli([...args.slice(0, 2), '-n', '6', ...args.slice(4), '-o', join(root, 'again')]);
    expect(again.status, again.stderr).toBe(0);
  });
});
