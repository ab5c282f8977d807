import { parseCalendarTime } from './calendar-time.ts';
import { createPolicyYear } from './policy-year.ts';

const HOURS_PER_DAY = 24;
const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The shape of demand over a year: calendar multipliers and named peaks (all default to 1). */
export interface SeasonalitySpec {
  /** 12 multipliers, January first (default all 1). */
  monthly?: number[];
  /** 7 multipliers, Monday first (default all 1). */
  weekday?: number[];
  /** 24 multipliers, hour 0 (00:00–01:00 UTC) first (default all 1). */
  hourly?: number[];
  /** Named peaks: every hour of `date` (YYYY-MM-DD), or of `date` to `until` inclusive, gets × multiplier. */
  peaks?: { name: string; date: string; until?: string; multiplier: number }[];
}

/**
 * Builds the raw (unnormalised) demand weight of every hour of the policy year starting at `start`.
 *
 * Hour h covers [h, h + 1) hours after midnight UTC of `start`; its weight is
 * monthly[month] · weekday[weekday] · hourly[hour of day] · Π multipliers of the peaks covering its
 * date, all taken at the UTC instant start + h hours. The array's length is the year's length in
 * hours (8,760, or 8,784 when the year holds 29 February).
 *
 * Throws a `RangeError` for a malformed date, a multiplier list of the wrong length, a negative or
 * non-finite multiplier, or a peak outside the year.
 *
 * @example
 * buildSeasonalityProfile('2027-01-01', { hourly }).length; // 8760
 */
export function buildSeasonalityProfile(start: string, spec: SeasonalitySpec = {}): Float64Array {
  const startMs = parseUtcDate(start, 'start');
  const { hoursInYear } = createPolicyYear(start);
  const monthly = checkMultipliers(spec.monthly, 12, 'monthly');
  const weekday = checkMultipliers(spec.weekday, 7, 'weekday');
  const hourly = checkMultipliers(spec.hourly, HOURS_PER_DAY, 'hourly');

  const weights = new Float64Array(hoursInYear);
  const daysInYear = hoursInYear / HOURS_PER_DAY;
  for (let day = 0; day < daysInYear; day += 1) {
    const date = new Date(startMs + day * MS_PER_DAY);
    const mondayFirstWeekday = (date.getUTCDay() + 6) % 7;
    const dayFactor = (monthly[date.getUTCMonth()] as number) * (weekday[mondayFirstWeekday] as number);
    const firstHour = day * HOURS_PER_DAY;
    for (let hourOfDay = 0; hourOfDay < HOURS_PER_DAY; hourOfDay += 1) {
      weights[firstHour + hourOfDay] = dayFactor * (hourly[hourOfDay] as number);
    }
  }

  for (const [index, peak] of (spec.peaks ?? []).entries()) {
    const path = `peaks[${index}] (${peak.name})`;
    checkMultiplier(peak.multiplier, `${path}.multiplier`);
    const firstDay = dayOfYear(peak.date, startMs, daysInYear, start, `${path}.date`);
    const lastDay = peak.until === undefined ? firstDay : dayOfYear(peak.until, startMs, daysInYear, start, `${path}.until`);
    if (lastDay < firstDay) {
      throw new RangeError(`${path}.until: expected a date on or after ${peak.date}, got ${peak.until}`);
    }
    const endHour = (lastDay + 1) * HOURS_PER_DAY;
    for (let hour = firstDay * HOURS_PER_DAY; hour < endHour; hour += 1) {
      weights[hour] = (weights[hour] as number) * peak.multiplier;
    }
  }
  return weights;
}

/** Milliseconds since the epoch of midnight UTC on an ISO date, rejecting dates that do not exist. */
function parseUtcDate(date: string, path: string): number {
  const ms = ISO_DATE.test(date) ? parseCalendarTime(date) : undefined;
  if (ms === undefined) throw new RangeError(`${path}: expected a calendar date as YYYY-MM-DD, got ${JSON.stringify(date)}`);
  return ms;
}

/** The 0-based day of the year of `date`, which must fall within the year starting at `start`. */
function dayOfYear(date: string, startMs: number, daysInYear: number, start: string, path: string): number {
  const day = (parseUtcDate(date, path) - startMs) / MS_PER_DAY;
  if (day < 0 || day >= daysInYear) {
    throw new RangeError(`${path}: expected a date within the year starting ${start}, got ${date}`);
  }
  return day;
}

/** The multipliers given, or all 1, after checking their count and values. */
function checkMultipliers(values: number[] | undefined, count: number, path: string): readonly number[] {
  if (values === undefined) return new Array<number>(count).fill(1);
  if (values.length !== count) {
    throw new RangeError(`${path}: expected ${count} multipliers, got ${values.length}`);
  }
  values.forEach((value, index) => checkMultiplier(value, `${path}[${index}]`));
  return values;
}

/** Throws unless `value` is a finite number ≥ 0. */
function checkMultiplier(value: number, path: string): void {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new RangeError(`${path}: expected a finite multiplier ≥ 0, got ${value}`);
  }
}
