const SCALE = 10_000;
const SPLIT = 2 ** 26;

/**
 * An order-independent sum of money amounts: each amount is quantised to 1/10,000 of a currency
 * unit and added as an exact integer, kept in two parts (high and low 26 bits) so that neither
 * part loses precision before 2^27 additions. Sums of chunks combine exactly (with BigInt), so a
 * run's totals are the same to the last digit however its trials are chunked.
 */
export class ExactSum {
  high = 0;
  low = 0;

  /** Adds an amount (it may be negative). */
  add(amount: number): void {
    const units = Math.round(amount * SCALE);
    const high = Math.floor(units / SPLIT);
    this.high += high;
    this.low += units - high * SPLIT;
  }
}

/** The exact total of sums given as [high, low] pairs, in currency units. */
export function totalOf(parts: Iterable<readonly [number, number]>): number {
  const units = unitsOf(parts);
  const whole = units / BigInt(SCALE);
  return Number(whole) + Number(units - whole * BigInt(SCALE)) / SCALE;
}

/** The exact sum of [high, low] pairs in units of 1/10,000, as a BigInt (what a partial result stores). */
export function unitsOf(parts: Iterable<readonly [number, number]>): bigint {
  let units = 0n;
  for (const [high, low] of parts) units += BigInt(high) * BigInt(SPLIT) + BigInt(low);
  return units;
}

/** A [high, low] pair holding `units` exactly, for `totalOf` (|high| < 2^53 for any sum a run can reach). */
export function partOfUnits(units: bigint): [number, number] {
  const high = units / BigInt(SPLIT);
  return [Number(high), Number(units - high * BigInt(SPLIT))];
}
