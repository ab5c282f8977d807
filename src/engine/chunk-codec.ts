import { endianness } from 'node:os';
import { SimulationError } from '../errors.ts';
import type { ChunkResult } from '../ledger/chunk-ledger.ts';

/**
 * A chunk result as bytes, for a Redis value: a 4-byte length, a JSON header (trial range, exact
 * sums, event loss table rows), zero padding to 8 bytes, then the annual and the largest-occurrence
 * arrays as little-endian float64, each `strategies × bearers × trialCount` long, and the
 * occurrence counts, `strategies × trialCount` float64; then the per-peril losses: their annual and
 * largest values (`entries` float64 each), their cell offsets (`cells + 1` uint32) and their trials
 * (`entries` uint32), little-endian, and zero padding to 8 bytes.
 *
 * JSON numbers and float64 bytes both round-trip exactly, so a decoded chunk is the chunk.
 */
export function encodeChunkResult(result: ChunkResult): Buffer {
  const { annual, largest, occurrences, perils, ...rest } = result;
  const entries = perils.trials.length;
  const cells = perils.offsets.length - 1;
  const header = Buffer.from(JSON.stringify({ ...rest, values: annual.length, counts: occurrences.length, entries, cells }), 'utf8');
  const offset = align8(4 + header.length);
  const floats = annual.length + largest.length + occurrences.length + 2 * entries;
  const bytes = Buffer.alloc(align8(offset + floats * 8 + (cells + 1 + entries) * 4));
  bytes.writeUInt32LE(header.length, 0);
  header.copy(bytes, 4);
  let at = offset;
  for (const values of [annual, largest, occurrences, perils.annual, perils.largest]) {
    writeFloats(bytes, at, values);
    at += values.length * 8;
  }
  writeUint32s(bytes, at, perils.offsets);
  writeUint32s(bytes, at + perils.offsets.length * 4, perils.trials);
  return bytes;
}

/** The chunk result `encodeChunkResult` wrote; a truncated or malformed value is a SimulationError. */
export function decodeChunkResult(bytes: Buffer): ChunkResult {
  if (bytes.length < 4) throw new SimulationError(`a chunk result of ${bytes.length} bytes is too short`);
  const headerLength = bytes.readUInt32LE(0);
  const offset = align8(4 + headerLength);
  let header: Omit<ChunkResult, 'annual' | 'largest' | 'occurrences' | 'perils'> & { values: number; counts: number; entries: number; cells: number };
  try {
    header = JSON.parse(bytes.toString('utf8', 4, 4 + headerLength)) as typeof header;
  } catch (error) {
    throw new SimulationError(`a chunk result's header is not JSON: ${(error as Error).message}`);
  }
  const { values, counts, entries, cells, ...rest } = header;
  const expected = align8(offset + (values * 2 + counts + entries * 2) * 8 + (cells + 1 + entries) * 4);
  if (bytes.length !== expected) {
    throw new SimulationError(`a chunk result of trials ${rest.firstTrial}–${rest.firstTrial + rest.trialCount - 1} has ${bytes.length} bytes, expected ${expected}`);
  }
  const perilsAt = offset + (values * 2 + counts) * 8;
  return {
    ...rest,
    annual: readFloats(bytes, offset, values),
    largest: readFloats(bytes, offset + values * 8, values),
    occurrences: readFloats(bytes, offset + values * 16, counts),
    perils: {
      annual: readFloats(bytes, perilsAt, entries),
      largest: readFloats(bytes, perilsAt + entries * 8, entries),
      offsets: readUint32s(bytes, perilsAt + entries * 16, cells + 1),
      trials: readUint32s(bytes, perilsAt + entries * 16 + (cells + 1) * 4, entries),
    },
  };
}

function align8(length: number): number {
  return Math.ceil(length / 8) * 8;
}

const LITTLE_ENDIAN = endianness() === 'LE';

/** Writes float64 values little-endian at `offset`: one copy on a little-endian machine. */
export function writeFloats(bytes: Buffer, offset: number, values: Float64Array): void {
  if (LITTLE_ENDIAN) Buffer.from(values.buffer, values.byteOffset, values.byteLength).copy(bytes, offset);
  else for (let i = 0; i < values.length; i++) bytes.writeDoubleLE(values[i]!, offset + i * 8);
}

/** Reads `count` little-endian float64 values at `offset` (any alignment). */
export function readFloats(bytes: Buffer, offset: number, count: number): Float64Array<ArrayBuffer> {
  const values = new Float64Array(count);
  if (LITTLE_ENDIAN) new Uint8Array(values.buffer).set(bytes.subarray(offset, offset + count * 8));
  else for (let i = 0; i < count; i++) values[i] = bytes.readDoubleLE(offset + i * 8);
  return values;
}

/** Writes uint32 values little-endian at `offset`. */
export function writeUint32s(bytes: Buffer, offset: number, values: Uint32Array): void {
  if (LITTLE_ENDIAN) Buffer.from(values.buffer, values.byteOffset, values.byteLength).copy(bytes, offset);
  else for (let i = 0; i < values.length; i++) bytes.writeUInt32LE(values[i]!, offset + i * 4);
}

/** Reads `count` little-endian uint32 values at `offset` (any alignment). */
export function readUint32s(bytes: Buffer, offset: number, count: number): Uint32Array<ArrayBuffer> {
  const values = new Uint32Array(count);
  if (LITTLE_ENDIAN) new Uint8Array(values.buffer).set(bytes.subarray(offset, offset + count * 4));
  else for (let i = 0; i < count; i++) values[i] = bytes.readUInt32LE(offset + i * 4);
  return values;
}
