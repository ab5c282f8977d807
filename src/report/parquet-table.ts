import { parse } from 'csv-parse/sync';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { ReportStaging } from './report-staging.ts';
import type { TableSink } from './table-file.ts';
import { VERSION } from '../version.ts';
import type { ColumnType, TableColumns } from '../ledger/table-columns.ts';

/** Rows per Parquet row group: a fixed count, so the bytes never depend on how the rows arrived. */
export const ROWS_PER_GROUP = 100_000;

/**
 * A table staged as Parquet (`name`, e.g. `elt.parquet`) as the run goes, from the same CSV rows
 * the CSV table gets: the same columns, the same values, each column of the type its table gives
 * it (TableColumns: trials and occurrences INT32, money DOUBLE in currency units, the very float64
 * a reader of the CSV gets, the rest UTF-8 strings); every column is required (never null),
 * snappy-compressed, and the rows go in row groups of ROWS_PER_GROUP, so the bytes are the same
 * however the rows arrived (chunk sizes, worker counts, shards). Written with hyparquet-writer
 * (pure JavaScript).
 */
export class ParquetTable implements TableSink {
  private readonly writer: ByteWriter & { flush?: () => void } = new ByteWriter();
  private readonly parquet: ParquetWriter;
  private readonly columns: readonly string[];
  private readonly types: ColumnType[];
  /** The rows of the row group being filled, as CSV fields. */
  private pending: string[][] = [];

  constructor(
    private readonly staging: ReportStaging,
    readonly name: string,
    table: TableColumns,
  ) {
    const columns = Object.keys(table);
    this.columns = columns;
    this.types = Object.values(table);
    staging.write(name, new Uint8Array());
    // After each row group (and at the end) the bytes go to the staged file: memory holds one group.
    this.writer.flush = () => this.drain();
    this.writer.finish = () => this.drain();
    this.parquet = new ParquetWriter({
      writer: this.writer,
      schema: [
        { name: 'root', num_children: columns.length },
        ...columns.map((column, i) =>
          this.types[i] === 'STRING'
            ? { name: column, type: 'BYTE_ARRAY' as const, converted_type: 'UTF8' as const, repetition_type: 'REQUIRED' as const }
            : { name: column, type: this.types[i]!, repetition_type: 'REQUIRED' as const },
        ),
      ],
      codec: 'SNAPPY',
      createdBy: `faultline ${VERSION}`,
    });
  }

  /** Appends `rows` rows of CSV text (CRLF line ends, no header). */
  add(text: string, rows: number): void {
    if (rows === 0) return;
    // Most chunks quote nothing (names follow the schema's name pattern): split those directly,
    // at a quarter of a CSV parser's cost; a chunk with a quoted field goes through csv-parse.
    const records = text.includes('"') ? (parse(text) as string[][]) : splitPlainCsv(text);
    if (records.length !== rows) throw new Error(`${this.name}: expected ${rows} rows of CSV, got ${records.length}`);
    for (const record of records) {
      this.pending.push(record);
      if (this.pending.length === ROWS_PER_GROUP) this.writeGroup();
    }
  }

  /** Writes the last row group and the footer; call once, when the table is complete. */
  close(): void {
    if (this.pending.length > 0) this.writeGroup();
    void this.parquet.finish();
  }

  private writeGroup(): void {
    const rows = this.pending;
    this.pending = [];
    const columnData = this.columns.map((name, i) => {
      const type = this.types[i]!;
      if (type === 'STRING') return { name, data: rows.map((row) => row[i]!) };
      const data = type === 'INT32' ? new Int32Array(rows.length) : new Float64Array(rows.length);
      for (let r = 0; r < rows.length; r++) data[r] = Number(rows[r]![i]);
      return { name, data };
    });
    void this.parquet.write({ columnData, rowGroupSize: ROWS_PER_GROUP });
  }

  private drain(): void {
    if (this.writer.index === 0) return;
    this.staging.append(this.name, new Uint8Array(this.writer.buffer.slice(0, this.writer.index)));
    this.writer.index = 0;
  }
}

/** The fields of CSV text without quotes: lines at CRLF, fields at commas. */
function splitPlainCsv(text: string): string[][] {
  const lines = text.split('\r\n');
  lines.pop(); // after the last line end
  return lines.map((line) => line.split(','));
}
