import { INCIDENT_TYPES, type IncidentType } from '../scenario/vocabulary.ts';
import { SpillFile } from './spill-file.ts';

/** The perils per-peril losses are kept for: the incident types, in this order (a peril's index is its place here). */
export const PERILS = INCIDENT_TYPES;

/**
 * Per-peril year losses of consecutive trials, kept sparsely: per strategy, bearer and peril
 * (incident type), the trials in which the bearer's net from the incidents of that peril, or its
 * largest single such occurrence, is not zero; every other trial of the block is zero for that
 * cell. Cell `k = (strategy · bearers + bearer) · PERILS.length + peril` holds the entries
 * `offsets[k]` to `offsets[k + 1] − 1`, in trial order; `trials` are counted from the block's first
 * trial (0 for it).
 */
export interface PerilLosses {
  /** `cells + 1` entry offsets, the last one the number of entries. */
  offsets: Uint32Array<ArrayBuffer>;
  trials: Uint32Array<ArrayBuffer>;
  /** The net of the cell's incidents in that year. */
  annual: Float64Array<ArrayBuffer>;
  /** The largest single-occurrence net of the cell's incidents in that year (0 if none is positive). */
  largest: Float64Array<ArrayBuffer>;
}

/** The number of cells of per-peril losses for a run of `strategies` × `bearers`. */
export function perilCellCount(strategies: number, bearers: number): number {
  return strategies * bearers * PERILS.length;
}

/** The peril index of an incident type. */
export function perilIndex(type: IncidentType): number {
  return PERIL_INDEX.get(type)!;
}

const PERIL_INDEX = new Map<IncidentType, number>(PERILS.map((type, index) => [type, index]));

/**
 * Collects per-peril entries in trial order (any cell order within a trial) and lays them out
 * cell by cell, trial order kept within each cell.
 */
export class PerilLossBuilder {
  private cells = new Uint32Array(1024);
  private trials = new Uint32Array(1024);
  private annual = new Float64Array(1024);
  private largest = new Float64Array(1024);
  private count = 0;

  constructor(private readonly cellCount: number) {}

  /** Adds one entry; entries of a cell must come in trial order. */
  push(cell: number, trial: number, annual: number, largest: number): void {
    if (this.count === this.cells.length) this.grow();
    this.cells[this.count] = cell;
    this.trials[this.count] = trial;
    this.annual[this.count] = annual;
    this.largest[this.count] = largest;
    this.count++;
  }

  /** The entries, cell by cell (a stable counting sort by cell). */
  build(): PerilLosses {
    const offsets = new Uint32Array(this.cellCount + 1);
    for (let i = 0; i < this.count; i++) offsets[this.cells[i]! + 1]! += 1;
    for (let k = 0; k < this.cellCount; k++) offsets[k + 1]! += offsets[k]!;
    const next = offsets.slice(0, this.cellCount);
    const losses: PerilLosses = { offsets, trials: new Uint32Array(this.count), annual: new Float64Array(this.count), largest: new Float64Array(this.count) };
    for (let i = 0; i < this.count; i++) {
      const at = next[this.cells[i]!]!++;
      losses.trials[at] = this.trials[i]!;
      losses.annual[at] = this.annual[i]!;
      losses.largest[at] = this.largest[i]!;
    }
    return losses;
  }

  private grow(): void {
    const size = this.cells.length * 2;
    const grown = <T extends Uint32Array<ArrayBuffer> | Float64Array<ArrayBuffer>>(array: T, make: (n: number) => T): T => {
      const bigger = make(size);
      bigger.set(array);
      return bigger;
    };
    this.cells = grown(this.cells, (n) => new Uint32Array(n));
    this.trials = grown(this.trials, (n) => new Uint32Array(n));
    this.annual = grown(this.annual, (n) => new Float64Array(n));
    this.largest = grown(this.largest, (n) => new Float64Array(n));
  }
}

/** No entries for `cellCount` cells. */
export function emptyPerilLosses(cellCount: number): PerilLosses {
  return { offsets: new Uint32Array(cellCount + 1), trials: new Uint32Array(0), annual: new Float64Array(0), largest: new Float64Array(0) };
}

/** One block's entries of one cell: its trials (counted from the block's first) and their values, in trial order. */
interface CellSegment {
  at: number;
  trials: Uint32Array;
  annual: Float64Array;
  largest: Float64Array;
}

/** A block kept in the spill file: its offsets in memory, its entries at `position`, cell by cell (see PerilLossTable). */
interface SpilledBlock {
  at: number;
  offsets: Uint32Array;
  position: number;
}

/**
 * The per-peril losses of a run or shard: blocks of consecutive trials (chunks, or a merge's
 * partials) placed at their first trial's index in the table, in any order.
 *
 * Held in memory, or, when the table's year columns are too large for memory (YearColumns), in a
 * temporary file: then only each block's offsets stay in memory and its entries are written cell
 * by cell, each cell's annual values, largest values and trials one after the other (20 bytes an
 * entry), so one read brings a cell's segment of a block back.
 */
export class PerilLossTable {
  private readonly blocks: { at: number; losses: PerilLosses }[] = [];
  private readonly spilledBlocks: SpilledBlock[] = [];
  private readonly file: SpillFile | undefined;
  private scratch = new ArrayBuffer(0);

  constructor(
    readonly trials: number,
    readonly cellCount: number,
    options: { spill?: boolean } = {},
  ) {
    if (options.spill) this.file = SpillFile.create('per-peril losses');
  }

