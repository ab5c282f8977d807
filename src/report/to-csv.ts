import { stringify } from 'csv-stringify/sync';

/** One CSV cell: text, or a number (written as JavaScript prints it). */
export type CsvCell = string | number;

/** What a spreadsheet may take for the start of a formula: `=`, `+`, `-`, `@`, a tab, a carriage return. */
const FORMULA_START = /^'*[=+\-@\t\r]/;

/** A plain decimal number, such as `formatMoney` and `String(n)` write: a spreadsheet reads it as a number. */
const PLAIN_NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Renders rows as RFC 4180 CSV: UTF-8, a header row, CRLF line ends, quoting where needed.
 *
 * Every CSV the project writes goes through here, and text cells are neutralised against formula
 * (CSV) injection as OWASP advises: a text cell that begins with `=`, `+`, `-`, `@`, a tab or a
 * carriage return gets a `'` in front (`=HYPERLINK(…)` is written `'=HYPERLINK(…)`), so a
 * spreadsheet shows it as text instead of running it. Three refinements:
 * - Numbers stay as they are: a `number` cell is never changed, and neither is a text cell that is
 *   a plain decimal number (`-1234.50`, the money `formatMoney` writes), which a spreadsheet reads
 *   as a number, never as a formula.
 * - A text cell that already begins with `'`s before such a character (`'=x`) gets one more, so
 *   that the rule can be undone exactly: `restoreCsvText` takes the one `'` off again, and a
 *   reader of these files gives back every text as it was before writing.
 * - Names from a scenario (strategies, bearers, policies) begin with a letter or a digit (the
 *   schema's `NAME_PATTERN`), so the columns the project reads back never change; file paths,
 *   error messages and swept values can.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return stringify([header as string[], ...rows.map((row) => row.map(neutraliseCsvCell))], { record_delimiter: 'windows' });
}

/** A cell as `toCsv` writes it: a number as printed, text neutralised against formula injection (see `toCsv`). */
export function neutraliseCsvCell(cell: CsvCell): string {
  if (typeof cell === 'number') return String(cell);
  return FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell) ? `'${cell}` : cell;
}

/** The text a `toCsv` cell held before writing: undoes the `'` that `neutraliseCsvCell` added, and nothing else. */
export function restoreCsvText(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}
