import type { PolicyYear } from '../calendar/policy-year.ts';

/**
 * Splits the interval [fromHours, toHours), clipped to the year, at calendar month boundaries:
 * calls `visit(month, hours)` for each month it touches, in order (month 0 is the start month).
 */
export function splitByMonth(year: PolicyYear, fromHours: number, toHours: number, visit: (month: number, hours: number) => void): void {
  let from = Math.max(0, fromHours);
  const to = Math.min(year.hoursInYear, toHours);
  while (from < to) {
    const month = year.monthIndexAt(from);
    const end = Math.min(to, year.monthStartHours[month + 1]!);
    visit(month, end - from);
    from = end;
  }
}
