import { parseCalendarTime } from '../../calendar/calendar-time.ts';
import { buildSeasonalityProfile, type SeasonalitySpec } from '../../calendar/seasonality-profile.ts';
import type { ScenarioIssue } from '../describe-issue.ts';
import { DEFAULT_START } from '../vocabulary.ts';
import { asList, asRecord, asText } from './raw-value.ts';

const HOUR_MS = 3_600_000;

/** Milliseconds of an ISO date or date-time taken as UTC, or undefined when it is not a real one. */
export const parseUtc = parseCalendarTime;

/**
 * Checks that calendar positions fall inside the simulated year (demand peaks and the times of
 * scheduled injections), and that the year has demand.
 */
export function checkCalendar(value: unknown): ScenarioIssue[] {
  const scenario = asRecord(value);
  if (!scenario) return [];
  const startText = asText(scenario.start) ?? DEFAULT_START;
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
  asList(seasonality?.peaks).forEach((item, index) => {
    const peak = asRecord(item);
    within(['market', 'seasonality', 'peaks', index, 'date'], peak?.date, 'date');
    if (peak?.until !== undefined) within(['market', 'seasonality', 'peaks', index, 'until'], peak.until, 'date');
  });
  // A multiplier list of zeros is the seasonality's own issue (market-schema.ts): no demand is then said once.
  const zeros = ['monthly', 'weekday', 'hourly'].some((key) => asList(seasonality?.[key]).length > 0 && asList(seasonality?.[key]).every((value) => value === 0));
  if (!zeros && !issues.some((issue) => issue.path[1] === 'seasonality')) issues.push(...checkDemandExists(startText, seasonality));
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
  return total > 0 && Number.isFinite(total) ? [] : [{ path: ['market', 'seasonality'], message: `expected demand in at least one hour of the year, got a total weight of ${total}` }];
}
