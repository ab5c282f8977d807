/**
 * How a value found in a scenario is shown in a message: never more than a short excerpt, so a
 * huge string cannot flood the terminal and a message never carries a whole file's text.
 */

/** Text longer than this many characters is shown cut, followed by its length. */
export const QUOTED_TEXT_LENGTH = 60;

/**
 * Quotes text as JSON does; text longer than `QUOTED_TEXT_LENGTH` is cut and its length given.
 *
 * @example quoteText('a'.repeat(300)) // '"aaaa…aaaa"… (300 characters)'
 */
export function quoteText(text: string): string {
  if (text.length <= QUOTED_TEXT_LENGTH) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, QUOTED_TEXT_LENGTH))}… (${text.length.toLocaleString('en-US')} characters)`;
}

/** Describes a found value for an `expected …, got …` message: numbers as written, text quoted (cut when long). */
export function describeInput(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (input === null) return 'null';
  if (typeof input === 'number' || typeof input === 'boolean') return String(input);
  if (typeof input === 'string') return quoteText(input);
  if (Array.isArray(input)) return 'a list';
  return typeof input === 'object' ? 'an object' : String(input);
}

/** A word with "a" or "an" before it, as a message needs it: `an outage`, `a bug`. */
export function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}
