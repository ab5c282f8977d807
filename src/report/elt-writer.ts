import { ELT_COLUMNS } from '../ledger/event-loss-table.ts';
import type { ReportStaging } from './report-staging.ts';
import { endOfRows, TableFile } from './table-file.ts';
import { toCsv } from './to-csv.ts';

/**
 * Writes elt.csv (or elt.csv.gz with `gzip`) as the run goes: chunks arrive in any order, are
 * written in trial order, and writing stops after `limit` rows. Memory holds only chunks waiting
 * for an earlier one. Call `close()` when the run is done.
 */
export class EltWriter {
  private next = 0;
  private readonly waiting = new Map<number, { text: string; rows: number }>();
  /** Rows written so far. */
  rows = 0;
  private readonly file: TableFile;

  constructor(
    staging: ReportStaging,
    private readonly limit: number,
    gzip = false,
  ) {
    this.file = new TableFile(staging, 'elt.csv', toCsv(ELT_COLUMNS, []), gzip);
  }

  /** Writes what the file still holds (a compressed table's last member). */
  close(): void {
    this.file.close();
  }

  /** Accepts chunk `index`'s rows as CSV text (CRLF line ends, no header). */
  add(index: number, text: string, rows: number): void {
    this.waiting.set(index, { text, rows });
    for (let chunk = this.waiting.get(this.next); chunk; chunk = this.waiting.get(this.next)) {
      this.waiting.delete(this.next++);
      this.write(chunk.text, chunk.rows);
    }
  }

  private write(text: string, rows: number): void {
    const room = this.limit - this.rows;
    if (room <= 0 || rows === 0) return;
    if (rows <= room) {
      this.file.add(text, rows);
      this.rows += rows;
      return;
    }
    this.file.add(text.slice(0, endOfRows(text, 0, room)), room);
    this.rows += room;
  }
}
