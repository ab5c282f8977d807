import { join } from 'node:path';
import type { RunManifest } from '../report/run-manifest.ts';
import { verdictText } from '../report/verdict-text.ts';
import type { ToleranceTest } from '../stats/risk-tolerance.ts';
import type { StrategyVerdict } from '../stats/strategy-verdict.ts';
import type { RunStatistics } from '../stats/summarize-run.ts';

/** Prints what a run wrote and its headline figures per bearer, for a person at a terminal. */
export function printRunSummary(
  stream: NodeJS.WritableStream,
  run: { out: string; manifest: RunManifest; statistics: RunStatistics; verdict?: StrategyVerdict; tolerance?: boolean; platformTolerance?: ToleranceTest },
): void {
  const { manifest, statistics } = run;
  const lines = [`${manifest.scenario.name}: ${manifest.trials.toLocaleString('en-US')} simulated years, seed ${manifest.seed}, ${howItRan(manifest)}`, ''];
  const header = ['strategy', 'bearer', 'mean', 'p99', 'tvar_99', 'prob_loss'];
  const rows = statistics.summaries.map(({ strategy, bearer, summary }) => [
    strategy,
    bearer,
    money(summary.mean, manifest.currency),
    money(summary.p99, manifest.currency),
    money(summary.tvar99, manifest.currency),
    `${(summary.probLoss * 100).toFixed(1)}%`,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const format = (row: string[]) => row.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  const files = [
    'summary.csv',
    'peril_summary.csv',
    'ep.csv',
    'allocation.csv',
    'insurance.csv',
    'distribution.csv',
    'convergence.csv',
    ...(manifest.strategies.length > 1 ? ['comparison.csv'] : []),
    ...(run.verdict ? ['verdict.json'] : []),
    ...(run.tolerance ? ['tolerance.csv'] : []),
    ...(manifest.elt_rows !== undefined ? [`elt.csv (${manifest.elt_rows.toLocaleString('en-US')} rows)`] : []),
    ...(manifest.elt_net_rows !== undefined ? [`elt_net.csv (${manifest.elt_net_rows.toLocaleString('en-US')} rows)`] : []),
    ...(manifest.ylt_rows !== undefined ? [`ylt.csv (${manifest.ylt_rows.toLocaleString('en-US')} rows)`] : []),
    'explain.json',
    ...(manifest.strategies.length > 1 ? ['explain-strategies.json'] : []),
    'run.json',
    'charts/',
  ];
  lines.push(format(header), ...rows.map(format), '');
  if (run.verdict) lines.push(...verdictLines(run.verdict, manifest.currency), '');
  if (run.platformTolerance) lines.push(toleranceLine(run.platformTolerance, manifest.trials, manifest.currency), '');
  lines.push(`Report: ${run.out}/ (${files.join(', ')})`, `Open ${join(run.out, 'report.html')} in a browser for the charts and tables.`);
  stream.write(`${lines.join('\n')}\n`);
}

/** `3.1 s (52,000 years/s on 2 workers)`, or what a cluster run or a merge did. */
function howItRan(manifest: RunManifest): string {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const plural = (count: number, noun: string, nouns = `${noun}s`) => `${count} ${count === 1 ? noun : nouns}`;
  const rate = `${manifest.trials_per_second.toLocaleString('en-US')} years/s`;
  switch (manifest.execution?.mode) {
    case 'merge':
      return `merged from ${plural(manifest.execution.shards, 'shard')} in ${seconds(manifest.timings_ms.total)} (the shards simulated for ${seconds(manifest.timings_ms.simulate)} in all)`;
    case 'redis': {
      const stalled = manifest.execution.stalled_chunks;
      return (
        `${seconds(manifest.timings_ms.total)} (${rate} on ${plural(manifest.workers, 'worker process', 'worker processes')} through Redis` +
        `${stalled > 0 ? `; ${plural(stalled, 'chunk')} of a stopped worker redone by another` : ''})`
      );
    }
    default:
      return `${seconds(manifest.timings_ms.total)} (${rate} on ${plural(manifest.workers, 'worker')})`;
  }
}

function money(amount: number, currency: string): string {
  return `${currency} ${Math.round(amount).toLocaleString('en-US')}`;
}

/**
 * The verdict for the platform: its sentences, then every strategy against the baseline in a
 * table, e.g. `Lowest total cost of risk for the platform: more-cyber, USD 3,912,000 a year; USD
 * 41,000 below baseline (± 9,000 paired SE): a significant lead (more than 1.96 SE).`
 */
export function verdictLines(verdict: StrategyVerdict, currency: string): string[] {
  const text = verdictText(verdict, currency);
  const widths = text.header.map((title, column) => Math.max(title.length, ...text.rows.map((row) => row[column]!.length)));
  const last = text.header.length - 1;
  const format = (row: string[]) =>
    row
      .map((cell, column) => (column === 0 || (verdict.tolerance && column === last) ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [...text.sentences, text.caption, format(text.header), ...text.rows.map(format)];
}

/** Without strategies: `Risk tolerance of the platform: within at every point (tolerance.csv).`, or its worst breach. */
export function toleranceLine(test: ToleranceTest, trials: number, currency: string): string {
  const worst = test.worstBreach;
  if (!worst) return 'Risk tolerance of the platform: within at every point (tolerance.csv).';
  const percent = (share: number) => `${Number((share * 100).toPrecision(3))}%`;
  return (
    `Risk tolerance of the platform: breached; worst, a loss above ${money(worst.loss, currency)} in ${worst.yearsExceeding.toLocaleString('en-US')} of ` +
    `${trials.toLocaleString('en-US')} years (${percent(worst.simulated)}), at most ${percent(worst.acceptable)} acceptable (tolerance.csv).`
  );
}
