import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CompensatedSum, sumCompensated } from '../../src/stats/neumaier-sum.ts';

describe('sumCompensated', () => {
  it('is 0 for no values', () => {
    expect(sumCompensated([])).toBe(0);
    expect(new CompensatedSum().value()).toBe(0);
  });

  it('keeps small addends that a plain sum loses to a large one', () => {
    expect(sumCompensated([1, 1e100, 1, -1e100])).toBe(2);
    expect(sumCompensated(Float64Array.of(1e16, 1, 1, 1, 1))).toBe(1e16 + 4);
  });

  it('rounds ten copies of 0.1 to 1, where a plain loop gives 0.9999999999999999', () => {
    const tenths = new Array<number>(10).fill(0.1);
    let plain = 0;
    for (const value of tenths) plain += value;
    expect(plain).toBe(0.9999999999999999);
    expect(sumCompensated(tenths)).toBe(1);
  });

  it('propagates infinities and NaN as a plain sum does', () => {
    expect(sumCompensated([1, Infinity, 2])).toBe(Infinity);
    expect(sumCompensated([1, -Infinity])).toBe(-Infinity);
    expect(sumCompensated([1, NaN])).toBeNaN();
    expect(sumCompensated([Infinity, -Infinity])).toBeNaN();
  });

  it('gives the same result through the running accumulator', () => {
    const values = [3.5, 1e-8, -2.25, 1e12, 7];
    const total = new CompensatedSum();
    for (const value of values) total.add(value);
    expect(total.value()).toBe(sumCompensated(values));
  });

  it('sums small integers exactly, whatever their order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 })), (integers) => {
        const exact = integers.reduce((sum, value) => sum + value, 0);
        expect(sumCompensated(integers)).toBe(exact);
      }),
    );
  });
});
