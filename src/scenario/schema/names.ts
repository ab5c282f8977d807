import { z } from 'zod';

/** Names of scenarios, incidents and strategies: safe as folder names and CSV values. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Schema of a name field: letters, digits, `_`, `.`, `-`, starting with a letter or digit. */
export function nameSchema(description: string) {
  return z
    .string()
    .regex(NAME_PATTERN, {
      error: (issue) =>
        `expected a name of letters, digits, '_', '.' or '-' starting with a letter or digit, got ${JSON.stringify(issue.input)}`,
    })
    .meta({ description });
}
