import { ELT_COLUMNS } from '../ledger/event-loss-table.ts';
import type { EventLossRows } from '../ledger/chunk-ledger.ts';
import { ELT_NET_COLUMNS } from '../ledger/net-event-loss-table.ts';
import { openTable } from './open-table.ts';
import type { ReportStaging } from './report-staging.ts';
import { endOfRows, type TableFormat, type TableSink } from './table-file.ts';

/**
 * Writes the two event loss tables as the run goes: elt.csv (ground-up) and elt_net.csv (net per
 * bearer), or their `.csv.gz` or `.parquet` forms. Chunks arrive in any order, are written in
 * trial order, and each table stops after `limit` rows (its first `limit`). Memory holds only
 * chunks waiting for an earlier one. Call `close()` when the run is done.
 */
export class EltWriter {
  private next = 0;
  private readonly waiting = new Map<number, EventLossRows>();
  private readonly groundUp: LimitedTable;
  private readonly net: LimitedTable;

  constructor(staging: ReportStaging, limit: number, format: TableFormat = 'csv') {
    this.groundUp = new LimitedTable(openTable(staging, 'elt', ELT_COLUMNS, format), limit);
    this.net = new LimitedTable(openTable(staging, 'elt_net', ELT_NET_COLUMNS, format), limit);
  }

  /** Rows written so far to each table. */
  get rows(): { groundUp: number; net: number } {
    return { groundUp: this.groundUp.rows, net: this.net.rows };
  }

  /** Writes what the files still hold (a compressed table's last member, a Parquet footer). */
  close(): void {
    this.groundUp.file.close();
    this.net.file.close();
  }

  /** Accepts chunk `index`'s rows of both tables. */
  add(index: number, rows: EventLossRows): void {
    this.waiting.set(index, rows);
    for (let chunk = this.waiting.get(this.next); chunk; chunk = this.waiting.get(this.next)) {
      this.waiting.delete(this.next++);
      this.groundUp.write(chunk.groundUp.text, chunk.groundUp.rows);
      this.net.write(chunk.net.text, chunk.net.rows);
    }
  }
}

/** A table that takes its first `limit` rows and drops the rest. */
class LimitedTable {
  rows = 0;

  constructor(
    readonly file: TableSink,
    private readonly limit: number,
  ) {}

  write(text: string, rows: number): void {
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
