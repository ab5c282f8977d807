import type { InputIssue } from '../errors.ts';
import { formatMoney, formatProbability } from '../ledger/format-number.ts';
import { toCsv } from './to-csv.ts';

/**
 * One description per CSV the report writes and reads back: its columns in order, each with how
 * its cell is written from a row of the run and read back into a record. The header, the
 * writer's cell order, the reader's header check and the record's type all come from it.
 *
 * @example
 * const table = csvTable({ bearer: text((row: Row) => row.bearer), mean: money((row: Row) => row.mean) });
 * table.columns; // ['bearer', 'mean']
 * table.render(rows); // "bearer,mean\r\nplatform,12.50\r\n"
 * type Record = RecordOf<typeof table>; // { bearer: string; mean: number }
 */

/** One column: how its cell is written from a source row, and how it is read back. */
export interface CsvColumn<Source, Value> {
  /** The cell of a source row, as the file holds it. */
  write(row: Source): string;
  /** The record's value from the row read back (`cells.number(column)` …). */
  read(cells: CsvCells, column: string): Value;
  /** For a column that files written before it lack: the value those files' records take. */
  added?: { absent: Value };
}

/** A CSV as a run writes it: its columns and how to write and read its rows. */
export interface CsvTable<Source, Row> {
  /** The header, in order. */
  readonly columns: readonly string[];
  /** The header of files written before the added columns (empty when no column was added). */
  readonly olderColumns: readonly string[];
  /** The cells of one row, in column order. */
  cells(row: Source): string[];
  /** The whole file: header and rows, RFC 4180, CRLF. */
  render(rows: readonly Source[]): string;
  /** A row read back, from its cells. */
  read(cells: CsvCells): Row;
}

/** The value a column reads back. */
type ValueOf<Column> = Column extends CsvColumn<never, infer Value> ? Value : never;

/** The keys of the columns whose value may be missing (an empty cell). */
type OptionalKeys<Columns> = { [Key in keyof Columns]: undefined extends ValueOf<Columns[Key]> ? Key : never }[keyof Columns];

/** The record a table's row is read back as: a field per column, optional where a cell may be empty. */
export type RecordOf<Table> = Table extends CsvTable<never, infer Row> ? Row : never;

/** The record of a set of columns (see RecordOf). */
type RowOf<Columns> = { [Key in Exclude<keyof Columns, OptionalKeys<Columns>>]: ValueOf<Columns[Key]> } & {
  [Key in OptionalKeys<Columns>]?: Exclude<ValueOf<Columns[Key]>, undefined>;
};

/** A table from its columns, in the order they are given. */
export function csvTable<Source, Columns extends Record<string, CsvColumn<Source, unknown>>>(columns: Columns): CsvTable<Source, { [Key in keyof RowOf<Columns>]: RowOf<Columns>[Key] }> {
  const entries = Object.entries(columns);
  const names = entries.map(([name]) => name);
  const cells = (row: Source) => entries.map(([, column]) => column.write(row));
  return {
    columns: names,
    olderColumns: entries.some(([, column]) => column.added) ? entries.filter(([, column]) => !column.added).map(([name]) => name) : [],
    cells,
    render: (rows) => toCsv(names, rows.map(cells)),
    read: (row) => {
      const record: Record<string, unknown> = {};
      for (const [name, column] of entries) {
        const value = column.added && !row.has(name) ? column.added.absent : column.read(row, name);
        if (value !== undefined) record[name] = value;
      }
      return record as { [Key in keyof RowOf<Columns>]: RowOf<Columns>[Key] };
    },
  };
}

/**
 * The cells of one row of a CSV being read back, by column, with located issues for a cell that
 * does not parse (file, line and column named).
 */
export class CsvCells {
  constructor(
    private readonly file: string,
    private readonly line: number,
    private readonly cells: Readonly<Record<string, string>>,
    private readonly issues: InputIssue[],
  ) {}

  /** Whether the file's header has the column. */
  has(column: string): boolean {
    return Object.hasOwn(this.cells, column);
  }

  /** The cell's text ('' when the header lacks the column). */
  text(column: string): string {
    return this.cells[column] ?? '';
  }

