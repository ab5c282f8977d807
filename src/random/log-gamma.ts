/**
 * ln Γ(x) for x > 0, as the Poisson rejection sampler needs it for ln k! = ln Γ(k + 1).
 *
 * Stirling's series with ten terms, after shifting x up to at least 7 by the recurrence
 * Γ(x + 1) = x·Γ(x) (the routine numpy uses for the same purpose); relative error ~1e-15.
 */

const STIRLING_COEFFICIENTS = [
  8.333333333333333e-2, -2.777777777777778e-3, 7.936507936507937e-4, -5.952380952380952e-4, 8.417508417508418e-4, -1.917526917526918e-3, 6.41025641025641e-3, -2.955065359477124e-2,
  1.796443723688307e-1, -1.3924322169059,
] as const;

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
const SHIFT_THRESHOLD = 7;

/**
 * Returns ln Γ(x) for x > 0.
 *
 * @example logGamma(11) // ln 10! ≈ 15.104412573075516
 */
export function logGamma(x: number): number {
  if (x === 1 || x === 2) return 0;
  const shift = x < SHIFT_THRESHOLD ? Math.floor(SHIFT_THRESHOLD - x) : 0;
  let shifted = x + shift;
  const inverseSquare = 1 / (shifted * shifted);
  let series = STIRLING_COEFFICIENTS[9];
  for (let index = 8; index >= 0; index--) series = series * inverseSquare + STIRLING_COEFFICIENTS[index]!;
  let result = series / shifted + HALF_LOG_TWO_PI + (shifted - 0.5) * Math.log(shifted) - shifted;
  for (let step = 0; step < shift; step++) {
    shifted -= 1;
    result -= Math.log(shifted);
  }
  return result;
}
