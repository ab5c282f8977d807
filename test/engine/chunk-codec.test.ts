import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SimulationError } from '../../src/errors.ts';
import { decodeChunkResult, encodeChunkResult } from '../../src/engine/chunk-codec.ts';
import { simulateChunk } from '../../src/engine/simulate-chunk.ts';
import { compileModel } from '../../src/engine/simulation-model.ts';
import type { ChunkResult } from '../../src/ledger/chunk-ledger.ts';
import { emptyPerilLosses, perilCellCount } from '../../src/ledger/peril-losses.ts';
import { loadScenario } from '../../src/scenario/load-scenario.ts';
import { PROJECT_ROOT } from '../helpers/run-cli.ts';
import { lossEventScenario } from '../helpers/build-scenario.ts';

/**
 * The binary form of a chunk result (src/engine/chunk-codec.ts), as a Redis value carries it:
 * a decoded chunk is the chunk (every float bit, the exact sums, the event loss table text), and
 * a value cut short or padded is a SimulationError, never a wrong chunk.
 */

/** Four strategies, eleven bearers, insurance: allocation and insurance sums and ELT rows. */
const strategies = loadScenario(join(PROJECT_ROOT, 'scenarios/strategies.yaml')).scenario;
const model = compileModel(strategies, 2027);
const chunk = simulateChunk(model, 41, 12, 1_000);
/** A two-trial chunk, small enough to cut at every length. */
const small = simulateChunk(model, 7, 2, 50);

