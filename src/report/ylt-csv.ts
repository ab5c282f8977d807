import type { YearLossTable } from '../ledger/year-loss-table.ts';
import type { ReportStaging } from './report-staging.ts';
import { openTable } from './open-table.ts';
import type { TableFormat } from './table-file.ts';
import type { TableColumns } from '../ledger/table-columns.ts';
import { toCsv } from './to-csv.ts';

/** The columns of ylt.csv: one row per strategy, trial and bearer (writeYltCsv writes them in this order). */
export const YLT_COLUMNS = {
  strategy: 'STRING',
  trial: 'INT32',
  bearer: 'STRING',
  net: 'DOUBLE',
  occurrences: 'INT32',
  largest_occurrence: 'DOUBLE',
} as const satisfies TableColumns;

/** Trials whose rows are built into one piece of text before it is appended (bounds the text held). */
const TRIALS_PER_PIECE = 5_000;

/**
 * Writes ylt.csv, the year loss table: for every strategy, trial and bearer (in the model's order,
 * as summary.csv lists them), the bearer's net annual loss (`net`, after liability, insurance and
 * recoveries; the figure summary.csv's mean and quantiles are taken over), the year's occurrences
 * (its incidents, the same for every bearer of the year) and the bearer's largest single-occurrence
 * net loss (`largest_occurrence`, the figure of the OEP curve). Every trial has a row for every
 * bearer, years without a loss included (net 0), so a column's mean is summary.csv's mean.
 * Numbers are written as JavaScript prints them, the shortest text that reads back to the same
 * float64, so a reader gets the run's exact figures. In `format` gzip, ylt.csv.gz (see TableFile);
 * parquet, ylt.parquet (see ParquetTable). Returns the rows written.
 */
export function writeYltCsv(staging: ReportStaging, table: YearLossTable, format: TableFormat = 'csv'): number {
  const file = openTable(staging, 'ylt', YLT_COLUMNS, format);
  // Strategy and bearer names match the schema's NAME_PATTERN (letters, digits, `_ . - :`, never
  // a formula's first character); the CSV writer would still quote one that needed it.
  const cell = (name: string) => toCsv([name], []).trimEnd();
  const bearers = table.bearers.map(cell);
  let rows = 0;
  table.strategies.forEach((name, s) => {
    const strategy = cell(name);
    for (let first = 0; first < table.trials; first += TRIALS_PER_PIECE) {
      let text = '';
      const count = Math.min(TRIALS_PER_PIECE, table.trials - first);
      const last = first + count;
      // The piece's columns only, so a table spilled to disk is read a piece at a time.
      const annual = bearers.map((_, b) => table.years.annual(s, b, first, count));
      const largest = bearers.map((_, b) => table.years.largest(s, b, first, count));
      const occurrences = table.years.occurrences(s, first, count);
      for (let t = first; t < last; t++) {
        const head = `${strategy},${t + 1},`;
        const i = t - first;
        const occurred = occurrences[i]!;
        for (let b = 0; b < bearers.length; b++) text += `${head}${bearers[b]},${annual[b]![i]},${occurred},${largest[b]![i]}\r\n`;
      }
      file.add(text, (last - first) * bearers.length);
      rows += (last - first) * bearers.length;
    }
  });
  file.close();
  return rows;
}
