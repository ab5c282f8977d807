/**
 * The inverse of the standard normal CDF, Φ⁻¹, by Wichura's algorithm AS 241 (PPND16).
 *
 * AS 241 is accurate to about 1 part in 10^16, so normal and lognormal draws made from one
 * uniform each are exact to double precision and stay monotone in the uniform (common random
 * numbers: the same uniform gives the same quantile in every strategy).
 */

const SPLIT_CENTRAL = 0.425;
const SPLIT_TAIL = 5;
const CENTRAL_RADIUS_SQUARED = 0.180625; // 0.425²

/** Smallest value a uniform is raised to so that Φ⁻¹ stays finite (Φ⁻¹(2⁻⁵³) ≈ −8.2). */
const SMALLEST_OPEN_UNIFORM = 2 ** -53;
const LARGEST_OPEN_UNIFORM = 1 - 2 ** -53;

/**
 * Returns Φ⁻¹(probability), the standard normal quantile; −∞ at 0, +∞ at 1, NaN outside [0, 1].
 *
 * @example inverseNormalCdf(0.975) // 1.959963984540054
 */
export function inverseNormalCdf(probability: number): number {
  if (!(probability > 0 && probability < 1)) {
    if (probability === 0) return -Infinity;
    if (probability === 1) return Infinity;
    return Number.NaN;
  }
  const q = probability - 0.5;
  if (Math.abs(q) <= SPLIT_CENTRAL) {
    const r = CENTRAL_RADIUS_SQUARED - q * q;
    // The three rational functions keep their layout by hand, a few coefficients a line (prettier-ignore).
    // prettier-ignore
    return (
      (q *
        (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r +
          45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r +
          133.14166789178437745) * r + 3.387132872796366608)) /
      (((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) * r +
        21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r +
        42.313330701600911252) * r + 1)
    );
  }
  let r = q < 0 ? probability : 1 - probability;
  r = Math.sqrt(-Math.log(r));
  let value: number;
  if (r <= SPLIT_TAIL) {
    r -= 1.6;
    // prettier-ignore
    value =
      (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r +
        1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r +
        4.6303378461565452959) * r + 1.42343711074968357734) /
      (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r +
        0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r +
        2.05319162663775882187) * r + 1);
  } else {
    r -= SPLIT_TAIL;
    // prettier-ignore
    value =
      (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
        0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r +
        5.4637849111641143699) * r + 6.6579046435011037772) /
      (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
        7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r +
        0.59983220655588793769) * r + 1);
  }
  return q < 0 ? -value : value;
}

/**
 * Maps a uniform on [0, 1) to a standard normal draw Φ⁻¹(u), raising u = 0 into (0, 1) first.
 *
 * Monotone in `uniform`, so it keeps common random numbers aligned across strategies.
 */
export function standardNormalFromUniform(uniform: number): number {
  const open = uniform < SMALLEST_OPEN_UNIFORM ? SMALLEST_OPEN_UNIFORM : uniform > LARGEST_OPEN_UNIFORM ? LARGEST_OPEN_UNIFORM : uniform;
  return inverseNormalCdf(open);
}
