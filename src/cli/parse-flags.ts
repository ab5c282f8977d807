import type { InputIssue } from '../errors.ts';

/**
 * Strict parsing of numeric flags: a malformed or out-of-range value is an issue naming the flag,
 * never a silent default.
 */
export function parseWholeNumberFlag(
  flag: string,
  text: string | undefined,
  range: { min: number; max: number },
  issues: InputIssue[],
): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < range.min || value > range.max) {
    issues.push({ path: flag, message: `expected a whole number from ${range.min} to ${range.max.toLocaleString('en-US')}, got ${JSON.stringify(text)}` });
    return undefined;
  }
  return value;
}

/** A seed flag: digits give a number, anything else non-empty is a string seed. */
export function parseSeedFlag(text: string | undefined, issues: InputIssue[]): number | string | undefined {
  if (text === undefined) return undefined;
  if (text.trim() === '') {
    issues.push({ path: '--seed', message: 'expected a whole number or non-empty text, got ""' });
    return undefined;
  }
  return /^\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text;
}
