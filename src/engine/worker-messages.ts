import type { InputIssue } from '../errors.ts';
import type { ChunkResult } from '../ledger/chunk-ledger.ts';
import type { StrategyScenario } from '../scenario/strategies.ts';

/**
 * Sent to a worker before its first chunk of a job: the run's strategies, each the validated
 * scenario it simulates (merged on the main thread), and the seed; content, never file paths.
 */
export interface InitMessage {
  type: 'init';
  /** The job (one run) the chunks belong to; a worker keeps one compiled model per job. */
  job: number;
  strategies: StrategyScenario[];
  seed: number | string;
  /** Rows of event loss table each chunk returns at most (0: none). */
  eltLimit: number;
}

/** A chunk of consecutive trials of a job to simulate. */
export interface ChunkMessage {
  type: 'chunk';
  job: number;
  firstTrial: number;
  trialCount: number;
}

/** Tells a worker a job is over: it may forget the job's model. */
export interface DropMessage {
  type: 'drop';
  job: number;
}

/** Any message to a worker. */
export type WorkerMessage = InitMessage | ChunkMessage | DropMessage;

/** A worker's answer: a finished chunk, or the error that stopped it. */
export type WorkerReply =
  | ({ type: 'result'; job: number } & ChunkResult)
  | { type: 'error'; job: number; message: string; stack?: string; /** Set when the chunk failed on bad input (a loss that overflowed). */ issue?: InputIssue };
