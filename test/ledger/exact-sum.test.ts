import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExactSum, totalOf } from '../../src/ledger/exact-sum.ts';

function sumInChunks(amounts: readonly number[], cut: readonly number[]): number {
  const parts: [number, number][] = [];
  let start = 0;
  for (const end of [...cut, amounts.length]) {
    const sum = new ExactSum();
    for (const amount of amounts.slice(start, end)) sum.add(amount);
    parts.push([sum.high, sum.low]);
    start = end;
  }
  return totalOf(parts);
}

describe('ExactSum', () => {
  it('gives the same total in any order and any chunking (to the last bit)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 200 }), fc.array(fc.nat(), { maxLength: 5 }), (amounts, cuts) => {
        const whole = sumInChunks(amounts, []);
        const cut = [...new Set(cuts.map((c) => c % amounts.length))].sort((a, b) => a - b);
        expect(sumInChunks(amounts, cut)).toBe(whole);
        expect(sumInChunks([...amounts].reverse(), cut)).toBe(whole);
      }),
    );
  });

  it('is exact to 1/10,000 of a currency unit where float sums drift', () => {
    const sum = new ExactSum();
    for (let i = 0; i < 1_000_000; i++) sum.add(0.1);
    expect(totalOf([[sum.high, sum.low]])).toBe(100_000);
    const negative = new ExactSum();
    negative.add(-12.345);
    negative.add(2.3451);
    expect(totalOf([[negative.high, negative.low]])).toBe(-9.9999);
  });
});
