import type { TrialContext } from '../engine/trial-context.ts';

/** The calendar of a simulated policy year, in virtual hours from its start. */
export interface PolicyYear {
  /** Start of the year as milliseconds since the Unix epoch (UTC midnight of `start`). */
  startMs: number;
  /** Length of the year in hours: 8,760, or 8,784 in a leap year. */
  hoursInYear: number;
}

/** The market as the rest of a trial sees it: the year's calendar. */
export interface MarketExposure {
  year: PolicyYear;
}

/** A trial after the market stage. */
export interface ExposedTrial {
  context: TrialContext;
  market: MarketExposure;
}

/** Builds the policy year that starts on an ISO date (`YYYY-MM-DD`, UTC). */
export function createPolicyYear(start: string): PolicyYear {
  const startMs = Date.parse(`${start}T00:00:00Z`);
  const end = new Date(startMs);
  end.setUTCFullYear(end.getUTCFullYear() + 1);
  return { startMs, hoursInYear: (end.getTime() - startMs) / 3_600_000 };
}

/** The ISO timestamp (UTC, to the second) of a virtual time in hours from the year's start. */
export function isoTime(year: PolicyYear, timeHours: number): string {
  return new Date(year.startMs + Math.round(timeHours * 3_600_000 / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
