/** The calendar of a simulated policy year, in virtual hours from its start. */
export interface PolicyYear {
  /** The first day, as written in the scenario (YYYY-MM-DD). */
  start: string;
  /** Start of the year as milliseconds since the Unix epoch (UTC midnight of `start`). */
  startMs: number;
  /** Length of the year in hours: 8,760, or 8,784 in a leap year. */
  hoursInYear: number;
  /** Hours from the start to the start of each calendar month touched (index 0 is 0; ends with hoursInYear). */
  monthStartHours: number[];
  /** Index into `monthStartHours` of the calendar month containing a virtual time. */
  monthIndexAt(timeHours: number): number;
}

/** Builds the policy year that starts on an ISO date (`YYYY-MM-DD`, UTC). */
export function createPolicyYear(start: string): PolicyYear {
  const startMs = Date.parse(`${start}T00:00:00Z`);
  const end = new Date(startMs);
  end.setUTCFullYear(end.getUTCFullYear() + 1);
  const hoursInYear = (end.getTime() - startMs) / 3_600_000;
  const monthStartHours = [0];
  const cursor = new Date(startMs);
  for (;;) {
    cursor.setUTCDate(1);
    cursor.setUTCMonth(cursor.getUTCMonth() + 1);
    const hours = (cursor.getTime() - startMs) / 3_600_000;
    if (hours >= hoursInYear) break;
    monthStartHours.push(hours);
  }
  monthStartHours.push(hoursInYear);
  return {
    start,
    startMs,
    hoursInYear,
    monthStartHours,
    monthIndexAt(timeHours) {
      let month = 0;
      while (month + 1 < monthStartHours.length - 1 && monthStartHours[month + 1]! <= timeHours) month++;
      return month;
    },
  };
}

/** The ISO timestamp (UTC, to the second) of a virtual time in hours from the year's start. */
export function isoTime(year: PolicyYear, timeHours: number): string {
  return new Date(year.startMs + Math.round((timeHours * 3_600_000) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
