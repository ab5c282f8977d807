import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InputIssue } from '../../src/errors.ts';
import { parseShardFlag, shardTrials, type Shard } from '../../src/shard/shard-range.ts';

/**
 * `--shard i/n` (src/shard/shard-range.ts): the flag's parsing, and the trials of each shard:
 * consecutive ranges ⌊(i−1)·T/n⌋+1 … ⌊i·T/n⌋ that cover 1…T exactly once, sizes differing by at
 * most one, exact even where i·T passes 2^53.
 */

/** The documented boundary ⌊i·T/n⌋, computed exactly. */
function boundary(i: number, trials: number, count: number): number {
  return Number((BigInt(i) * BigInt(trials)) / BigInt(count));
}

/** The last trial of a range. */
function lastOf(range: { firstTrial: number; trialCount: number }): number {
  return range.firstTrial + range.trialCount - 1;
}

describe('parseShardFlag', () => {
  it('leaves an absent flag absent, with no issue', () => {
    const issues: InputIssue[] = [];
    expect(parseShardFlag(undefined, issues)).toBeUndefined();
    expect(issues).toEqual([]);
  });

  it.each<[string, Shard]>([
    ['1/1', { index: 1, count: 1 }],
    ['1/3', { index: 1, count: 3 }],
    ['3/3', { index: 3, count: 3 }],
    ['2/8', { index: 2, count: 8 }],
    [' 2 / 8 ', { index: 2, count: 8 }],
    ['07/12', { index: 7, count: 12 }],
    ['100000000/100000000', { index: 100_000_000, count: 100_000_000 }],
  ])('reads %j', (value, shard) => {
    const issues: InputIssue[] = [];
    expect(parseShardFlag(value, issues)).toEqual(shard);
    expect(issues).toEqual([]);
  });

  it.each(['0/3', '4/3', '1/0', '0/0', 'abc', '', ' ', '3', '/3', '1/', '-1/3', '1/-3', '1.5/3', '1/2.5', '1/3/5', '1,3', 'i/n', '1e2/200', '99999999999999999999/99999999999999999999'])(
    'refuses %j with one issue on --shard quoting the value',
    (value) => {
      const issues: InputIssue[] = [];
      expect(parseShardFlag(value, issues)).toBeUndefined();
      expect(issues).toEqual([{ path: '--shard', message: `expected i/n with 1 ≤ i ≤ n (e.g. 3/8), got ${JSON.stringify(value)}` }]);
    },
  );

  it('adds to the issues already collected', () => {
    const issues: InputIssue[] = [{ path: '--trials', message: 'earlier' }];
    parseShardFlag('5/4', issues);
    expect(issues.map((issue) => issue.path)).toEqual(['--trials', '--shard']);
  });
});

