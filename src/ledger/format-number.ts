/** Formats money for CSV: currency units with exactly 2 decimals, never `-0.00`. */
export function formatMoney(amount: number): string {
  const text = amount.toFixed(2);
  return text === '-0.00' ? '0.00' : text;
}

/** Formats a probability or share for CSV with 6 decimals. */
export function formatProbability(probability: number): string {
  return probability.toFixed(6);
}
