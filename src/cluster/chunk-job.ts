import { compareVersions } from '../report/read-run-data.ts';
import type { ModelContent } from '../engine/model-content.ts';

/** The queue and the Redis wait unless flags say otherwise (defined beside the URL parsing, which the CLI's help loads). */
export { DEFAULT_QUEUE, DEFAULT_REDIS_WAIT_SECONDS } from './redis-url.ts';

/** Seconds a chunk's result waits in Redis for the run that asked for it (a crashed run's results expire). */
export const RESULT_TTL_SECONDS = 24 * 60 * 60;

/**
 * One chunk of a run, as a BullMQ job: the scenario content and its hash (never a file path),
 * the seed, the trials, and the Redis key the worker stores the encoded result under.
 */
export interface ChunkJobData {
  /** The Faultline version of the run; a worker of another version refuses the job. */
  faultline_version: string;
  /** The scenario's name, for the worker's log. */
  scenario: string;
  model: ModelContent;
  seed: number | string;
  eltLimit: number;
  firstTrial: number;
  trialCount: number;
  resultKey: string;
}

/** What a worker returns for a job (the result itself is at `resultKey`). */
export interface ChunkJobReturn {
  resultKey: string;
  bytes: number;
  /** `host:pid` of the worker process that simulated it. */
  worker: string;
}

/**
 * Why a worker of `workerVersion` must refuse a job of `jobVersion`, or undefined when they
 * match. Versions must be equal: another version may simulate other numbers.
 */
export function versionRefusal(jobVersion: string, workerVersion: string): string | undefined {
  if (jobVersion === workerVersion) return undefined;
  return compareVersions(jobVersion, workerVersion) > 0
    ? `this worker runs Faultline ${workerVersion}, older than the ${jobVersion} that started the run: upgrade the worker to ${jobVersion}`
    : `this worker runs Faultline ${workerVersion}, newer than the ${jobVersion} that started the run: run the job with a ${jobVersion} worker, or the run with ${workerVersion}`;
}
