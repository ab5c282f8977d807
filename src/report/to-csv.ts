import { stringify } from 'csv-stringify/sync';

/** Renders rows as RFC 4180 CSV: UTF-8, a header row, CRLF line ends, quoting where needed. */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return stringify([header as string[], ...(rows as string[][])], { record_delimiter: 'windows' });
}
