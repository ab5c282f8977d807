import { EltWriter } from '../report/elt-writer.ts';
import { ReportStaging } from '../report/report-staging.ts';
import type { TableFormat } from '../report/table-file.ts';
import { writeReportFromTable, type RunReport } from '../run/write-report-from-table.ts';
import { mergedEltRows, type MergedRun } from './merge-partials.ts';

/** How the report of merged shards is written. */
export interface MergedReportOptions {
  out: string;
  /** Index of the strategy comparison.csv compares with (0: the baseline). */
  baseline: number;
  /** Render the charts to SVG and PNG (the specs and report.html are always written). */
  charts: boolean;
  /** Whether to write ylt.csv, the year loss table. */
  ylt?: boolean;
  /** How elt, elt_net and ylt are written: CSV, gzip-compressed CSV or Parquet. */
  format: TableFormat;
  /** The return periods of ep.csv (default RETURN_PERIODS). */
  returnPeriods?: readonly number[];
  signal?: AbortSignal;
  startedAt: Date;
  /** performance.now() when the command started (for timings). */
  t0: number;
  /** Milliseconds spent reading and checking the partials. */
  loadMs: number;
}

/**
 * Writes the report folder of a run merged from its shards, byte for byte the report of the same
 * run on one machine (run.json's execution fields apart): the shards' event loss table rows, when
 * they kept some, then every file `writeReportFromTable` writes. Staged beside the folder and
 * renamed into place, so a failure leaves an earlier report as it was.
 */
export async function writeMergedReport(merged: MergedRun, options: MergedReportOptions): Promise<RunReport> {
  const staging = ReportStaging.open(options.out, options.signal ? { signal: options.signal } : {});
  try {
    let eltRows: { groundUp: number; net: number } | undefined;
    if (merged.eltLimit !== undefined) {
      // The shards' rows are cut at the limit already.
      const elt = new EltWriter(staging, Infinity, options.format);
      elt.add(0, mergedEltRows(merged));
      elt.close();
      eltRows = elt.rows;
    }
    const shards = merged.partials.map((partial) => partial.manifest);
    return await writeReportFromTable(staging, merged.source, merged.table, {
      seed: merged.seed,
      baseline: options.baseline,
      charts: options.charts,
      execution: { mode: 'merge', shards: shards.length },
      workers: shards.reduce((sum, shard) => sum + shard.workers, 0),
      ...(eltRows !== undefined ? { eltRows } : {}),
      ...(options.ylt ? { ylt: true } : {}),
      format: options.format,
      ...(options.returnPeriods ? { returnPeriods: options.returnPeriods } : {}),
      startedAt: options.startedAt,
      t0: options.t0,
      loadMs: options.loadMs,
      // The shards' simulation time, as if one machine had run them one after another.
      simulateMs: shards.reduce((sum, shard) => sum + shard.simulate_ms, 0),
    });
  } catch (error) {
    staging.discard();
    throw error;
  }
}
