import { join } from 'node:path';
import type { InputIssue } from '../errors.ts';
import { EltWriter } from '../report/elt-writer.ts';
import { ReportStaging } from '../report/report-staging.ts';
import { mergedEltRows, mergePartials } from '../shard/merge-partials.ts';
import { checkOutFolder } from './check-out-folder.ts';
import { throwIfIssues } from './input-issues.ts';
import { parseTableFormat, parseReturnPeriodsFlag, returnPeriodsLeftOut } from './parse-flags.ts';
import { warnLine } from './chunk-runners.ts';
import { printRunSummary } from './print-run-summary.ts';
import { baselineIndex } from './run-command.ts';
import { writeReportFromTable } from './run-report.ts';
import { listenForInterruption } from './interruption.ts';
import { cliStdout } from './cli-streams.ts';

export interface MergeFlags {
  out?: string;
  baseline?: string;
  ylt?: boolean;
  gzip?: boolean;
  format?: string;
  returnPeriods?: string;
  charts?: boolean;
  quiet?: boolean;
}

export async function mergeCommand(folders: string[], flags: MergeFlags): Promise<void> {
  const startedAt = new Date();
  const t0 = performance.now();
  const issues: InputIssue[] = [];
  if (flags.out !== undefined && flags.out.trim() === '') issues.push({ path: '--out', message: 'expected a folder path, got ""' });
  const returnPeriods = parseReturnPeriodsFlag(flags.returnPeriods, issues);
  throwIfIssues(issues);
  const merged = mergePartials(folders);
  const out = flags.out ?? join('reports', merged.source.scenario.name);
  checkOutFolder(out, issues);
  const baseline = baselineIndex(merged.table.strategies, flags.baseline, issues, "the run's");
  const format = parseTableFormat({ ...flags, ...(merged.eltLimit !== undefined ? { elt: true as const } : {}) }, issues);
  throwIfIssues(issues);
  const leftOut = returnPeriodsLeftOut(returnPeriods, merged.table.trials);
  if (leftOut && !flags.quiet) warnLine(leftOut);
  const loadMs = performance.now() - t0;

  const interruption = listenForInterruption();
  const staging = (() => {
    try {
      return ReportStaging.open(out, { signal: interruption.signal });
    } catch (error) {
      interruption.release();
      throw error;
    }
  })();
  try {
    let eltRows: { groundUp: number; net: number } | undefined;
    if (merged.eltLimit !== undefined) {
      // The shards' rows are cut at the limit already.
      const elt = new EltWriter(staging, Infinity, format);
      elt.add(0, mergedEltRows(merged));
      elt.close();
      eltRows = elt.rows;
    }
    const shards = merged.partials.map((partial) => partial.manifest);
    const report = await writeReportFromTable(staging, merged.source, merged.table, {
      seed: merged.seed,
      baseline,
      charts: flags.charts !== false,
      execution: { mode: 'merge', shards: shards.length },
      workers: shards.reduce((sum, shard) => sum + shard.workers, 0),
      ...(eltRows !== undefined ? { eltRows } : {}),
      ...(flags.ylt ? { ylt: true } : {}),
      format,
      ...(returnPeriods ? { returnPeriods } : {}),
      startedAt,
      t0,
      loadMs,
      // The shards' simulation time, as if one machine had run them one after another.
      simulateMs: shards.reduce((sum, shard) => sum + shard.simulate_ms, 0),
    });
    if (!flags.quiet) printRunSummary(cliStdout(), report);
  } catch (error) {
    staging.discard();
    throw error;
  } finally {
    interruption.release();
  }
}
