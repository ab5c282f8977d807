import { parseCalendarTime } from '../../calendar/calendar-time.ts';
import { buildSeasonalityProfile, type SeasonalitySpec } from '../../calendar/seasonality-profile.ts';
import type { ScenarioIssue } from '../describe-issue.ts';
import { asList, asRecord, asText } from './raw-value.ts';

const HOUR_MS = 3_600_000;

/** Milliseconds of an ISO date or date-time taken as UTC, or undefined when it is not a real one. */
export const parseUtc = parseCalendarTime;

/**
 * Checks that calendar positions fall inside the simulated year: demand peaks and the times of
 * scheduled injections.
 */
export function checkCalendar(value: unknown): ScenarioIssue[] {
  const scenario = asRecord(value);
  if (!scenario) return [];
  const startText = asText(scenario.start) ?? '2027-01-01';
  const start = parseUtc(startText);
  if (start === undefined) return [];
  const endDate = new Date(start);
  endDate.setUTCFullYear(endDate.getUTCFullYear() + 1);
  const end = endDate.getTime();
  const horizon = `the policy year ${startText} to ${endDate.toISOString().slice(0, 10)} (exclusive)`;
  const issues: ScenarioIssue[] = [];

  const within = (path: (string | number)[], text: unknown, what: string) => {
    if (typeof text !== 'string') return;
    const ms = parseUtc(text);
    if (ms === undefined) issues.push({ path, message: `expected a real calendar ${what}, got "${text}"` });
    else if (ms < start || ms >= end) issues.push({ path, message: `expected a ${what} within ${horizon}, got "${text}"` });
  };

  asList(scenario.inject).forEach((item, index) => within(['inject', index, 'at'], asRecord(item)?.at, 'time'));
  const seasonality = asRecord(asRecord(asRecord(scenario.market)?.seasonality));
  for (const [key, length] of [['monthly', 12], ['weekday', 7], ['hourly', 24]] as const) {
    const values = asList(seasonality?.[key]);
    if (values.length === length && values.every((value) => value === 0)) {
      issues.push({ path: ['market', 'seasonality', key], message: `expected at least one ${key} multiplier above 0, got all 0 (no demand at all)` });
    }
  }
  if (!issues.some((issue) => issue.path[1] === 'seasonality')) issues.push(...checkDemandExists(startText, seasonality));
  const peaks = asList(seasonality?.peaks);
  peaks.forEach((item, index) => {
    const peak = asRecord(item);
    within(['market', 'seasonality', 'peaks', index, 'date'], peak?.date, 'date');
    if (peak?.until !== undefined) {
      within(['market', 'seasonality', 'peaks', index, 'until'], peak.until, 'date');
      const from = parseUtc(String(peak.date));
      const until = parseUtc(String(peak.until));
      if (from !== undefined && until !== undefined && until < from) {
        issues.push({ path: ['market', 'seasonality', 'peaks', index, 'until'], message: `expected a date on or after ${String(peak.date)}, got "${String(peak.until)}"` });
      }
    }
  });
  return issues;
}

/** Hours from the start of the year to an ISO date or date-time (UTC). */
export function hoursFromStart(start: string, text: string): number {
  return ((parseUtc(text) ?? Number.NaN) - (parseUtc(start) ?? Number.NaN)) / HOUR_MS;
}

/**
 * A year whose demand weights are all zero (say, one month open and a zero peak over it) has no
 * demand to spread the GMV over: built here with the same code the run uses, so it is reported
 * as bad input rather than failing at run time.
 */
function checkDemandExists(start: string, seasonality: Record<string, unknown> | undefined): ScenarioIssue[] {
  if (!seasonality) return [];
  let weights: Float64Array;
  try {
    weights = buildSeasonalityProfile(start, seasonality as SeasonalitySpec);
  } catch {
    return []; // malformed: the schema reports it
  }
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return total > 0 && Number.isFinite(total)
    ? []
    : [{ path: ['market', 'seasonality'], message: `expected demand in at least one hour of the year, got a total weight of ${total}` }];
}
