import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { InputError, SimulationError } from '../errors.ts';
import type { YearLossTable } from '../ledger/year-loss-table.ts';
import { contentHash } from '../engine/model-content.ts';
import { readFloats as readFloatsAt, readUint32s, writeFloats, writeUint32s } from '../engine/chunk-codec.ts';
import { partOfUnits, unitsOf } from '../ledger/exact-sum.ts';
import { perilCellCount, type PerilLosses } from '../ledger/peril-losses.ts';
import type { ReportStaging } from '../report/report-staging.ts';
import type { ScenarioIdentity } from '../report/run-manifest.ts';
import type { Shard } from './shard-range.ts';

/** The format tag of partial.json; a merge refuses any other. */
export const PARTIAL_FORMAT = 'faultline-partial/3';

/**
 * A shard's result, as `faultline run --shard i/n --partial DIR` writes it and `faultline merge`
 * reads it. The folder holds:
 *
 * - `partial.json`: this record (what was simulated, and the exact allocation and insurance sums);
 * - `model.json`: the run's validated strategies, the text whose SHA-256 is `model_hash`;
 * - `annual.f64`, `largest.f64`: per strategy, bearer and trial (in that nesting, trial fastest),
 *   the net annual loss and the largest single-occurrence loss, as little-endian float64;
 * - `occurrences.f64`: per strategy and trial (trial fastest), the year's occurrences, as float64;
 * - `perils.f64`, `perils.u32`: the shard's per-peril losses (PerilLosses, trials counted from the
 *   shard's first trial): the `peril_entries` annual values then as many largest-occurrence values
 *   (float64); the cell offsets (strategies × bearers × PERILS + 1) then the entries' trials (uint32),
 *   little-endian;
 * - `elt.csv`, `elt_net.csv`: the shard's rows of the ground-up and the net event loss tables,
 *   when `--elt` was given (each cut at the limit).
 */
export interface PartialManifest {
  format: typeof PARTIAL_FORMAT;
  faultline_version: string;
  scenario: ScenarioIdentity;
  currency: string;
  model_hash: string;
  seed: number | string;
  /** Trials of the whole run. */
  trials: number;
  shard: Shard;
  first_trial: number;
  trial_count: number;
  strategies: string[];
  bearers: string[];
  /** Entries of the per-peril losses (perils.f64, perils.u32). */
  peril_entries: number;
  /** The `--elt` row limit ('all' for no limit) and the rows this shard wrote to elt.csv and elt_net.csv; null without `--elt`. */
  elt: { limit: number | 'all'; rows: number; net_rows: number } | null;
  /** Exact sums in units of 1/10,000 (decimal integers), by AllocationTable and InsuranceTable key. */
  allocation_sums: Record<string, string>;
  insurance_sums: Record<string, string>;
  workers: number;
  chunk_size: number | null;
  node_version: string;
  started_at: string;
  simulate_ms: number;
}

/** A partial result read back: its record, its model text and its year loss arrays. */
export interface PartialResult {
  folder: string;
  manifest: PartialManifest;
  model: string;
  /** `annual[s][b]`, `largest[s][b]`: the shard's trials in order. */
  annual: Float64Array[][];
  largest: Float64Array[][];
  /** `occurrences[s]`: the shard's trials in order. */
  occurrences: Float64Array[];
  /** The shard's per-peril losses, trials counted from its first trial. */
  perils: PerilLosses;
}

