import { gzipSync } from 'node:zlib';
import type { ReportStaging } from './report-staging.ts';

/** Where the first `rows` CRLF-ended rows of `text` from `start` end (the index after their last line end). */
export function endOfRows(text: string, start: number, rows: number): number {
  let end = start;
  for (let row = 0; row < rows; row++) end = text.indexOf('\r\n', end) + 2;
  return end;
}

/** Rows per gzip member of a compressed table: a fixed count, so the bytes never depend on how the rows arrived. */
const ROWS_PER_MEMBER = 50_000;

/** A big table staged as the run goes: rows arrive as CSV text (CRLF line ends, no header). */
export interface TableSink {
  /** The staged file's name, e.g. `elt.csv`, `elt.csv.gz` or `elt.parquet`. */
  readonly name: string;
  /** Appends `rows` rows of CSV text. */
  add(text: string, rows: number): void;
  /** Writes what the file still holds; call once, when the table is complete. */
  close(): void;
}

/** How the big tables (elt, elt_net, ylt) are written: CSV, CSV compressed with gzip (`--gzip`), or Parquet (`--format parquet`). */
export type TableFormat = 'csv' | 'gzip' | 'parquet';

/**
 * A CSV table staged as the run goes: `name` as plain text, or `name.gz` compressed with gzip when
 * `gzip` is set. A compressed table is a series of gzip members of ROWS_PER_MEMBER rows each (the
 * header with the first), which gunzip, Python's gzip module, pandas, polars and DuckDB read as
 * one file; since members end at fixed row counts, the bytes are the same however the rows
 * arrived (chunk sizes, worker counts, shards).
 */
export class TableFile implements TableSink {
  /** The staged file's name: `elt.csv` or `elt.csv.gz`. */
  readonly name: string;
  private pending = '';
  private pendingRows = 0;

  constructor(
    private readonly staging: ReportStaging,
    name: string,
    header: string,
    private readonly gzip: boolean,
  ) {
    this.name = gzip ? `${name}.gz` : name;
    staging.write(this.name, gzip ? new Uint8Array() : header);
    if (gzip) this.pending = header;
  }

  /** Appends `rows` rows of CSV text (CRLF line ends). */
  add(text: string, rows: number): void {
    if (!this.gzip) {
      this.staging.append(this.name, text);
      return;
    }
    let start = 0;
    while (rows > 0) {
      const room = ROWS_PER_MEMBER - this.pendingRows;
      if (rows < room) {
        this.pending += start === 0 ? text : text.slice(start);
        this.pendingRows += rows;
        return;
      }
      const end = endOfRows(text, start, room);
      this.pending += text.slice(start, end);
      this.pendingRows += room;
      this.flush();
      start = end;
      rows -= room;
    }
  }

  /** Writes what is left (the last member); call once, when the table is complete. */
  close(): void {
    if (this.gzip && this.pending !== '') this.flush();
  }

  private flush(): void {
    this.staging.append(this.name, gzipSync(this.pending));
    this.pending = '';
    this.pendingRows = 0;
  }
}
