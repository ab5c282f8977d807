import type { RecordValue } from './year-explanation.ts';

/**
 * A record's fields beyond the ones a reader knows by name, as `{ other }` with snake_case keys in
 * sorted order, or nothing when there are none. Only plain values (text, numbers, booleans and
 * arrays of them) are copied; nested records are left out.
 *
 * It lets `explain` show what later stages add to their records (a threshold on a trail step, a
 * payer on an allocation) without knowing them in advance.
 */
export function otherFields(record: object, known: ReadonlySet<string>): { other?: Record<string, RecordValue> } {
  const fields = Object.entries(record)
    .filter(([key, value]) => !known.has(key) && isRecordValue(value))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return fields.length === 0 ? {} : { other: Object.fromEntries(fields.map(([key, value]) => [snakeCase(key), value as RecordValue])) };
}

/** Whether a value is plain data: text, a number, a boolean, null, or an array of those. */
export function isRecordValue(value: unknown): value is RecordValue {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return true;
  return Array.isArray(value) && value.every(isRecordValue);
}

/** `durationHours` → `duration_hours`: record field names as the JSON (and scenario language) spells them. */
export function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
