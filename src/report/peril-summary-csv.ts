import type { PerilSummaryRow } from '../stats/summarize-run.ts';
import { csvTable, text } from './csv-table.ts';
import { summaryStatisticColumns } from './summary-csv.ts';

/** peril_summary.csv: summary.csv's columns, with the peril after the bearer (MODEL §11). */
export const PERIL_SUMMARY_TABLE = csvTable({
  strategy: text((row: PerilSummaryRow) => row.strategy),
  bearer: text((row: PerilSummaryRow) => row.bearer),
  peril: text((row: PerilSummaryRow) => row.peril),
  ...summaryStatisticColumns<PerilSummaryRow>(),
});

/** The columns of peril_summary.csv. */
export const PERIL_SUMMARY_COLUMNS = PERIL_SUMMARY_TABLE.columns;

/**
 * Renders peril_summary.csv: per strategy and bearer, the `all` row (summary.csv's figures), then
 * one row per incident type the scenario defines, of the bearer's net from that type's incidents
 * alone, each with the 90% intervals summary.csv has.
 */
export function perilSummaryCsv(rows: readonly PerilSummaryRow[]): string {
  return PERIL_SUMMARY_TABLE.render(rows);
}
