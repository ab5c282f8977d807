import { describe, expect, it } from 'vitest';
import { acceptableProbability, breachRatio, testTolerance } from '../../src/stats/risk-tolerance.ts';

/** The tolerance curve read as steps, and the test of simulated years against it (MODEL §10). */
const curve = [
  { loss: 10, probability: 0.5 },
  { loss: 50, probability: 0.2 },
  { loss: 100, probability: 0.05 },
];

describe('acceptableProbability: the step reading of the curve', () => {
  it("is 1 below the first point, the point's probability from its loss up to the next point, the last one beyond", () => {
    expect(acceptableProbability(curve, 0)).toBe(1);
    expect(acceptableProbability(curve, 9.99)).toBe(1);
    expect(acceptableProbability(curve, 10)).toBe(0.5);
    expect(acceptableProbability(curve, 49.99)).toBe(0.5);
    expect(acceptableProbability(curve, 50)).toBe(0.2);
    expect(acceptableProbability(curve, 99)).toBe(0.2);
    expect(acceptableProbability(curve, 100)).toBe(0.05);
    expect(acceptableProbability(curve, 1e12)).toBe(0.05);
  });
});

describe('testTolerance', () => {
  // 10 years: 4 above 10, 2 above 50, 1 above 100 (a year of exactly 50 is not above 50).
  const years = Float64Array.of(0, 3, 10, 12, 50, 51, 60, 150, 5, 0);

  it('counts the years strictly above each loss and compares their share with the acceptable probability', () => {
    const test = testTolerance(years, curve);
    expect(test.points.map((point) => [point.loss, point.yearsExceeding, point.simulated, point.within])).toEqual([
      [10, 5, 0.5, true], // 12, 50, 51, 60, 150: 0.5 ≤ 0.5, within at equality
      [50, 3, 0.3, false],
      [100, 1, 0.1, false],
    ]);
    expect(test.within).toBe(false);
  });

  it('names as the worst breach the point with the largest simulated ÷ acceptable ratio', () => {
    // 0.3 / 0.2 = 1.5 at 50; 0.1 / 0.05 = 2 at 100.
    const test = testTolerance(years, curve);
    expect(test.worstBreach).toMatchObject({ loss: 100, simulated: 0.1, acceptable: 0.05 });
    expect(breachRatio(test.worstBreach!)).toBeCloseTo(2, 12);
  });

  it('is within when every point is, and then names no breach', () => {
    const test = testTolerance(Float64Array.of(0, 1, 2, 11, 0, 0, 0, 0, 0, 0), curve);
    expect(test.within).toBe(true);
    expect(test.worstBreach).toBeUndefined();
  });

  it('reads the years in any order', () => {
    const shuffled = Float64Array.from([...years].reverse());
    expect(testTolerance(shuffled, curve)).toEqual(testTolerance(years, curve));
  });

  it('says when a share is within 1.96 binomial standard errors of the limit, where more trials could move it across', () => {
    const limit = [{ loss: 100, probability: 0.01 }];
    // 10,000 years: the noise at 1% is 1.96 √(0.01 · 0.99 / 10,000) = 0.195 points.
    const share = (aboveYears: number) => Float64Array.from({ length: 10_000 }, (_, i) => (i < aboveYears ? 500 : 0));
    expect(testTolerance(share(150), limit).points[0]).toMatchObject({ within: false, withinNoise: false }); // 1.5%
    expect(testTolerance(share(115), limit).points[0]).toMatchObject({ within: false, withinNoise: true }); // 1.15%
    expect(testTolerance(share(85), limit).points[0]).toMatchObject({ within: true, withinNoise: true }); // 0.85%
    expect(testTolerance(share(70), limit).points[0]).toMatchObject({ within: true, withinNoise: false }); // 0.7%
  });
});