  /** Places a block whose trial 0 is the table's trial index `at` (0-based). */
  add(at: number, losses: PerilLosses): void {
    if (losses.offsets.length !== this.cellCount + 1) throw new RangeError(`per-peril losses of ${losses.offsets.length - 1} cells, expected ${this.cellCount}`);
    if (!this.file) {
      this.blocks.push({ at, losses });
      return;
    }
    const bytes = new Uint8Array(losses.trials.length * 20);
    for (let cell = 0; cell < this.cellCount; cell++) {
      const from = losses.offsets[cell]!;
      const n = losses.offsets[cell + 1]! - from;
      // Laid out in the (aligned) scratch, then copied to the cell's place, which need not be aligned.
      const segment = this.segmentScratch(n);
      segment.annual.set(losses.annual.subarray(from, from + n));
      segment.largest.set(losses.largest.subarray(from, from + n));
      segment.trials.set(losses.trials.subarray(from, from + n));
      bytes.set(new Uint8Array(this.scratch, 0, n * 20), from * 20);
    }
    const position = this.file.append(bytes);
    this.spilledBlocks.push({ at, offsets: losses.offsets.slice(), position });
  }

  /** Writes a cell's annual (or largest-occurrence) losses over all trials into `out` (length `trials`), in trial order, zeros included. */
  fill(cell: number, out: Float64Array, measure: 'annual' | 'largest' = 'annual'): void {
    out.fill(0);
    this.eachSegment(cell, (segment) => {
      const values = segment[measure];
      for (let i = 0; i < values.length; i++) out[segment.at + segment.trials[i]!] = values[i]!;
    });
  }

  /** A cell's entries over all blocks, in no particular order: its nonzero years' annual and largest-occurrence values. */
  gather(cell: number): { annual: Float64Array; largest: Float64Array } {
    const annual = new Float64Array(this.cellEntries(cell));
    const largest = new Float64Array(annual.length);
    let at = 0;
    this.eachSegment(cell, (segment) => {
      annual.set(segment.annual, at);
      largest.set(segment.largest, at);
      at += segment.annual.length;
    });
    return { annual, largest };
  }

  /** The whole table as one block (trials from index 0), the same whatever order its blocks came in. */
  merged(): PerilLosses {
    const total = this.entries;
    const merged: PerilLosses = { offsets: new Uint32Array(this.cellCount + 1), trials: new Uint32Array(total), annual: new Float64Array(total), largest: new Float64Array(total) };
    let at = 0;
    for (let cell = 0; cell < this.cellCount; cell++) {
      merged.offsets[cell] = at;
      this.eachSegment(
        cell,
        (segment) => {
          for (let i = 0; i < segment.trials.length; i++, at++) {
            merged.trials[at] = segment.at + segment.trials[i]!;
            merged.annual[at] = segment.annual[i]!;
            merged.largest[at] = segment.largest[i]!;
          }
        },
        true,
      );
    }
    merged.offsets[this.cellCount] = at;
    return merged;
  }

  /** Entries held, over all blocks. */
  get entries(): number {
    let entries = 0;
    for (const { losses } of this.blocks) entries += losses.trials.length;
    for (const { offsets } of this.spilledBlocks) entries += offsets[this.cellCount]!;
    return entries;
  }

  /** Gives the temporary file's space back, if the table has one; its entries cannot be read after. */
  close(): void {
    this.file?.close();
  }

  /** A cell's entries over all blocks. */
  private cellEntries(cell: number): number {
    let entries = 0;
    for (const { losses } of this.blocks) entries += losses.offsets[cell + 1]! - losses.offsets[cell]!;
    for (const { offsets } of this.spilledBlocks) entries += offsets[cell + 1]! - offsets[cell]!;
    return entries;
  }

  /** Calls `use` with each block's segment of a cell (its arrays valid only during the call), in the order blocks came or, `inTrialOrder`, by their first trial. */
  private eachSegment(cell: number, use: (segment: CellSegment) => void, inTrialOrder = false): void {
    const blocks = inTrialOrder ? [...this.blocks].sort((a, b) => a.at - b.at) : this.blocks;
    for (const { at, losses } of blocks) {
      const from = losses.offsets[cell]!;
      const to = losses.offsets[cell + 1]!;
      use({ at, trials: losses.trials.subarray(from, to), annual: losses.annual.subarray(from, to), largest: losses.largest.subarray(from, to) });
    }
    const spilled = inTrialOrder ? [...this.spilledBlocks].sort((a, b) => a.at - b.at) : this.spilledBlocks;
    for (const { at, offsets, position } of spilled) {
      const from = offsets[cell]!;
      const n = offsets[cell + 1]! - from;
      if (n === 0) continue;
      const segment = this.segmentScratch(n);
      this.file!.read(new Uint8Array(this.scratch, 0, n * 20), position + from * 20);
      use({ at, ...segment });
    }
  }

  /** Views of `n` entries' annual values, largest values and trials, one after the other at the start of the scratch buffer (grown to fit). */
  private segmentScratch(n: number): Omit<CellSegment, 'at'> {
    if (this.scratch.byteLength < n * 20) this.scratch = new ArrayBuffer(Math.max(n * 20, this.scratch.byteLength * 2));
    return { annual: new Float64Array(this.scratch, 0, n), largest: new Float64Array(this.scratch, n * 8, n), trials: new Uint32Array(this.scratch, n * 16, n) };
  }
}
