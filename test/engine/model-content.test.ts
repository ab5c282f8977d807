import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SimulationError } from '../../src/errors.ts';
import { contentHash, decodeModelContent, encodeModelContent } from '../../src/engine/model-content.ts';
import { simulateChunk } from '../../src/engine/simulate-chunk.ts';
import { compileStrategies } from '../../src/engine/simulation-model.ts';
import { loadScenario } from '../../src/scenario/load-scenario.ts';
import type { Scenario } from '../../src/scenario/schema/scenario-schema.ts';
import { strategyScenarios, type StrategyScenario } from '../../src/scenario/strategies.ts';
import { PROJECT_ROOT } from '../helpers/run-cli.ts';

/**
 * A run's strategies as text that travels to other processes (src/engine/model-content.ts): the
 * text and its SHA-256, what a shard's model.json and a cluster job carry. Encoding refuses what
 * JSON cannot carry back exactly; decoding refuses text that does not match its hash.
 */

const strategies = strategyScenarios(loadScenario(join(PROJECT_ROOT, 'scenarios/strategies.yaml')).scenario);
const marketplace = strategyScenarios(loadScenario(join(PROJECT_ROOT, 'scenarios/marketplace.yaml')).scenario);

/** A deep copy of the strategies with `mutate` applied to strategy `index`'s scenario (as plain data). */
function withChange(index: number, mutate: (scenario: Record<string, any>) => void): StrategyScenario[] {
  const copy = structuredClone(strategies);
  mutate(copy[index]!.scenario as unknown as Record<string, any>);
  return copy;
}

/** The error encoding throws; fails the test when it encodes. */
function encodeError(value: readonly StrategyScenario[]): Error {
  try {
    encodeModelContent(value);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the strategies to be refused, but they encoded');
}

describe('encodeModelContent', () => {
  it('writes the strategies as JSON with the SHA-256 of that text', () => {
    const { content, hash } = encodeModelContent(strategies);
    expect(content).toBe(JSON.stringify(strategies));
    expect(hash).toBe(`sha256:${createHash('sha256').update(content, 'utf8').digest('hex')}`);
    expect(hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(contentHash(content)).toBe(hash);
  });

  it('gives the same text and hash every time, and another hash for other strategies', () => {
    expect(encodeModelContent(structuredClone(strategies))).toEqual(encodeModelContent(strategies));
    const other = encodeModelContent(marketplace);
    expect(other.hash).not.toBe(encodeModelContent(strategies).hash);
    // One premium changed by one unit is another model.
    const changed = withChange(2, (scenario) => (scenario.insurance.policies[0].premium += 1));
    expect(encodeModelContent(changed).hash).not.toBe(encodeModelContent(strategies).hash);
  });

  it('carries everything a worker needs: the decoded model simulates the same numbers', () => {
    const decoded = decodeModelContent(encodeModelContent(strategies));
    expect(decoded).toStrictEqual(strategies);
    const original = simulateChunk(compileStrategies(strategies, 'seed-9'), 3, 15, 200);
    const travelled = simulateChunk(compileStrategies(decoded, 'seed-9'), 3, 15, 200);
    expect(travelled).toStrictEqual(original);
  });

  it.each<[string, (scenario: Record<string, any>) => void]>([
    ['NaN as a premium', (scenario) => (scenario.insurance.policies[0].premium = Number.NaN)],
    ['Infinity as a limit', (scenario) => (scenario.insurance.policies[0].limit = Infinity)],
    ['-Infinity deep in an incident', (scenario) => (scenario.incidents[0].frequency.mean = -Infinity)],
    ['NaN inside an array', (scenario) => (scenario.incidents = [...scenario.incidents, { extra: [1, 2, { deeper: [Number.NaN] }] }])],
  ])('refuses %s with a SimulationError (the value would come back as null)', (_, mutate) => {
    const error = encodeError(withChange(1, mutate));
    expect(error).toBeInstanceOf(SimulationError);
    expect(error.message).toBe('the scenario holds a value that JSON cannot carry (a non-finite number?); it cannot be sent to other processes');
  });

  it('refuses a non-finite number in the baseline as in a strategy, and a bare one', () => {
    expect(encodeError(withChange(0, (scenario) => (scenario.market.gmv = Infinity)))).toBeInstanceOf(SimulationError);
    const bare: StrategyScenario[] = [{ name: 'baseline', scenario: { name: 'x', value: Number.NaN } as unknown as Scenario }];
    expect(encodeError(bare)).toBeInstanceOf(SimulationError);
  });

  it('the refusal is about the value: the unchanged strategies still encode', () => {
    expect(() => encodeModelContent(strategies)).not.toThrow();
    expect(() => encodeModelContent(marketplace)).not.toThrow();
  });
});

describe('decodeModelContent', () => {
  it('returns the strategies of content that matches its hash', () => {
    const encoded = encodeModelContent(marketplace);
    expect(decodeModelContent(encoded)).toStrictEqual(marketplace);
  });

  it('refuses content changed after hashing, naming both hashes', () => {
    const encoded = encodeModelContent(strategies);
    const edited = encoded.content.replace('"premium":487000', '"premium":487001');
    expect(edited).not.toBe(encoded.content);
    const expected = `the scenario content does not match its hash (expected ${encoded.hash}, got ${contentHash(edited)})`;
    expect(() => decodeModelContent({ content: edited, hash: encoded.hash })).toThrow(new SimulationError(expected));
    expect(() => decodeModelContent({ content: edited, hash: encoded.hash })).toThrow(SimulationError);
  });

  it('refuses a one-character change anywhere, even one that keeps the JSON meaning (whitespace)', () => {
    const encoded = encodeModelContent(strategies);
    expect(() => decodeModelContent({ content: `${encoded.content} `, hash: encoded.hash })).toThrow(SimulationError);
    expect(() => decodeModelContent({ content: encoded.content, hash: encoded.hash.replace(/.$/, (c) => (c === '0' ? '1' : '0')) })).toThrow(SimulationError);
    expect(() => decodeModelContent({ content: encoded.content, hash: encoded.hash.toUpperCase() })).toThrow(SimulationError);
  });
});

describe('encodeModelContent: negative zero', () => {
  it('carries −0 back as −0 (JSON alone would make it 0), beside a real 0', () => {
    const withZeros = withChange(0, (scenario) => {
      scenario.trials = -0;
      scenario.seed = 0;
    });
    const decoded = decodeModelContent(encodeModelContent(withZeros));
    expect(Object.is(decoded[0]!.scenario.trials, -0)).toBe(true);
    expect(Object.is(decoded[0]!.scenario.seed, 0)).toBe(true);
    expect(decoded).toEqual(withZeros);
  });
});
