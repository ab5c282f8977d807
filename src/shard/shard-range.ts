import type { InputIssue } from '../errors.ts';
import type { TrialRange } from '../engine/run-simulation.ts';

/** Shard `index` (1-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** Reads `--shard i/n` (1 ≤ i ≤ n), pushing an issue when it is malformed. */
export function parseShardFlag(value: string | undefined, issues: InputIssue[]): Shard | undefined {
  if (value === undefined) return undefined;
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || !Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    issues.push({ path: '--shard', message: `expected i/n with 1 ≤ i ≤ n (e.g. 3/8), got ${JSON.stringify(value)}` });
    return undefined;
  }
  return { index, count };
}

/**
 * The trials of shard i of n: the i-th of n consecutive ranges, as even as whole trials allow
 * (trials ⌊(i−1)·T/n⌋+1 to ⌊i·T/n⌋). Every trial is in exactly one shard, whatever n.
 */
export function shardTrials(trials: number, shard: Shard): TrialRange {
  // In BigInt: i·T can pass 2^53 for a hundred million trials in many shards.
  const boundary = (i: number) => Number((BigInt(i) * BigInt(trials)) / BigInt(shard.count));
  const first = boundary(shard.index - 1) + 1;
  const last = boundary(shard.index);
  return { firstTrial: first, trialCount: last - first + 1 };
}