/** The float64 values of an array as bytes, so that -0 and NaN payloads compare exactly. */
function bitsOf(values: Float64Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

function expectSameChunk(decoded: ChunkResult, original: ChunkResult): void {
  expect(decoded).toStrictEqual(original);
  expect(decoded.annual).toBeInstanceOf(Float64Array);
  expect(decoded.largest).toBeInstanceOf(Float64Array);
  expect(bitsOf(decoded.annual).equals(bitsOf(original.annual))).toBe(true);
  expect(bitsOf(decoded.largest).equals(bitsOf(original.largest))).toBe(true);
}

/** The error a decode throws; fails the test when it decodes. */
function decodeError(bytes: Buffer): unknown {
  try {
    decodeChunkResult(bytes);
  } catch (error) {
    return error;
  }
  throw new Error(`expected a value of ${bytes.length} bytes to be refused, but it decoded`);
}

describe('encodeChunkResult / decodeChunkResult', () => {
  it('the chunk under test carries everything a chunk can: several strategies, sums, ELT rows', () => {
    expect(model.strategies.length).toBe(4);
    expect(chunk.firstTrial).toBe(41);
    expect(chunk.annual.length).toBe(4 * model.bearers.length * 12);
    expect(chunk.allocations?.length).toBeGreaterThan(0);
    expect(chunk.insurance?.length).toBeGreaterThan(0);
    expect(chunk.elt?.groundUp.rows).toBeGreaterThan(0);
    expect(chunk.elt?.net.rows).toBeGreaterThan(0);
    expect(chunk.annual.some((value) => value !== 0)).toBe(true);
    expect(chunk.largest.some((value) => value !== 0)).toBe(true);
    expect(chunk.perils.offsets.length).toBe(perilCellCount(4, model.bearers.length) + 1);
    expect(chunk.perils.trials.length).toBeGreaterThan(0);
    // The uint32 tail of one of them needs padding to 8 bytes.
    expect([chunk, small].map(({ perils }) => (perils.offsets.length + perils.trials.length) % 2)).toContain(1);
  });

  it('round-trips a simulated chunk exactly', () => {
    expectSameChunk(decodeChunkResult(encodeChunkResult(chunk)), chunk);
    expectSameChunk(decodeChunkResult(encodeChunkResult(small)), small);
  });

  it('round-trips a chunk without ELT, allocation or insurance fields, without adding them', () => {
    const plain = simulateChunk(compileModel(lossEventScenario(), 3), 1, 25);
    expect(plain.elt).toBeUndefined();
    const bare: ChunkResult = { firstTrial: plain.firstTrial, trialCount: plain.trialCount, annual: plain.annual, largest: plain.largest, occurrences: plain.occurrences, perils: plain.perils };
    const decoded = decodeChunkResult(encodeChunkResult(bare));
    expectSameChunk(decoded, bare);
    expect(Object.keys(decoded).sort()).toEqual(['annual', 'firstTrial', 'largest', 'occurrences', 'perils', 'trialCount']);
    expectSameChunk(decodeChunkResult(encodeChunkResult(plain)), plain);
  });

  it('keeps every float bit: -0, NaN, infinities, subnormals, extremes', () => {
    const specials = [-0, 0, Number.NaN, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, 0.1 + 0.2, -1234567.891, 2 ** 53 + 2];
    const result: ChunkResult = {
      firstTrial: 100_000_000,
      trialCount: specials.length,
      annual: new Float64Array(specials),
      largest: new Float64Array([...specials].reverse()),
      occurrences: new Float64Array(specials.length).fill(3),
      perils: {
        offsets: Uint32Array.of(0, 0, specials.length, specials.length),
        trials: Uint32Array.from(specials, (_, i) => i),
        annual: new Float64Array(specials),
        largest: new Float64Array([...specials].reverse()),
      },
      allocations: [['["baseline","outage","sla_credit","platform"]', -3, 67_108_863]],
      insurance: [],
    };
    const decoded = decodeChunkResult(encodeChunkResult(result));
    expectSameChunk(decoded, result);
    expect(Object.is(decoded.annual[0], -0)).toBe(true);
    expect(Number.isNaN(decoded.annual[2])).toBe(true);
    expect(bitsOf(decoded.perils.annual).equals(bitsOf(result.perils.annual))).toBe(true);
    expect(bitsOf(decoded.perils.largest).equals(bitsOf(result.perils.largest))).toBe(true);
    expect(Object.is(decoded.perils.annual[0], -0)).toBe(true);
  });

  it('counts the header in bytes, not characters (non-ASCII ELT text)', () => {
    const result: ChunkResult = {
      firstTrial: 1,
      trialCount: 1,
      annual: new Float64Array([1.5]),
      largest: new Float64Array([-2.25]),
      occurrences: new Float64Array([2]),
      perils: emptyPerilLosses(perilCellCount(1, 1)),
      elt: {
        groundUp: { text: '*,1,panne-é#1,outage,Störung — 東京 💥,2027-01-01T00:00:00Z,,sla_credit,12.34,platform,\r\n', rows: 1 },
        net: { text: 'baseline,1,panne-é#1,platform,12.34,0.00,0.00,0.00,0.00,0.00,0.00,12.34\r\n', rows: 1 },
      },
    };
    expectSameChunk(decodeChunkResult(encodeChunkResult(result)), result);
  });

  it('puts the floats on an 8-byte boundary after a 4-byte header length', () => {
    for (const result of [chunk, small]) {
      const bytes = encodeChunkResult(result);
      const headerLength = bytes.readUInt32LE(0);
      const offset = Math.ceil((4 + headerLength) / 8) * 8;
      const { perils } = result;
      const floats = result.annual.length * 2 + result.occurrences.length + perils.trials.length * 2;
      expect(bytes.length).toBe(Math.ceil((offset + floats * 8 + (perils.offsets.length + perils.trials.length) * 4) / 8) * 8);
      expect(bytes.length % 8).toBe(0);
      expect(bytes.readDoubleLE(offset)).toBe(result.annual[0]);
      expect(bytes.readDoubleLE(offset + result.annual.length * 8)).toBe(result.largest[0]);
      expect(bytes.readDoubleLE(offset + result.annual.length * 16)).toBe(result.occurrences[0]);
      expect(result.occurrences.length % result.trialCount).toBe(0); // one count per strategy and trial
      expect(JSON.parse(bytes.toString('utf8', 4, 4 + headerLength))).toMatchObject({
        firstTrial: result.firstTrial,
        trialCount: result.trialCount,
        values: result.annual.length,
        counts: result.occurrences.length,
      });
    }
  });

  it('decodes a value that sits at an odd offset inside a larger buffer (as a Redis reply may)', () => {
    const bytes = encodeChunkResult(chunk);
    const pool = Buffer.alloc(bytes.length + 11, 0xab);
    bytes.copy(pool, 3);
    expectSameChunk(decodeChunkResult(pool.subarray(3, 3 + bytes.length)), chunk);
  });

  it('refuses the value cut short with a SimulationError, wherever it is cut', () => {
    const bytes = encodeChunkResult(small);
    const offset = Math.ceil((4 + bytes.readUInt32LE(0)) / 8) * 8;
    expect(bytes.length).toBeGreaterThan(offset + 500);
    // Every length in the first and last 300 bytes and around the end of the header; a stride between.
    const lengths = new Set<number>();
    for (let length = 0; length < bytes.length; length += 97) lengths.add(length);
    for (let length = 0; length < 300; length++) lengths.add(length);
    for (let length = offset - 80; length < offset + 80; length++) lengths.add(length);
    for (let length = bytes.length - 300; length < bytes.length; length++) lengths.add(length);
    for (const length of lengths) {
      const error = decodeError(bytes.subarray(0, length));
      expect(error, `cut to ${length} of ${bytes.length} bytes`).toBeInstanceOf(SimulationError);
    }
  });

  it('names the trials and the sizes when the float arrays are short or long', () => {
    const bytes = encodeChunkResult(chunk);
    const short = decodeError(bytes.subarray(0, bytes.length - 8)) as Error;
    expect(short).toBeInstanceOf(SimulationError);
    expect(short.message).toBe(`a chunk result of trials 41–52 has ${bytes.length - 8} bytes, expected ${bytes.length}`);
    const long = decodeError(Buffer.concat([bytes, Buffer.alloc(8)])) as Error;
    expect(long).toBeInstanceOf(SimulationError);
    expect(long.message).toContain(`has ${bytes.length + 8} bytes, expected ${bytes.length}`);
  });

  it('refuses a header that is not JSON, and a value too short for its length', () => {
    const bytes = Buffer.from(encodeChunkResult(small));
    bytes.write('#', 4, 'utf8'); // the header's opening brace
    const error = decodeError(bytes) as Error;
    expect(error).toBeInstanceOf(SimulationError);
    expect(error.message).toMatch(/^a chunk result's header is not JSON/);
    for (const tiny of [Buffer.alloc(0), Buffer.from([1, 0, 0])]) {
      const tooShort = decodeError(tiny) as Error;
      expect(tooShort).toBeInstanceOf(SimulationError);
      expect(tooShort.message).toBe(`a chunk result of ${tiny.length} bytes is too short`);
    }
  });
});