/** Stages a shard's partial result (the caller commits or discards the staging folder). */
export function stagePartial(
  staging: ReportStaging,
  table: YearLossTable,
  run: Omit<PartialManifest, 'format' | 'faultline_version' | 'strategies' | 'bearers' | 'peril_entries' | 'allocation_sums' | 'insurance_sums' | 'model_hash' | 'node_version'> & {
    model: string;
    faultlineVersion: string;
  },
): PartialManifest {
  const { model, faultlineVersion, ...rest } = run;
  const perils = table.perilLosses.merged();
  const manifest: PartialManifest = {
    format: PARTIAL_FORMAT,
    faultline_version: faultlineVersion,
    ...rest,
    model_hash: contentHash(model),
    strategies: table.strategies,
    bearers: table.bearers,
    peril_entries: perils.trials.length,
    allocation_sums: unitsByKey(table.allocationSums),
    insurance_sums: unitsByKey(table.insuranceSums),
    node_version: process.version,
  };
  staging.write('model.json', model);
  const { years } = table;
  const byBearer = (column: (s: number, b: number) => Float64Array) => table.strategies.map((_, s) => table.bearers.map((_, b) => column(s, b)));
  staging.write('annual.f64', floats(byBearer((s, b) => years.annual(s, b))));
  staging.write('largest.f64', floats(byBearer((s, b) => years.largest(s, b))));
  staging.write('occurrences.f64', floats([table.strategies.map((_, s) => years.occurrences(s))]));
  staging.write('perils.f64', floats([[perils.annual, perils.largest]]));
  const integers = Buffer.alloc((perils.offsets.length + perils.trials.length) * 4);
  writeUint32s(integers, 0, perils.offsets);
  writeUint32s(integers, perils.offsets.length * 4, perils.trials);
  staging.write('perils.u32', integers);
  staging.write('partial.json', `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * Reads a partial result folder, checking it is one, is whole and agrees with itself.
 *
 * @throws InputError naming the folder or file and what is wrong.
 */
export function readPartial(folder: string): PartialResult {
  const file = join(folder, 'partial.json');
  if (!existsSync(file)) {
    throw new InputError([{ file: folder, message: 'expected a partial result folder (faultline run --shard i/n --partial DIR writes one), got no partial.json' }]);
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError([{ file, message: `expected partial.json as faultline run --shard writes it, got text that is not JSON (${(error as Error).message})` }]);
  }
  const format = (json as { format?: unknown } | null)?.format;
  if (typeof format === 'string' && format !== PARTIAL_FORMAT && format.startsWith('faultline-partial/')) {
    throw new InputError([
      {
        file,
        path: 'format',
        message: `expected a partial result of format ${PARTIAL_FORMAT} (this Faultline), got ${format}, written by an older Faultline without per-peril losses: run the shard again with this version`,
      },
    ]);
  }
  const parsed = partialSchema.safeParse(json);
  if (!parsed.success) {
    throw new InputError(parsed.error.issues.map((issue) => ({ file, path: issue.path.join('.') || '(root)', message: `expected partial.json as faultline run --shard writes it: ${issue.message}` })));
  }
  const manifest = parsed.data as PartialManifest;
  const model = readFileChecked(join(folder, 'model.json'));
  if (contentHash(model) !== manifest.model_hash) {
    throw new InputError([{ file: join(folder, 'model.json'), message: `expected the model text whose hash partial.json records (${manifest.model_hash}), got other text` }]);
  }
  if (manifest.elt !== null) {
    for (const [name, rows] of [
      ['elt.csv', manifest.elt.rows],
      ['elt_net.csv', manifest.elt.net_rows],
    ] as const) {
      if (!existsSync(join(folder, name))) {
        throw new InputError([{ file: join(folder, name), message: `expected the event loss table partial.json records (${rows} rows), got no file (was the folder copied whole?)` }]);
      }
    }
  }
  return {
    folder,
    manifest,
    model,
    annual: readFloatFile(join(folder, 'annual.f64'), manifest),
    largest: readFloatFile(join(folder, 'largest.f64'), manifest),
    occurrences: readFloatFile(join(folder, 'occurrences.f64'), manifest, false).map(([counts]) => counts!),
    perils: readPerils(folder, manifest),
  };
}

/** Reads perils.f64 and perils.u32, checking their sizes and that the offsets and trials are a shard's. */
function readPerils(folder: string, manifest: PartialManifest): PerilLosses {
  const entries = manifest.peril_entries;
  const cells = perilCellCount(manifest.strategies.length, manifest.bearers.length);
  const floatFile = join(folder, 'perils.f64');
  const integerFile = join(folder, 'perils.u32');
  const floatBytes = readBytesChecked(floatFile, entries * 16, `2 × ${entries} entries × 8`);
  const integerBytes = readBytesChecked(integerFile, (cells + 1 + entries) * 4, `(${cells} cells + 1 + ${entries} entries) × 4`);
  const perils: PerilLosses = {
    annual: readFloatsAt(floatBytes, 0, entries),
    largest: readFloatsAt(floatBytes, entries * 8, entries),
    offsets: readUint32s(integerBytes, 0, cells + 1),
    trials: readUint32s(integerBytes, (cells + 1) * 4, entries),
  };
  const { offsets, trials } = perils;
  let whole = offsets[0] === 0 && offsets[cells] === entries;
  for (let k = 0; whole && k < cells; k++) {
    if (offsets[k + 1]! < offsets[k]!) whole = false;
    for (let i = offsets[k]!; whole && i < offsets[k + 1]!; i++) {
      if (trials[i]! >= manifest.trial_count || (i > offsets[k]! && trials[i]! <= trials[i - 1]!)) whole = false;
    }
  }
  if (!whole) throw new InputError([{ file: integerFile, message: `expected cell offsets and ascending trials below ${manifest.trial_count} as faultline run --shard writes them, got others` }]);
  return perils;
}

function readBytesChecked(file: string, size: number, layout: string): Buffer {
  if (!existsSync(file)) throw new InputError([{ file, message: 'expected this file of a partial result, got no file (was the folder copied whole?)' }]);
  const bytes = readFileSync(file);
  if (bytes.length !== size) throw new InputError([{ file, message: `expected ${size} bytes (${layout}), got ${bytes.length}` }]);
  return bytes;
}

/** The exact sums of a merged table, from its partials' units (in trial order, though the order does not matter). */
export function sumsFromUnits(records: readonly Record<string, string>[]): Map<string, [number, number][]> {
  const sums = new Map<string, [number, number][]>();
  for (const record of records) {
    for (const [key, units] of Object.entries(record)) {
      const part = partOfUnits(BigInt(units));
      const parts = sums.get(key);
      if (parts) parts.push(part);
      else sums.set(key, [part]);
    }
  }
  return sums;
}

function unitsByKey(sums: Map<string, [number, number][]>): Record<string, string> {
  return Object.fromEntries([...sums].map(([key, parts]) => [key, unitsOf(parts).toString()]));
}

function floats(arrays: Float64Array[][]): Buffer {
  const length = arrays.reduce((sum, row) => sum + row.reduce((n, array) => n + array.length, 0), 0);
  const bytes = Buffer.alloc(length * 8);
  let at = 0;
  for (const array of arrays.flat()) {
    writeFloats(bytes, at, array);
    at += array.byteLength;
  }
  return bytes;
}

function readFileChecked(file: string): string {
  if (!existsSync(file)) throw new InputError([{ file, message: 'expected this file of a partial result, got no file (was the folder copied whole?)' }]);
  return readFileSync(file, 'utf8');
}

/** Reads a float64 file laid out per strategy, then per bearer (`perBearer`) or not, trial fastest: `[s][b or 0][t]`. */
function readFloatFile(file: string, manifest: PartialManifest, perBearer = true): Float64Array[][] {
  if (!existsSync(file)) throw new InputError([{ file, message: 'expected this file of a partial result, got no file (was the folder copied whole?)' }]);
  const rows = perBearer ? manifest.bearers : ['(all)'];
  const values = manifest.strategies.length * rows.length * manifest.trial_count;
  const size = statSync(file).size;
  if (size !== values * 8) {
    const layout = `${manifest.strategies.length} strategies × ${perBearer ? `${rows.length} bearers × ` : ''}${manifest.trial_count} trials × 8`;
    throw new InputError([{ file, message: `expected ${values * 8} bytes (${layout}), got ${size}` }]);
  }
  const count = manifest.trial_count;
  const bytes = Buffer.alloc(count * 8);
  const descriptor = openSync(file, 'r');
  try {
    return manifest.strategies.map((_, s) =>
      rows.map((_, b) => {
        const read = readSync(descriptor, bytes, 0, bytes.length, (s * rows.length + b) * count * 8);
        if (read !== bytes.length) throw new SimulationError(`${file}: short read`);
        return readFloatsAt(bytes, 0, count);
      }),
    );
  } finally {
    closeSync(descriptor);
  }
}

const units = z.string().regex(/^-?\d+$/, 'expected a decimal integer');
const whole = z.number().int().nonnegative();

const partialSchema = z.object({
  format: z.literal(PARTIAL_FORMAT),
  faultline_version: z.string(),
  scenario: z.object({ name: z.string(), description: z.string().optional(), file: z.string(), hash: z.string(), files: z.array(z.string()) }),
  currency: z.string(),
  model_hash: z.string(),
  seed: z.union([z.number(), z.string()]),
  trials: z.number().int().positive(),
  shard: z.object({ index: z.number().int().positive(), count: z.number().int().positive() }).refine((shard) => shard.index <= shard.count, 'expected a shard index at most the shard count'),
  first_trial: z.number().int().positive(),
  trial_count: whole,
  strategies: z.array(z.string()).min(1),
  bearers: z.array(z.string()).min(1),
  peril_entries: whole,
  elt: z.object({ limit: z.union([whole, z.literal('all')]), rows: whole, net_rows: whole }).nullable(),
  allocation_sums: z.record(z.string(), units),
  insurance_sums: z.record(z.string(), units),
  workers: whole,
  chunk_size: whole.nullable(),
  node_version: z.string(),
  started_at: z.string(),
  simulate_ms: z.number().nonnegative(),
});
