import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatInputIssue } from '../errors.ts';
import { formatMoney, formatProbability } from '../ledger/format-number.ts';
import { batchSummaryCsv, type BatchSummaryRow } from '../report/batch-summary-csv.ts';
import { writeTextFileAtomic } from '../report/report-staging.ts';
import type { BatchOutcome } from './run-batch.ts';

/** One scenario file of a batch in batch-summary.csv: its scenario's name (empty when it did not load) and its outcome. */
export interface BatchSummaryEntry {
  file: string;
  name: string;
  outcome: BatchOutcome;
}

const EMPTY_ROW: BatchSummaryRow = {
  scenario: '',
  file: '',
  status: '',
  strategy: '',
  bearer: '',
  trials: '',
  mean: '',
  se_mean: '',
  p99: '',
  tvar_99: '',
  prob_loss: '',
  report: '',
  error: '',
};

/**
 * Writes `<outRoot>/batch-summary.csv` (atomically) and returns its path: every scenario's
 * strategies and bearers with their key statistics, a skipped one's read back from its
 * summary.csv, or a failed one's errors, in the batch's file order.
 */
export function writeBatchSummary(outRoot: string, entries: readonly BatchSummaryEntry[]): string {
  const rows: BatchSummaryRow[] = [];
  for (const { file, name, outcome } of entries) {
    if (outcome.status === 'failed') {
      rows.push({ ...EMPTY_ROW, scenario: name, file, status: 'failed', error: outcome.issues.map(formatInputIssue).join('; ') });
    } else if (outcome.status === 'ok') {
      for (const { strategy, bearer, summary } of outcome.report.statistics.summaries) {
        rows.push({
          ...EMPTY_ROW,
          scenario: name,
          file,
          status: 'ok',
          strategy,
          bearer,
          trials: String(summary.trials),
          mean: formatMoney(summary.mean),
          se_mean: formatMoney(summary.seMean),
          p99: formatMoney(summary.p99),
          tvar_99: formatMoney(summary.tvar99),
          prob_loss: formatProbability(summary.probLoss),
          report: outcome.report.out,
        });
      }
    } else {
      for (const row of summaryRowsOf(outcome.folder)) rows.push({ ...EMPTY_ROW, ...row, scenario: name, file, status: 'skipped', report: outcome.folder });
    }
  }
  const summaryFile = join(outRoot, 'batch-summary.csv');
  writeTextFileAtomic(summaryFile, batchSummaryCsv(rows));
  return summaryFile;
}

/** The rows of a finished report's summary.csv, in batch-summary columns. */
function summaryRowsOf(folder: string): Partial<BatchSummaryRow>[] {
  const [header, ...lines] = readFileSync(join(folder, 'summary.csv'), 'utf8').trimEnd().split('\r\n');
  const columns = header!.split(',');
  return lines.map((line) => {
    const cells = line.split(','); // summary.csv holds names and numbers only: no quoted fields
    const cell = (name: string) => cells[columns.indexOf(name)] ?? '';
    return {
      strategy: cell('strategy'),
      bearer: cell('bearer'),
      trials: cell('trials'),
      mean: cell('mean'),
      se_mean: cell('se_mean'),
      p99: cell('p99'),
      tvar_99: cell('tvar_99'),
      prob_loss: cell('prob_loss'),
    };
  });
}
