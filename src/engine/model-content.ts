import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { SimulationError } from '../errors.ts';
import type { StrategyScenario } from '../scenario/strategies.ts';

/**
 * A run's strategies as text that travels (in a partial result, in a cluster job) and the SHA-256
 * of that text: what a worker compiles, never a file path. Two runs with the same content and seed
 * simulate the same numbers.
 */
export interface ModelContent {
  content: string;
  hash: string;
}

/** How −0, which JSON writes as 0, travels: as this one-key object. */
const NEGATIVE_ZERO = '$faultline:-0';

/** Serialises a run's validated strategies; refuses any value JSON would not carry back exactly. */
export function encodeModelContent(strategies: readonly StrategyScenario[]): ModelContent {
  const content = JSON.stringify(strategies, (_, value: unknown) => (Object.is(value, -0) ? { [NEGATIVE_ZERO]: true } : value));
  if (!isDeepStrictEqual(parseContent(content), strategies)) {
    throw new SimulationError('the scenario holds a value that JSON cannot carry (a non-finite number?); it cannot be sent to other processes');
  }
  return { content, hash: contentHash(content) };
}

/** The strategies of an encoded model, after checking the text against its hash. */
export function decodeModelContent({ content, hash }: ModelContent): StrategyScenario[] {
  const actual = contentHash(content);
  if (actual !== hash) throw new SimulationError(`the scenario content does not match its hash (expected ${hash}, got ${actual})`);
  return parseContent(content);
}

function parseContent(content: string): StrategyScenario[] {
  return JSON.parse(content, (_, value: unknown) => (typeof value === 'object' && value !== null && NEGATIVE_ZERO in value && Object.keys(value).length === 1 ? -0 : value)) as StrategyScenario[];
}

export function contentHash(content: string): string {
  return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}
