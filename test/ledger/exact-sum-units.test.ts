import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExactSum, partOfUnits, totalOf, unitsOf } from '../../src/ledger/exact-sum.ts';
import { sumsFromUnits } from '../../src/shard/partial-result.ts';

/**
 * Exact sums as whole units of 1/10,000 (src/ledger/exact-sum.ts `unitsOf`, `partOfUnits`): what a
 * shard's partial.json stores as decimal-integer strings and a merge turns back into parts. The
 * round trip must give the same total to the last bit, for negative and very large sums too.
 */

const SPLIT = 2 ** 26;

/** The [high, low] parts of an ExactSum of each group of amounts (one part per chunk). */
function partsOf(groups: readonly (readonly number[])[]): [number, number][] {
  return groups.map((amounts) => {
    const sum = new ExactSum();
    for (const amount of amounts) sum.add(amount);
    return [sum.high, sum.low];
  });
}

/** The exact units of amounts, computed independently with BigInt. */
function referenceUnits(amounts: readonly number[]): bigint {
  return amounts.reduce((units, amount) => units + BigInt(Math.round(amount * 10_000)), 0n);
}

/** Money amounts of any sign, up to 10^11 currency units (10^15 units of 1/10,000, within 2^53). */
const amount = fc.oneof(
  fc.double({ min: -1e11, max: 1e11, noNaN: true }),
  fc.double({ min: -100, max: 100, noNaN: true }),
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map((cents) => cents / 100),
);
const groups = fc.array(fc.array(amount, { maxLength: 40 }), { minLength: 1, maxLength: 12 });

/** Raw [high, low] parts as chunks hold them after up to 2^26 additions: high anywhere in ±2^45, low in [0, 2^52). */
const rawPart = fc.tuple(fc.integer({ min: -(2 ** 45), max: 2 ** 45 }), fc.integer({ min: 0, max: 2 ** 52 - 1 }));

describe('unitsOf', () => {
  it('is the exact sum in units of 1/10,000 of every amount added', () => {
    fc.assert(
      fc.property(groups, (amountGroups) => {
        expect(unitsOf(partsOf(amountGroups))).toBe(referenceUnits(amountGroups.flat()));
      }),
    );
  });

  it('reads [high, low] as high·2^26 + low, for any sign of either', () => {
    expect(unitsOf([])).toBe(0n);
    expect(unitsOf([[0, 1]])).toBe(1n);
    expect(unitsOf([[1, 0]])).toBe(BigInt(SPLIT));
    expect(unitsOf([[-1, SPLIT - 1]])).toBe(-1n);
    expect(
      unitsOf([
        [2, -3],
        [-5, 7],
      ]),
    ).toBe(BigInt(-3 * SPLIT + 4));
    expect(unitsOf([[2 ** 52, 2 ** 52]])).toBe(2n ** 78n + 2n ** 52n);
  });
});

describe('partOfUnits', () => {
  it('holds any units a run can reach exactly: unitsOf([partOfUnits(u)]) is u', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 78n), max: 2n ** 78n }), (units) => {
        const [high, low] = partOfUnits(units);
        expect(Number.isSafeInteger(high)).toBe(true);
        expect(Number.isSafeInteger(low)).toBe(true);
        expect(Math.abs(low)).toBeLessThan(SPLIT);
        expect(unitsOf([[high, low]])).toBe(units);
      }),
      { numRuns: 1000 },
    );
  });

  it.each([0n, 1n, -1n, 9_999n, -10_001n, BigInt(SPLIT), -BigInt(SPLIT), BigInt(SPLIT) - 1n, 2n ** 53n + 1n, -(2n ** 53n) - 1n, 2n ** 78n, -(2n ** 78n) + 12_345n])('round-trips %s units', (units) => {
    expect(unitsOf([partOfUnits(units)])).toBe(units);
  });
});

describe('totalOf after the units round trip', () => {
  it('totalOf([partOfUnits(unitsOf(parts))]) === totalOf(parts), for sums of any sign and size', () => {
    fc.assert(
      fc.property(groups, (amountGroups) => {
        const parts = partsOf(amountGroups);
        expect(totalOf([partOfUnits(unitsOf(parts))])).toBe(totalOf(parts));
      }),
      { numRuns: 500 },
    );
  });

  it('the same for raw parts with highs far beyond 2^26 (long chunks of large amounts)', () => {
    fc.assert(
      fc.property(fc.array(rawPart, { minLength: 1, maxLength: 50 }), (parts) => {
        expect(totalOf([partOfUnits(unitsOf(parts))])).toBe(totalOf(parts));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the 1/10,000 where a float would not: 10^11 + 0.0001, and a negative that nets to -0.0001', () => {
    const big = partsOf([[1e11], [0.0001]]);
    expect(totalOf([partOfUnits(unitsOf(big))])).toBe(100_000_000_000.0001);
    const net = partsOf([[-1e11, 5e10], [5e10 - 0.0001]]);
    expect(unitsOf(net)).toBe(-1n);
    expect(totalOf([partOfUnits(unitsOf(net))])).toBe(-0.0001);
  });

  it('through decimal strings and sumsFromUnits (a merge of shards) gives the total of all chunks', () => {
    fc.assert(
      fc.property(fc.array(groups, { minLength: 1, maxLength: 6 }), (shards) => {
        // Each shard stores each key's units as a decimal string; two keys, one only in some shards.
        const records = shards.map((shard, index) => {
          const record: Record<string, string> = { a: unitsOf(partsOf(shard)).toString() };
          if (index % 2 === 0) record.b = unitsOf(partsOf(shard.map((amounts) => amounts.map((x) => -x)))).toString();
          return record;
        });
        const merged = sumsFromUnits(records);
        const all = shards.flatMap((shard) => partsOf(shard));
        expect(totalOf(merged.get('a')!)).toBe(totalOf(all));
        const even = shards.filter((_, index) => index % 2 === 0).flatMap((shard) => partsOf(shard.map((amounts) => amounts.map((x) => -x))));
        expect(totalOf(merged.get('b')!)).toBe(totalOf(even));
        expect([...merged.keys()].sort()).toEqual(['a', 'b']);
      }),
      { numRuns: 200 },
    );
  });
});
