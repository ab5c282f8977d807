import type { PolicyYear } from '../market/market-exposure.ts';

/** A service-credit table: the credit share for a month's uptime (the lowest threshold met applies). */
export function creditShare(tiers: readonly { below: number; credit: number }[], uptime: number): number {
  let share = 0;
  for (const tier of tiers) if (uptime < tier.below) share = Math.max(share, tier.credit);
  return share;
}

/**
 * One party's downtime by calendar month over a trial, and the credits it earns: adding an
 * outage returns, per month it touched, how much the month's credit share rose.
 */
export class DowntimeTally {
  private readonly hours: Float64Array;

  constructor(
    private readonly year: PolicyYear,
    private readonly tiers: readonly { below: number; credit: number }[],
  ) {
    this.hours = new Float64Array(year.monthStartHours.length - 1);
  }

  /** Adds scope × hours from `fromHours` to `toHours`; returns [month, rise in credit share] pairs. */
  add(fromHours: number, toHours: number, scope: number): [number, number][] {
    const rises: [number, number][] = [];
    let from = Math.max(0, fromHours);
    const to = Math.min(this.year.hoursInYear, toHours);
    while (from < to) {
      const month = this.year.monthIndexAt(from);
      const monthStart = this.year.monthStartHours[month]!;
      const monthEnd = this.year.monthStartHours[month + 1]!;
      const end = Math.min(to, monthEnd);
      const monthHours = monthEnd - monthStart;
      const before = creditShare(this.tiers, 1 - this.hours[month]! / monthHours);
      this.hours[month] = this.hours[month]! + scope * (end - from);
      const after = creditShare(this.tiers, 1 - this.hours[month]! / monthHours);
      if (after > before) rises.push([month, after - before]);
      from = end;
    }
    return rises;
  }
}
