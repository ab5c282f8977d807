import { ParquetTable } from './parquet-table.ts';
import type { ReportStaging } from './report-staging.ts';
import { TableFile, type TableFormat, type TableSink } from './table-file.ts';
import { toCsv } from './to-csv.ts';
import type { TableColumns } from '../ledger/table-columns.ts';

/**
 * Opens one of the big tables in `format`: `<table>.csv`, `<table>.csv.gz` (TableFile) or
 * `<table>.parquet` (ParquetTable), with `columns` as its header or schema.
 */
export function openTable(staging: ReportStaging, table: string, columns: TableColumns, format: TableFormat): TableSink {
  if (format === 'parquet') return new ParquetTable(staging, `${table}.parquet`, columns);
  return new TableFile(staging, `${table}.csv`, toCsv(Object.keys(columns), []), format === 'gzip');
}
