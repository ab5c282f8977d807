import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, type InputIssue } from '../errors.ts';
import { emptyYearLossTable } from '../engine/run-simulation.ts';
import type { YearLossTable } from '../ledger/year-loss-table.ts';
import { decodeModelContent } from '../engine/model-content.ts';
import { compileStrategies } from '../engine/simulation-model.ts';
import type { ReportSource } from '../run/report-source.ts';
import type { EventLossRows } from '../ledger/chunk-ledger.ts';
import { VERSION } from '../version.ts';
import { readPartial, sumsFromUnits, type PartialResult } from './partial-result.ts';
import { shardTrials } from './shard-range.ts';

/** The partials of one run, checked and put together: what `writeReportFromTable` needs. */
export interface MergedRun {
  source: ReportSource;
  seed: number | string;
  table: YearLossTable;
  /** The partials in shard order. */
  partials: PartialResult[];
  /** The `--elt` limit the shards ran with, if any. */
  eltLimit?: number;
}

/** The fields every partial of one run must agree on, with what a difference means. */
const SAME_RUN: [keyof PartialResult['manifest'], string][] = [
  ['faultline_version', 'Faultline version'],
  ['model_hash', 'scenario content'],
  ['seed', 'seed'],
  ['trials', 'number of trials'],
];

/**
 * Reads partial results and joins them into the year loss table of the whole run: refused,
 * naming the folders, when they come from different scenarios, seeds, trial counts, shard counts
 * or Faultline versions, when a shard is missing or given twice, or when one is damaged. The
 * order of the folders does not matter.
 */
export function mergePartials(folders: readonly string[]): MergedRun {
  const partials = folders.map(readPartial);
  const issues: InputIssue[] = [];
  const [first] = partials;
  if (!first) throw new InputError([{ path: 'merge', message: 'expected at least one partial result folder, got none' }]);
  if (first.manifest.faultline_version !== VERSION) {
    issues.push({
      file: first.folder,
      message: `expected a partial result of Faultline ${VERSION} (this merge), got one of ${first.manifest.faultline_version}; merge with the version that simulated it`,
    });
  }
  for (const partial of partials.slice(1)) {
    const differences = SAME_RUN.filter(([field]) => partial.manifest[field] !== first.manifest[field]);
    if (partial.manifest.shard.count !== first.manifest.shard.count) differences.push(['shard', 'number of shards']);
    if (partial.manifest.scenario.hash !== first.manifest.scenario.hash && !differences.some(([field]) => field === 'model_hash')) differences.push(['scenario', 'scenario']);
    if (eltLimitOf(partial) !== eltLimitOf(first)) differences.push(['elt', '--elt setting']);
    for (const [field, what] of differences) {
      issues.push({
        file: partial.folder,
        message: `expected a shard of the same run as ${first.folder}, got a different ${what}: ${describe(partial, field)} here, ${describe(first, field)} there`,
      });
    }
  }
  if (issues.length > 0) throw new InputError(issues);

  const { count } = first.manifest.shard;
  const byIndex = new Map<number, PartialResult>();
  for (const partial of partials) {
    const twin = byIndex.get(partial.manifest.shard.index);
    if (twin) issues.push({ file: partial.folder, message: `expected each shard once, got shard ${partial.manifest.shard.index}/${count} again (also ${twin.folder})` });
    byIndex.set(partial.manifest.shard.index, partial);
    const range = shardTrials(first.manifest.trials, partial.manifest.shard);
    if (partial.manifest.first_trial !== range.firstTrial || partial.manifest.trial_count !== range.trialCount) {
      issues.push({
        file: partial.folder,
        message: `expected shard ${partial.manifest.shard.index}/${count} to hold trials ${range.firstTrial} to ${range.firstTrial + range.trialCount - 1}, got ${partial.manifest.first_trial} to ${partial.manifest.first_trial + partial.manifest.trial_count - 1}`,
      });
    }
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !byIndex.has(index));
  if (missing.length > 0) {
    issues.push({ path: 'merge', message: `expected all ${count} shards of the run, got none for shard${missing.length > 1 ? 's' : ''} ${abbreviate(missing)}` });
  }
  if (issues.length > 0) throw new InputError(issues);

  const ordered = [...byIndex.keys()].sort((a, b) => a - b).map((index) => byIndex.get(index)!);
  // Shard 1 names the scenario (its file path as that shard's command gave it), whatever the argument order.
  const named = ordered[0]!;
  const { seed, trials } = first.manifest;
  const strategies = decodeModelContent({ content: first.model, hash: first.manifest.model_hash });
  const model = compileStrategies(strategies, seed);
  const table = emptyYearLossTable(model, trials);
  if (!sameList(model.strategies, first.manifest.strategies) || !sameList(model.bearers, first.manifest.bearers)) {
    throw new InputError([
      { file: join(first.folder, 'partial.json'), message: `expected the strategies and bearers of its model.json (${model.strategies.join(', ')}; ${model.bearers.join(', ')}), got others` },
    ]);
  }
  for (const partial of ordered) {
    table.perilLosses.add(partial.manifest.first_trial - 1, partial.perils);
    const at = partial.manifest.first_trial - 1;
    table.strategies.forEach((_, s) => {
      table.years.setOccurrences(s, at, partial.occurrences[s]!);
      table.bearers.forEach((_, b) => table.years.setBearer(s, b, at, partial.annual[s]![b]!, partial.largest[s]![b]!));
    });
  }
  table.allocationSums = sumsFromUnits(ordered.map((partial) => partial.manifest.allocation_sums));
  table.insuranceSums = sumsFromUnits(ordered.map((partial) => partial.manifest.insurance_sums));
  const eltLimit = eltLimitOf(first);
  return {
    source: { scenario: named.manifest.scenario, currency: named.manifest.currency, strategies },
    seed,
    table,
    partials: ordered,
    ...(eltLimit !== undefined ? { eltLimit } : {}),
  };
}

