import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { RedisProvision } from '../setup/provision-plan.ts';
import type { RunManifest } from '../../src/report/run-manifest.ts';
import { chunkKey, chunkLines, killAllProcesses, testRedisServer, type CliProcess, type RedisServer } from './redis-server.ts';
import { reportDifferences } from './report-files.ts';
import { makeTempFolder, type CliResult } from './run-cli.ts';

/** What the cluster tests (test/cluster/) share: waiting for CLI processes, comparing reports, reading worker logs. */

/** Bundled scenarios and the smallest fixture, as given on the command line from the project root. */
export const MARKETPLACE = 'scenarios/marketplace.yaml';
export const STRATEGIES = 'scenarios/strategies.yaml';
export const SMALL_SELLERS = 'scenarios/small-sellers.yaml';
export const BLACK_FRIDAY = 'scenarios/black-friday-outage.yaml';
export const LOSS_EVENT = 'test/fixtures/scenarios/good/loss-event.yaml';

/**
 * The set-up of a cluster test file: a temporary folder, and the test setup's redis-server once
 * it is provisioned (`provided`, from `needs('redis')`, which the file itself must call); at the
 * end every CLI process still running is killed and the folder removed. `redis` reads the
 * server's URL and port once the file's tests run.
 */
export function clusterTestFile(label: string, provided: RedisProvision): { root: string; redis: Pick<RedisServer, 'url' | 'port'> } {
  const root = makeTempFolder(label);
  let server: RedisServer | undefined;
  beforeAll(async () => {
    if (provided.status === 'ready') server = await testRedisServer(provided);
  });
  afterAll(async () => {
    await killAllProcesses();
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  });
  const started = () =>
    server ??
    (() => {
      throw new Error('the Redis server of the test file has not started');
    })();
  return {
    root,
    redis: {
      get url() {
        return started().url;
      },
      get port() {
        return started().port;
      },
    },
  };
}

/** Waits for a CLI child process and returns what it did, as `runCli` does. */
export async function finished(child: CliProcess): Promise<CliResult> {
  const { status } = await child.exited;
  return { status, stdout: child.stdout, stderr: child.stderr };
}

export function manifestOf(folder: string): RunManifest {
  return JSON.parse(readFileSync(join(folder, 'run.json'), 'utf8')) as RunManifest;
}

/** Expects two report folders to agree: every file byte for byte, run.json apart from EXECUTION_FIELDS. */
export function expectSameReport(cluster: string, local: string): void {
  expect(reportDifferences(cluster, local)).toEqual([]);
}

/** The chunks (as `first–last`) of `trials` trials cut into chunks of `size`. */
export function allChunks(trials: number, size: number): string[] {
  const chunks: string[] = [];
  for (let first = 1; first <= trials; first += size) chunks.push(chunkKey({ first, last: Math.min(first + size - 1, trials) }));
  return chunks;
}

/** Waits until a worker starts a chunk after finishing one: past its warm-up, surely holding a chunk. */
export function midChunk(worker: CliProcess, who: string): Promise<unknown> {
  return worker.waitUntil(() => {
    const lines = chunkLines(worker.stdoutLines);
    const firstDone = lines.findIndex((line) => line.event === 'done');
    return firstDone >= 0 && lines.slice(firstDone + 1).some((line) => line.event === 'started') ? true : undefined;
  }, `${who} to start a chunk after finishing one`);
}

/** The chunks a worker logged as `event`, as `first–last`. */
export function chunksLogged(worker: CliProcess, event: 'started' | 'done' | 'refused' | 'failed'): string[] {
  return chunkLines(worker.stdoutLines)
    .filter((line) => line.event === event)
    .map(chunkKey);
}
