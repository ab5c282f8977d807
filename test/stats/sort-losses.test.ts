import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RADIX_FROM, sortLosses } from '../../src/stats/sort-losses.ts';

/** The values' bits, so −0 and +0 differ. */
const bits = (values: Float64Array) => Array.from(new BigUint64Array(values.buffer, values.byteOffset, values.length));

describe('sortLosses', () => {
  it('sorts exactly as Float64Array.prototype.sort does, −0 before +0, by the radix path too', () => {
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(fc.array(fc.oneof(finite, fc.constantFrom(0, -0, 1e-310, -1e-310, 5e5, -5e5, Number.MAX_VALUE, -Number.MAX_VALUE)), { maxLength: 300 }), (list) => {
        const expected = Float64Array.from(list).sort();
        // radixFrom 1: every array of one value or more takes the radix path.
        expect(bits(sortLosses(Float64Array.from(list), 1))).toEqual(bits(expected));
      }),
      { numRuns: 400 },
    );
  });

  it('sorts a year loss column of the usual size (zeros, lognormal losses, a few credits) as the built-in sort does', () => {
    let state = 7;
    const next = () => (state = (state * 1_103_515_245 + 12_345) >>> 0) / 2 ** 32;
    const column = new Float64Array(RADIX_FROM + 1_234);
    for (let i = 0; i < column.length; i++) {
      const u = next();
      column[i] = u < 0.3 ? 0 : u < 0.32 ? -next() * 1e4 : Math.exp(9 + 4 * next());
    }
    column[5] = -0;
    expect(bits(sortLosses(Float64Array.from(column)))).toEqual(bits(Float64Array.from(column).sort()));
  });

  it('sorts a subarray in place without touching its neighbours', () => {
    const whole = Float64Array.from([9, 3, -1, 2, 0, -0, 7, 8]);
    const part = whole.subarray(1, 7);
    expect(sortLosses(part, 1)).toBe(part);
    expect(Array.from(whole)).toEqual([9, -1, -0, 0, 2, 3, 7, 8]);
  });

  it('skips a pass whose digit every value shares, and still sorts', () => {
    // Whole numbers below 2^16: the low words of their doubles are all 0.
    const values = Float64Array.from({ length: 500 }, (_, i) => (i * 7919) % 65_536);
    expect(Array.from(sortLosses(Float64Array.from(values), 1))).toEqual(Array.from(Float64Array.from(values).sort()));
  });
});
