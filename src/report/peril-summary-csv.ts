import type { PerilSummaryRow } from '../stats/summarize-run.ts';
import { SUMMARY_COLUMNS, summaryCells } from './summary-csv.ts';
import { toCsv } from './to-csv.ts';

/** The columns of peril_summary.csv: summary.csv's, with the peril after the bearer (MODEL §11). */
export const PERIL_SUMMARY_COLUMNS = [...SUMMARY_COLUMNS.slice(0, 2), 'peril', ...SUMMARY_COLUMNS.slice(2)];

/**
 * Renders peril_summary.csv: per strategy and bearer, the `all` row (summary.csv's figures), then
 * one row per incident type the scenario defines, of the bearer's net from that type's incidents
 * alone, each with the 90% intervals summary.csv has.
 */
export function perilSummaryCsv(rows: readonly PerilSummaryRow[]): string {
  return toCsv(
    PERIL_SUMMARY_COLUMNS,
    rows.map(({ strategy, bearer, peril, summary, intervals }) => [strategy, bearer, peril, ...summaryCells(summary, intervals)]),
  );
}
