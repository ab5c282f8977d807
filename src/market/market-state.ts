import type { PolicyYear } from '../calendar/policy-year.ts';
import { splitByMonth } from './split-by-month.ts';

/**
 * What a trial's incidents change in the market, carried forward in time order: the share of
 * buyers still active (churn) and each month's downtime (for SLA credits).
 */
export class MarketState {
  /** Share of the year-start buyers still buying (1 until churn). */
  buyerShare = 1;
  private downtime: Float64Array | undefined;

  constructor(private readonly year: PolicyYear) {}

  /** Scope-weighted downtime hours per calendar month of the policy year (index 0: the start month). */
  get downtimeHoursByMonth(): Float64Array {
    return (this.downtime ??= new Float64Array(13));
  }

  /** Adds scope × hours of downtime from `fromHours` to `toHours`, split across calendar months. */
  addDowntime(fromHours: number, toHours: number, scope: number): void {
    const downtime = this.downtimeHoursByMonth;
    splitByMonth(this.year, fromHours, toHours, (month, hours) => {
      downtime[month] = downtime[month]! + scope * hours;
    });
  }
}
