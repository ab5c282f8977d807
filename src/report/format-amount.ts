/**
 * Formats money for people: the currency code, whole units and thousands separators, e.g.
 * `USD 25,184,327` or `USD -1,200`. Halves round away from zero, so a credit and the loss it
 * offsets print with the same digits.
 */
export function formatAmount(amount: number, currency: string): string {
  return `${currency} ${formatWhole(amount)}`;
}

/** An amount in whole units with thousands separators, without the currency: `25,184,327`. */
export function formatWhole(amount: number): string {
  const whole = Math.sign(amount) * Math.round(Math.abs(amount));
  return (whole === 0 ? 0 : whole).toLocaleString('en-US');
}

/** Rounds money to cents as the CSV files write it (`toFixed(2)`), never giving `-0`. */
export function roundCents(amount: number): number {
  const cents = Number(amount.toFixed(2));
  return cents === 0 ? 0 : cents;
}

/**
 * Formats a share (0–1) as a percentage for people: whole percents from 10%, two significant
 * digits below (`6.1%`, `0.018%`), `0%` for nothing and `100%` for all. A share short of all never
 * reads 100%: `99.9%` for 0.99919, `> 99.9%` nearer still; nor does a share above nothing read
 * 0%: `< 0.001%` below a thousandth of a percent.
 */
export function formatPercent(share: number): string {
  const percent = share * 100;
  if (percent === 0) return '0%';
  if (percent > 0 && percent < 0.001) return '< 0.001%';
  if (percent < 10) return `${Number(percent.toPrecision(2)).toString()}%`;
  const whole = percent.toFixed(0);
  if (whole !== '100' || share >= 1) return `${whole}%`;
  const tenths = percent.toFixed(1);
  return tenths === '100.0' ? '> 99.9%' : `${tenths}%`;
}

/** Formats a duration in hours: minutes below an hour (`22 min`), else hours with one decimal (`6.0 h`). */
export function formatHours(hours: number): string {
  return hours < 1 ? `${Math.round(hours * 60)} min` : `${hours.toFixed(1)} h`;
}
