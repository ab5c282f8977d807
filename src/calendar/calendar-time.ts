const CALENDAR_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?Z?)?$/;

/**
 * Milliseconds since the epoch of an ISO date (`YYYY-MM-DD`, midnight) or date-time
 * (`YYYY-MM-DDTHH:MM[:SS][Z]`), taken as UTC; undefined when it is malformed or names a time that
 * does not exist. `Date.parse` alone accepts 30 February (as 2 March), so every calendar position
 * in a scenario goes through here.
 */
export function parseCalendarTime(text: string): number | undefined {
  const match = CALENDAR_TIME.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(ms);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? ms : undefined;
}
