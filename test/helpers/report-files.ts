import { EXECUTION_FIELDS } from '../../src/report/run-manifest.ts';
import { snapshotFolder } from './run-cli.ts';

/** The top-level entries of a run's report folder without strategies, sorted. */
export const RUN_FOLDER = ['allocation.csv', 'charts', 'convergence.csv', 'distribution.csv', 'ep.csv', 'explain.json', 'insurance.csv', 'peril_summary.csv', 'report.html', 'run.json', 'summary.csv'];

/** The same with strategies (comparison.csv, verdict.json, explain-strategies.json). */
export const RUN_FOLDER_WITH_STRATEGIES = [...RUN_FOLDER, 'comparison.csv', 'explain-strategies.json', 'verdict.json'].sort();

/**
 * Whether two runs of the same scenario, seed and trials must agree byte for byte on a file:
 * everything but run.json and report.html, which record when, where and how the run was made.
 */
export function reproducible(file: string): boolean {
  return file !== 'run.json' && file !== 'report.html';
}

/** run.json's text without the fields that say how the run was executed (EXECUTION_FIELDS). */
export function withoutExecution(text: string): string {
  const manifest = JSON.parse(text) as Record<string, unknown>;
  for (const field of EXECUTION_FIELDS) delete manifest[field];
  return JSON.stringify(manifest, null, 2);
}

/**
 * How report folder `actual` differs from `expected`, recursively: files only in one of them,
 * files whose bytes differ (with the first differing byte), and each run.json that differs once
 * EXECUTION_FIELDS are removed. Empty when they agree: what a run on threads, a cluster run and
 * a merge of shards of the same scenario, trials and seed must give.
 */
export function reportDifferences(actual: string, expected: string): string[] {
  const a = snapshotFolder(actual);
  const b = snapshotFolder(expected);
  const problems: string[] = [];
  for (const name of a.keys()) if (!b.has(name)) problems.push(`${name} only in ${actual}`);
  for (const name of b.keys()) if (!a.has(name)) problems.push(`${name} only in ${expected}`);
  for (const [name, bytes] of a) {
    const other = b.get(name);
    if (!other) continue;
    if (name === 'run.json' || name.endsWith('/run.json')) {
      const [x, y] = [withoutExecution(bytes.toString('utf8')), withoutExecution(other.toString('utf8'))];
      if (x !== y) problems.push(`${name} differs outside EXECUTION_FIELDS:\n${x}\n---\n${y}`);
    } else if (!bytes.equals(other)) {
      let at = 0;
      while (at < bytes.length && at < other.length && bytes[at] === other[at]) at++;
      problems.push(`${name} differs from byte ${at} (${bytes.length} vs ${other.length} bytes)`);
    }
  }
  return problems.sort();
}
