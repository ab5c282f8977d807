import type { PolicyYear } from '../calendar/policy-year.ts';
import { splitByMonth } from '../market/split-by-month.ts';

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

  /** Starts a trial: no downtime in any month. */
  reset(): void {
    this.hours.fill(0);
  }

  /** Adds scope × hours from `fromHours` to `toHours`; returns [month, rise in credit share] pairs. */
  add(fromHours: number, toHours: number, scope: number): [number, number][] {
    const rises: [number, number][] = [];
    const { monthStartHours } = this.year;
    splitByMonth(this.year, fromHours, toHours, (month, hours) => {
      const monthHours = monthStartHours[month + 1]! - monthStartHours[month]!;
      const before = creditShare(this.tiers, 1 - this.hours[month]! / monthHours);
      this.hours[month] = this.hours[month]! + scope * hours;
      const after = creditShare(this.tiers, 1 - this.hours[month]! / monthHours);
      if (after > before) rises.push([month, after - before]);
    });
    return rises;
  }
}
