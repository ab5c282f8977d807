import { SpillFile } from './spill-file.ts';

/**
 * The bytes of year columns a run keeps in memory by default; a larger table goes to a temporary
 * file (`--table-memory`, in MiB). The per-peril losses follow the columns and are about as large
 * again, so a table in memory holds up to about twice this: 32 MiB keeps the default scenario's
 * runs under 300 MiB at their peak whichever way they go (at 300,000 years, 64 MiB kept it in
 * memory and peaked at 335 MiB, against 250 MiB spilled at 10^6).
 */
export const DEFAULT_TABLE_MEMORY = 32 * 2 ** 20;

/** Where a year loss table keeps its columns: in memory, or in a temporary file once larger than `tableMemoryBytes`. */
export interface TableStorage {
  tableMemoryBytes?: number;
}

/**
 * The year columns of a year loss table: per strategy and bearer, the net annual loss and the
 * largest single-occurrence net loss of every trial; per strategy, every trial's occurrences.
 * Trials are indexed from 0 (the table's first trial).
 *
 * The columns are held in memory, or in a temporary file (SpillFile) when the table is larger
 * than its memory allowance: then a column read is a copy read from the file, so the statistics
 * hold only the columns they are working on. Either way a column reads the same numbers; a
 * column read from memory is the table's own array and must not be changed.
 */
export class YearColumns {
  private readonly memory: Float64Array<ArrayBuffer>[] | undefined;
  private readonly file: SpillFile | undefined;

  constructor(
    readonly trials: number,
    readonly strategies: number,
    readonly bearers: number,
    storage: TableStorage = {},
  ) {
    const columns = strategies * (2 * bearers + 1);
    if (columns * trials * 8 > (storage.tableMemoryBytes ?? DEFAULT_TABLE_MEMORY)) {
      this.file = SpillFile.create('year loss table');
    } else {
      this.memory = Array.from({ length: columns }, () => new Float64Array(trials));
    }
  }

  /** Whether the columns are in a temporary file rather than in memory. */
  get spilled(): boolean {
    return this.file !== undefined;
  }

  /** `count` trials from `from` of bearer b's net annual losses under strategy s. */
  annual(s: number, b: number, from = 0, count = this.trials - from): Float64Array<ArrayBuffer> {
    return this.read(s * this.bearers + b, from, count);
  }

  /** `count` trials from `from` of bearer b's largest single-occurrence net losses under strategy s (0 in a year without one). */
  largest(s: number, b: number, from = 0, count = this.trials - from): Float64Array<ArrayBuffer> {
    return this.read((this.strategies + s) * this.bearers + b, from, count);
  }

  /** `count` trials from `from` of the occurrences (incidents) of each year under strategy s. */
  occurrences(s: number, from = 0, count = this.trials - from): Float64Array<ArrayBuffer> {
    return this.read(2 * this.strategies * this.bearers + s, from, count);
  }

  /** Places bearer b's annual and largest-occurrence losses under strategy s for the trials from `at`. */
  setBearer(s: number, b: number, at: number, annual: Float64Array, largest: Float64Array): void {
    this.write(s * this.bearers + b, at, annual);
    this.write((this.strategies + s) * this.bearers + b, at, largest);
  }

  /** Places the occurrences under strategy s of the trials from `at`. */
  setOccurrences(s: number, at: number, occurrences: Float64Array): void {
    this.write(2 * this.strategies * this.bearers + s, at, occurrences);
  }

  /** Gives the temporary file's space back (a table in memory has nothing to give); the columns cannot be read after. */
  close(): void {
    this.file?.close();
  }

  private read(column: number, from: number, count: number): Float64Array<ArrayBuffer> {
    if (from < 0 || count < 0 || from + count > this.trials) throw new RangeError(`trials ${from} to ${from + count} of a table of ${this.trials}`);
    if (this.memory) return this.memory[column]!.subarray(from, from + count);
    const values = new Float64Array(count);
    this.file!.read(values, (column * this.trials + from) * 8);
    return values;
  }

  private write(column: number, at: number, values: Float64Array): void {
    if (at < 0 || at + values.length > this.trials) throw new RangeError(`trials ${at} to ${at + values.length} of a table of ${this.trials}`);
    if (this.memory) this.memory[column]!.set(values, at);
    else this.file!.write(values, (column * this.trials + at) * 8);
  }
}