/**
 * The merged event loss tables' rows (CSV text without header), ground-up (elt.csv) and net
 * (elt_net.csv): the shards' rows in trial order, cut at the limit, as a single run writes them.
 */
export function mergedEltRows(merged: MergedRun): EventLossRows {
  return {
    groundUp: mergedTableRows(merged, 'elt.csv', (partial) => partial.manifest.elt?.rows ?? 0),
    net: mergedTableRows(merged, 'elt_net.csv', (partial) => partial.manifest.elt?.net_rows ?? 0),
  };
}

function mergedTableRows(merged: MergedRun, name: string, rowsOf: (partial: PartialResult) => number): { text: string; rows: number } {
  const limit = merged.eltLimit ?? 0;
  let text = '';
  let rows = 0;
  for (const partial of merged.partials) {
    if (rows >= limit) break;
    const file = join(partial.folder, name);
    const body = readFileSync(file, 'utf8');
    const recorded = rowsOf(partial);
    const start = body.indexOf('\r\n') + 2; // after the header
    let end = start;
    let taken = 0;
    for (; taken < recorded && rows + taken < limit; taken++) {
      const next = body.indexOf('\r\n', end);
      if (next < 0) throw new InputError([{ file, message: `expected the ${recorded} rows partial.json records, got ${taken}` }]);
      end = next + 2;
    }
    if (taken === recorded && end !== body.length) throw new InputError([{ file, message: `expected the ${recorded} rows partial.json records, got more` }]);
    text += body.slice(start, end);
    rows += taken;
  }
  return { text, rows };
}

function eltLimitOf(partial: PartialResult): number | undefined {
  const elt = partial.manifest.elt;
  return elt === null ? undefined : elt.limit === 'all' ? Infinity : elt.limit;
}

function describe(partial: PartialResult, field: string): string {
  const { manifest } = partial;
  switch (field) {
    case 'model_hash':
    case 'scenario':
      return `${manifest.scenario.name} (${manifest.scenario.file}, ${manifest.scenario.hash.slice(0, 19)}…)`;
    case 'shard':
      return `${manifest.shard.count} shards`;
    case 'elt':
      return manifest.elt === null ? 'no --elt' : `--elt ${manifest.elt.limit}`;
    default:
      return JSON.stringify(manifest[field as keyof typeof manifest]);
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/** 1, 2, 3, 5 → "1–3, 5". */
function abbreviate(numbers: number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < numbers.length;) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j++;
    runs.push(j > i ? `${numbers[i]}–${numbers[j]}` : `${numbers[i]}`);
    i = j + 1;
  }
  return runs.join(', ');
}
