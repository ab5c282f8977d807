import { z } from 'zod';
import { describeInput, quoteText } from './describe-input.ts';
import { objectRule } from './object-rule.ts';

/** Names of scenarios, incidents and strategies: safe as folder names and CSV values. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * The longest name: a scenario's name is its report folder (`reports/<name>`) and every chart
 * title carries it, so it must stay far below the 255 bytes a file name may have.
 */
export const MAX_NAME_LENGTH = 64;

/** The longest free text (a description). */
export const MAX_TEXT_LENGTH = 2_000;

/** The longest path or reference written in a scenario (`extends`, `$schema`). */
export const MAX_PATH_LENGTH = 1_024;

/** The error of a string field given too many characters. */
export function tooLongError(what: string, max: number) {
  return {
    abort: true,
    error: (issue: { input?: unknown }) =>
      `expected ${what} of at most ${max.toLocaleString('en-US')} characters, got ${typeof issue.input === 'string' ? `${issue.input.length.toLocaleString('en-US')} characters (${quoteText(issue.input)})` : describeInput(issue.input)}`,
  };
}

/** Schema of a name field: 1 to 64 letters, digits, `_`, `.`, `-`, starting with a letter or digit. */
export function nameSchema(description: string) {
  return z
    .string()
    .max(MAX_NAME_LENGTH, tooLongError('a name', MAX_NAME_LENGTH))
    .regex(NAME_PATTERN, {
      error: (issue) => `expected a name of letters, digits, '_', '.' or '-' starting with a letter or digit, got ${describeInput(issue.input)}`,
    })
    .meta({ description: `${description} At most ${MAX_NAME_LENGTH} characters: letters, digits, '_', '.' or '-', starting with a letter or digit.` });
}

/** Schema of a free-text field (a description) of at most 2,000 characters. */
export function textSchema(description: string) {
  return z
    .string()
    .max(MAX_TEXT_LENGTH, tooLongError('text', MAX_TEXT_LENGTH))
    .meta({ description: `${description} At most ${MAX_TEXT_LENGTH.toLocaleString('en-US')} characters.` });
}

/**
 * The rule of a list whose items are named: each name once. `what` names an item (`seller
 * segment`) and `list` the list as a path (`market.sellers`), for the message.
 */
export function uniqueNames(what: string, list: string) {
  return objectRule<{ name: string }[]>((items, context) => {
    const first = new Map<string, number>();
    items.forEach((item, index) => {
      if (!context.valid(index, 'name')) return;
      const earlier = first.get(item.name);
      if (earlier === undefined) first.set(item.name, index);
      else context.report([index, 'name'], `expected a unique ${what} name, got "${item.name}" again (first used by ${list}[${earlier}])`);
    });
  });
}
