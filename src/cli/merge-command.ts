import { join } from 'node:path';
import { closeYearLossTable } from '../ledger/year-loss-table.ts';
import type { InputIssue } from '../errors.ts';
import { checkOutFolder } from '../run/check-out-folder.ts';
import { mergePartials } from '../shard/merge-partials.ts';
import { writeMergedReport } from '../shard/write-merged-report.ts';
import { throwIfIssues } from './input-issues.ts';
import { parseTableFormat, parseReturnPeriodsFlag, returnPeriodsLeftOut } from './parse-flags.ts';
import { printRunSummary } from './print-run-summary.ts';
import { baselineIndex } from './run-command.ts';
import { listenForInterruption } from './interruption.ts';
import { cliStdout, warnLine } from './cli-streams.ts';

/** The flags of `faultline merge`, as commander gives them. */
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

/** `faultline merge <partial folders...>`: the shards of a run, checked and joined, into its report folder. */
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
  try {
    const report = await writeMergedReport(merged, {
      out,
      baseline,
      charts: flags.charts !== false,
      ...(flags.ylt ? { ylt: true } : {}),
      format,
      ...(returnPeriods ? { returnPeriods } : {}),
      signal: interruption.signal,
      startedAt,
      t0,
      loadMs,
    });
    if (!flags.quiet) printRunSummary(cliStdout(), report);
  } finally {
    interruption.release();
    closeYearLossTable(merged.table);
  }
}
