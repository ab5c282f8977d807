import type { ChunkResult } from '../ledger/chunk-ledger.ts';
import type { Scenario } from '../scenario/schema/scenario-schema.ts';

/** Sent once to each worker: the validated scenario and the seed (content, never file paths). */
export interface InitMessage {
  type: 'init';
  scenario: Scenario;
  seed: number | string;
  /** Rows of event loss table each chunk returns at most (0: none). */
  eltLimit: number;
}

/** A chunk of consecutive trials to simulate. */
export interface ChunkMessage {
  type: 'chunk';
  firstTrial: number;
  trialCount: number;
}

/** A worker's answer: a finished chunk, or the error that stopped it. */
export type WorkerReply =
  | ({ type: 'result' } & ChunkResult)
  | { type: 'error'; message: string; stack?: string };
