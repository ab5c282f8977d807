/**
 * Compensated summation of float64 values.
 *
 * A plain running sum of a million annual losses loses the low-order digits of every small loss
 * added to a large total. Neumaier's variant of Kahan summation carries the rounding error of each
 * addition in a separate compensation term and adds it back at the end, so the result is as
 * accurate as if the sum had been accumulated in roughly twice the precision. It also handles the
 * case Kahan's original does not: an addend larger in magnitude than the running sum.
 *
 * Values are added in the order given, so the result is deterministic for a given input order.
 */

/**
 * A running Neumaier-compensated sum, for sums of values computed on the fly.
 *
 * @example
 * const total = new CompensatedSum();
 * for (const loss of losses) total.add((loss - mean) ** 2);
 * total.value();
 */
export class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  /** Adds one value to the sum. */
  add(value: number): void {
    const next = this.sum + value;
    if (Math.abs(this.sum) >= Math.abs(value)) {
      this.compensation += this.sum - next + value;
    } else {
      this.compensation += value - next + this.sum;
    }
    this.sum = next;
  }

  /** Returns the compensated sum of the values added so far (0 if none). */
  value(): number {
    if (!Number.isFinite(this.sum)) {
      // Once the running sum is infinite or NaN the compensation term is meaningless (NaN).
      return this.sum;
    }
    return this.sum + this.compensation;
  }
}

/**
 * Returns the sum of `values`, added in index order with Neumaier compensation.
 *
 * The sum of an empty input is 0. Non-finite values propagate as in a plain sum (an infinity
 * gives that infinity, a NaN gives NaN).
 *
 * @example
 * sumCompensated([1, 1e100, 1, -1e100]); // 2 (a plain loop gives 0)
 */
export function sumCompensated(values: ArrayLike<number>): number {
  const total = new CompensatedSum();
  const count = values.length;
  for (let index = 0; index < count; index += 1) {
    total.add(values[index] as number);
  }
  return total.value();
}
