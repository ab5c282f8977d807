import { describe, expect, it } from 'vitest';
import { breakEven } from '../../src/stats/sweep-break-even.ts';

describe('breakEven', () => {
  it('interpolates the first sign change of the paired difference, with the band ± 1.96 SE drawn the same way', () => {
    const found = breakEven([
      { value: 0, difference: 0, se: 0 }, // the first point, paired with itself
      { value: 10, difference: -30, se: 5 },
      { value: 20, difference: 10, se: 5 },
      { value: 30, difference: -10, se: 5 }, // a second crossing is not the break-even
    ]);
    // −30 + 40 (x − 10) / 10 = 0 at x = 17.5; the band's lines (slope 4 a unit) reach 0 at 17.5 ∓ 9.8 / 4.
    expect(found).toEqual({ value: 17.5, low: 17.5 - 9.8 / 4, high: 17.5 + 9.8 / 4, from: 10, to: 20 });
  });

  it('finds none when the difference keeps its sign, and none from the first point itself', () => {
    expect(
      breakEven([
        { value: 0, difference: 0, se: 0 },
        { value: 1, difference: 5, se: 1 },
        { value: 2, difference: 7, se: 1 },
      ]),
    ).toBeUndefined();
    expect(
      breakEven([
        { value: 0, difference: 0, se: 0 },
        { value: 1, difference: -5, se: 1 },
      ]),
    ).toBeUndefined();
  });

  it('leaves the interval open when a side of the band does not slope', () => {
    // d + 1.96 se is 1 at both values: the upper side never reaches 0.
    const found = breakEven([
      { value: 1, difference: -1, se: 2 / 1.96 },
      { value: 2, difference: 1, se: 0 },
    ])!;
    expect(found.value).toBe(1.5);
    expect([found.low, found.high]).toEqual([undefined, undefined]);
  });
});