describe('shardTrials', () => {
  it('splits 10 trials in 3 as 1–3, 4–6, 7–10 and 3,000 in 3 evenly', () => {
    expect([1, 2, 3].map((index) => shardTrials(10, { index, count: 3 }))).toEqual([
      { firstTrial: 1, trialCount: 3 },
      { firstTrial: 4, trialCount: 3 },
      { firstTrial: 7, trialCount: 4 },
    ]);
    expect([1, 2, 3].map((index) => shardTrials(3000, { index, count: 3 }))).toEqual([
      { firstTrial: 1, trialCount: 1000 },
      { firstTrial: 1001, trialCount: 1000 },
      { firstTrial: 2001, trialCount: 1000 },
    ]);
    expect([1, 2, 3, 4].map((index) => shardTrials(2003, { index, count: 4 }))).toEqual([
      { firstTrial: 1, trialCount: 500 },
      { firstTrial: 501, trialCount: 501 },
      { firstTrial: 1002, trialCount: 501 },
      { firstTrial: 1503, trialCount: 501 },
    ]);
  });

  it('gives one shard all the trials, and n = T shards one trial each', () => {
    expect(shardTrials(7, { index: 1, count: 1 })).toEqual({ firstTrial: 1, trialCount: 7 });
    expect(Array.from({ length: 7 }, (_, i) => shardTrials(7, { index: i + 1, count: 7 }))).toEqual(Array.from({ length: 7 }, (_, i) => ({ firstTrial: i + 1, trialCount: 1 })));
  });

  it('for any T ≥ 1 and 1 ≤ n ≤ T: consecutive shards covering 1…T once, sizes within one of each other', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }).chain((trials) => fc.tuple(fc.constant(trials), fc.integer({ min: 1, max: Math.min(trials, 400) }))),
        ([trials, count]) => {
          const ranges = Array.from({ length: count }, (_, i) => shardTrials(trials, { index: i + 1, count }));
          let next = 1;
          for (const [i, range] of ranges.entries()) {
            expect(range.firstTrial, `shard ${i + 1}/${count} of ${trials}`).toBe(next);
            expect(range.firstTrial).toBe(boundary(i, trials, count) + 1);
            expect(lastOf(range)).toBe(boundary(i + 1, trials, count));
            next = lastOf(range) + 1;
          }
          expect(next - 1).toBe(trials);
          const sizes = ranges.map((range) => range.trialCount);
          expect(sizes.reduce((a, b) => a + b, 0)).toBe(trials);
          expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
          expect(Math.min(...sizes)).toBe(Math.floor(trials / count));
          // Exactly T mod n shards take one trial more.
          expect(sizes.filter((size) => size > Math.floor(trials / count)).length).toBe(trials % count);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('for T up to 10^8 and any n ≤ T: each shard starts where the one before ends, at ⌊(i−1)·T/n⌋+1, within one trial of T/n', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 100_000_000 })
          .chain((trials) => fc.tuple(fc.constant(trials), fc.integer({ min: 1, max: trials })))
          .chain(([trials, count]) => fc.tuple(fc.constant(trials), fc.constant(count), fc.integer({ min: 1, max: count }))),
        ([trials, count, index]) => {
          const range = shardTrials(trials, { index, count });
          expect(range.firstTrial).toBe(boundary(index - 1, trials, count) + 1);
          expect(lastOf(range)).toBe(boundary(index, trials, count));
          expect([Math.floor(trials / count), Math.ceil(trials / count)]).toContain(range.trialCount);
          if (index > 1) expect(lastOf(shardTrials(trials, { index: index - 1, count }))).toBe(range.firstTrial - 1);
          if (index < count) expect(shardTrials(trials, { index: index + 1, count }).firstTrial).toBe(lastOf(range) + 1);
          expect(shardTrials(trials, { index: 1, count }).firstTrial).toBe(1);
          expect(lastOf(shardTrials(trials, { index: count, count }))).toBe(trials);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('is exact where i·T passes 2^53 and float arithmetic would round the boundary up', () => {
    // 99,999,997 × 99,999,999 ≈ 10^16 > 2^53; ⌊i·T/n⌋ is 99,999,997 exactly, while
    // Math.floor(i * T / n) in float64 gives 99,999,998 (the shard would take a trial of the next).
    const trials = 99_999_999;
    const count = 99_999_998;
    expect(Math.floor((99_999_997 * trials) / count)).toBe(99_999_998); // the trap this guards against
    expect(shardTrials(trials, { index: 99_999_997, count })).toEqual({ firstTrial: 99_999_997, trialCount: 1 });
    // The one shard of two trials is the last.
    expect(shardTrials(trials, { index: count, count })).toEqual({ firstTrial: 99_999_998, trialCount: 2 });
    expect(shardTrials(trials, { index: count - 1, count })).toEqual({ firstTrial: 99_999_997, trialCount: 1 });
  });

  it('splits 10^8 trials in 10^8, 10^8 − 1 and 3 shards', () => {
    const trials = 100_000_000;
    expect(shardTrials(trials, { index: trials, count: trials })).toEqual({ firstTrial: trials, trialCount: 1 });
    expect(shardTrials(trials, { index: 50_000_000, count: trials })).toEqual({ firstTrial: 50_000_000, trialCount: 1 });
    const count = trials - 1;
    // ⌊i·T/(T−1)⌋ = i + ⌊i/(T−1)⌋: every shard has one trial but the last, which has two.
    expect(shardTrials(trials, { index: count, count })).toEqual({ firstTrial: trials - 1, trialCount: 2 });
    expect(shardTrials(trials, { index: count - 1, count })).toEqual({ firstTrial: trials - 2, trialCount: 1 });
    expect([1, 2, 3].map((index) => shardTrials(trials, { index, count: 3 }))).toEqual([
      { firstTrial: 1, trialCount: 33_333_333 },
      { firstTrial: 33_333_334, trialCount: 33_333_333 },
      { firstTrial: 66_666_667, trialCount: 33_333_334 },
    ]);
  });
});
