import { availableParallelism } from 'node:os';
import type { InputIssue } from '../errors.ts';
import type { TableFormat } from '../report/table-file.ts';

/**
 * Strict parsing of numeric flags: a malformed or out-of-range value is an issue naming the flag,
 * never a silent default.
 */
export function parseWholeNumberFlag(flag: string, text: string | undefined, range: { min: number; max: number }, issues: InputIssue[]): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < range.min || value > range.max) {
    issues.push({ path: flag, message: `expected a whole number from ${range.min} to ${range.max.toLocaleString('en-US')}, got ${JSON.stringify(text)}` });
    return undefined;
  }
  return value;
}

/** A seed flag: digits give a number, anything else non-empty is a string seed. */
export function parseSeedFlag(text: string | undefined, issues: InputIssue[]): number | string | undefined {
  if (text === undefined) return undefined;
  if (text.trim() === '') {
    issues.push({ path: '--seed', message: 'expected a whole number or non-empty text, got ""' });
    return undefined;
  }
  return /^\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text;
}

/**
 * `--return-periods 2,10,100,1000`: whole numbers of years from 2 to 10^9, each once, returned in
 * ascending order. Every malformed, out-of-range or repeated entry is an issue naming the flag.
 */
export function parseReturnPeriodsFlag(text: string | undefined, issues: InputIssue[]): number[] | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(',').map((part) => part.trim());
  const periods: number[] = [];
  for (const part of parts) {
    const value = /^\d+$/.test(part) ? Number(part) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < 2 || value > 1_000_000_000) {
      issues.push({
        path: '--return-periods',
        message: `expected whole numbers of years from 2 to 1,000,000,000, separated by commas (e.g. 2,10,100,1000), got ${JSON.stringify(part)}${parts.length > 1 ? ` in ${JSON.stringify(text)}` : ''}`,
      });
      return undefined;
    }
    if (periods.includes(value)) {
      issues.push({ path: '--return-periods', message: `expected each return period once, got ${value} twice in ${JSON.stringify(text)}` });
      return undefined;
    }
    periods.push(value);
  }
  return periods.sort((a, b) => a - b);
}

/** The warning for return periods a run of `trials` years cannot report (ep.csv leaves them out), or undefined when there are none. */
export function returnPeriodsLeftOut(periods: readonly number[] | undefined, trials: number): string | undefined {
  const above = (periods ?? []).filter((period) => period > trials);
  if (above.length === 0) return undefined;
  const list = above.map((period) => period.toLocaleString('en-US')).join(', ');
  return `ep.csv leaves out the return period${above.length === 1 ? '' : 's'} ${list}: a run of ${trials.toLocaleString('en-US')} years says nothing about a 1-in-R year with R above it (run more trials)`;
}

/**
 * `--workers K`: worker threads from 1 to 256, all cores when not given. A K above the machine's
 * cores would only be slower (the threads take turns on the cores and each holds a chunk), so it
 * is capped at the cores, and `warn` is told so; with `oversubscribe` (`--oversubscribe`) K
 * threads run anyway, still with the warning. Numbers never depend on the worker count.
 */
export function parseWorkersFlag(text: string | undefined, issues: InputIssue[], warn: (line: string) => void, cores = availableParallelism(), oversubscribe = false): number {
  const workers = parseWholeNumberFlag('--workers', text, { min: 1, max: 256 }, issues);
  if (workers !== undefined && workers > cores) {
    const machine = `this machine's ${cores} core${cores === 1 ? '' : 's'}`;
    if (oversubscribe) {
      warn(`--workers ${workers} is more than ${machine}: the threads take turns on the cores, so the run is slower than with --workers ${cores}, not faster (numbers are the same either way)`);
      return workers;
    }
    warn(`--workers ${workers} is more than ${machine}: running ${cores} worker${cores === 1 ? '' : 's'} instead, which is faster and gives the same numbers (--oversubscribe runs ${workers})`);
    return cores;
  }
  return workers ?? cores;
}

/** `--gzip` compresses the big tables, so it needs one of them (`--elt` or `--ylt`); alone it is an issue naming the flag. */
export function checkGzipFlag(flags: { gzip?: boolean; elt?: string | true; ylt?: boolean }, issues: InputIssue[]): void {
  if (flags.gzip && flags.elt === undefined && !flags.ylt) {
    issues.push({ path: '--gzip', message: 'expected --elt or --ylt with it (it compresses elt.csv and ylt.csv), got --gzip without either table' });
  }
}

/**
 * How the big tables are written, from `--format` (csv or parquet) and `--gzip`: `--format parquet`
 * needs a table to write (`--elt` or `--ylt`) and takes no `--gzip` (Parquet is compressed
 * already); an unknown format is an issue naming the flag. Also checks `--gzip` (checkGzipFlag).
 */
export function parseTableFormat(flags: { format?: string; gzip?: boolean; elt?: string | true; ylt?: boolean }, issues: InputIssue[]): TableFormat {
  checkGzipFlag(flags, issues);
  if (flags.format === undefined || flags.format === 'csv') return flags.gzip ? 'gzip' : 'csv';
  if (flags.format !== 'parquet') {
    issues.push({ path: '--format', message: `expected csv or parquet, got ${JSON.stringify(flags.format)}` });
    return 'csv';
  }
  if (flags.elt === undefined && !flags.ylt) {
    issues.push({ path: '--format', message: 'expected --elt or --ylt with --format parquet (it writes elt.parquet, elt_net.parquet and ylt.parquet), got neither table' });
  }
  if (flags.gzip) issues.push({ path: '--format', message: 'expected --format parquet or --gzip, got both (Parquet files are compressed already)' });
  return 'parquet';
}
