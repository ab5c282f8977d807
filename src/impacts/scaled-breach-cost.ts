/**
 * A breach cost that grows sublinearly with the number of people or cards it concerns
 * (MODEL §13, "Sublinear breach costs"): cost = rate · n0 · (n / n0)^b, i.e. a · n^b with
 * a = rate · n0^(1 − b). The rate is the cost per record at n0 records (`scale_reference_records`,
 * default 1); b = 1 (the default) is the flat rate per record, computed as n · rate exactly as
 * before exponents existed, so scenarios without them keep their results to the bit.
 *
 * @example
 * scaledBreachCost(10, 1_000_000, 0.5, 10_000) // 10 · 10,000 · 100^0.5 = 1,000,000 (a flat rate would give 10,000,000)
 */
export function scaledBreachCost(rate: number, count: number, exponent: number | undefined, referenceRecords: number | undefined): number {
  if (exponent === undefined || exponent === 1) return count * rate;
  const reference = referenceRecords ?? 1;
  return rate * reference * (count / reference) ** exponent;
}
