import { INCIDENT_TYPES, type IncidentType } from '../scenario/vocabulary.ts';

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

/**
 * The per-peril losses of a run or shard: blocks of consecutive trials (chunks, or a merge's
 * partials) placed at their first trial's index in the table, in any order.
 */
export class PerilLossTable {
  private readonly blocks: { at: number; losses: PerilLosses }[] = [];

  constructor(
    readonly trials: number,
    readonly cellCount: number,
  ) {}

  /** Places a block whose trial 0 is the table's trial index `at` (0-based). */
  add(at: number, losses: PerilLosses): void {
    if (losses.offsets.length !== this.cellCount + 1) throw new RangeError(`per-peril losses of ${losses.offsets.length - 1} cells, expected ${this.cellCount}`);
    this.blocks.push({ at, losses });
  }

  /** Writes a cell's annual (or largest-occurrence) losses over all trials into `out` (length `trials`), in trial order, zeros included. */
  fill(cell: number, out: Float64Array, measure: 'annual' | 'largest' = 'annual'): void {
    out.fill(0);
    for (const { at, losses } of this.blocks) {
      const values = losses[measure];
      for (let i = losses.offsets[cell]!; i < losses.offsets[cell + 1]!; i++) out[at + losses.trials[i]!] = values[i]!;
    }
  }

  /** A cell's entries over all blocks, in no particular order: its nonzero years' annual and largest-occurrence values. */
  gather(cell: number): { annual: Float64Array; largest: Float64Array } {
    let count = 0;
    for (const { losses } of this.blocks) count += losses.offsets[cell + 1]! - losses.offsets[cell]!;
    const annual = new Float64Array(count);
    const largest = new Float64Array(count);
    let at = 0;
    for (const { losses } of this.blocks) {
      const from = losses.offsets[cell]!;
      const to = losses.offsets[cell + 1]!;
      annual.set(losses.annual.subarray(from, to), at);
      largest.set(losses.largest.subarray(from, to), at);
      at += to - from;
    }
    return { annual, largest };
  }

  /** The whole table as one block (trials from index 0), the same whatever order its blocks came in. */
  merged(): PerilLosses {
    const blocks = [...this.blocks].sort((a, b) => a.at - b.at);
    const builder = emptyPerilLosses(this.cellCount);
    const total = blocks.reduce((sum, block) => sum + block.losses.trials.length, 0);
    const merged: PerilLosses = { offsets: builder.offsets, trials: new Uint32Array(total), annual: new Float64Array(total), largest: new Float64Array(total) };
    let at = 0;
    for (let cell = 0; cell < this.cellCount; cell++) {
      merged.offsets[cell] = at;
      for (const block of blocks) {
        const { offsets, trials, annual, largest } = block.losses;
        for (let i = offsets[cell]!; i < offsets[cell + 1]!; i++, at++) {
          merged.trials[at] = block.at + trials[i]!;
          merged.annual[at] = annual[i]!;
          merged.largest[at] = largest[i]!;
        }
      }
    }
    merged.offsets[this.cellCount] = at;
    return merged;
  }

  /** Entries held, over all blocks. */
  get entries(): number {
    return this.blocks.reduce((sum, block) => sum + block.losses.trials.length, 0);
  }
}