  /** The cell as a finite number; an issue otherwise. */
  number(column: string): number {
    const text = this.text(column);
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) this.fail(column, `expected a number, got ${JSON.stringify(text)}`);
    return value;
  }

  /** The cell as one of `options`; an issue otherwise. */
  oneOf<Option extends string>(column: string, options: readonly Option[]): Option {
    const text = this.text(column);
    if (!options.includes(text as Option)) this.fail(column, `expected one of ${options.join(', ')}, got ${JSON.stringify(text)}`);
    return text as Option;
  }

  private fail(column: string, message: string): void {
    this.issues.push({ file: this.file, line: this.line, path: column, message });
  }
}

/** A column of text as it is (names, kinds). */
export function text<Source>(get: (row: Source) => string): CsvColumn<Source, string> {
  return { write: get, read: (cells, column) => cells.text(column) };
}

/** A column of one of a few words (`AEP` or `OEP`). */
export function oneOf<Source, const Option extends string>(options: readonly Option[], get: (row: Source) => Option): CsvColumn<Source, Option> {
  return { write: get, read: (cells, column) => cells.oneOf(column, options) };
}

/** A column of money: 2 decimals (formatMoney). */
export function money<Source>(get: (row: Source) => number): CsvColumn<Source, number> {
  return { write: (row) => formatMoney(get(row)), read: (cells, column) => cells.number(column) };
}

/** A column of money that may be missing: an empty cell (a bound the trials cannot give, no breach). */
export function optionalMoney<Source>(get: (row: Source) => number | undefined): CsvColumn<Source, number | undefined> {
  return optional((row) => {
    const amount = get(row);
    return amount === undefined ? undefined : formatMoney(amount);
  });
}

/** A column of money that may be unlimited, written `inf`. */
export function moneyOrInfinite<Source>(get: (row: Source) => number): CsvColumn<Source, number> {
  return {
    write: (row) => (Number.isFinite(get(row)) ? formatMoney(get(row)) : 'inf'),
    read: (cells, column) => (cells.text(column) === 'inf' ? Infinity : cells.number(column)),
  };
}

/** A column of a probability or share: 6 decimals (formatProbability). */
export function probability<Source>(get: (row: Source) => number): CsvColumn<Source, number> {
  return { write: (row) => formatProbability(get(row)), read: (cells, column) => cells.number(column) };
}

/** A column of a probability that may be missing: an empty cell. */
export function optionalProbability<Source>(get: (row: Source) => number | undefined): CsvColumn<Source, number | undefined> {
  return optional((row) => {
    const share = get(row);
    return share === undefined ? undefined : formatProbability(share);
  });
}

/** A column of a number as JavaScript prints it (counts, trials, a probability as written). */
export function number<Source>(get: (row: Source) => number): CsvColumn<Source, number> {
  return { write: (row) => String(get(row)), read: (cells, column) => cells.number(column) };
}

/** A column of a number as JavaScript prints it, or an empty cell. */
export function optionalNumber<Source>(get: (row: Source) => number | undefined): CsvColumn<Source, number | undefined> {
  return optional((row) => {
    const value = get(row);
    return value === undefined ? undefined : String(value);
  });
}

/** A column of `true` or `false`. */
export function flag<Source>(get: (row: Source) => boolean): CsvColumn<Source, boolean> {
  return { write: (row) => String(get(row)), read: (cells, column) => cells.oneOf(column, ['true', 'false'] as const) === 'true' };
}

/** A column of `true`, `false` or an empty cell. */
export function optionalFlag<Source>(get: (row: Source) => boolean | undefined): CsvColumn<Source, boolean | undefined> {
  return {
    write: (row) => (get(row) === undefined ? '' : String(get(row))),
    read: (cells, column) => (cells.text(column) === '' ? undefined : cells.oneOf(column, ['true', 'false'] as const) === 'true'),
  };
}

/** A column files written before it lack: their records take `absent`. */
export function added<Source, Value>(column: CsvColumn<Source, Value>, absent: Value): CsvColumn<Source, Value> {
  return { ...column, added: { absent } };
}

/** A numeric column whose cell may be empty: written as `cell` gives it, read back as a number or undefined. */
function optional<Source>(cell: (row: Source) => string | undefined): CsvColumn<Source, number | undefined> {
  return { write: (row) => cell(row) ?? '', read: (cells, column) => (cells.text(column) === '' ? undefined : cells.number(column)) };
}
