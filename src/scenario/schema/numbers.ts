import { z } from 'zod';

/** A finite number ≥ 0 with a description, e.g. an amount or a count. */
export function nonNegative(description: string) {
  return z
    .number({ error: (issue) => `expected a number, got ${JSON.stringify(issue.input) ?? 'nothing'}` })
    .nonnegative({ error: (issue) => `expected a number ≥ 0, got ${String(issue.input)}` })
    .meta({ description });
}

/** A share or probability in [0, 1] with a description. */
export function share(description: string) {
  return z
    .number({ error: (issue) => `expected a number from 0 to 1, got ${JSON.stringify(issue.input) ?? 'nothing'}` })
    .min(0, { error: (issue) => `expected a number from 0 to 1, got ${String(issue.input)}` })
    .max(1, { error: (issue) => `expected a number from 0 to 1, got ${String(issue.input)}` })
    .meta({ description });
}

/** A whole number ≥ 0 with a description. */
export function wholeNumber(description: string) {
  return z
    .number({ error: (issue) => `expected a whole number, got ${JSON.stringify(issue.input) ?? 'nothing'}` })
    .int({ error: (issue) => `expected a whole number, got ${String(issue.input)}` })
    .nonnegative({ error: (issue) => `expected a whole number ≥ 0, got ${String(issue.input)}` })
    .meta({ description });
}

/** A list of exactly `length` multipliers ≥ 0. */
export function multipliers(length: number, description: string) {
  return z
    .array(nonNegative('A multiplier ≥ 0.'))
    .length(length, {
      error: (issue) => `expected ${length} multipliers, got ${Array.isArray(issue.input) ? issue.input.length : 'something else'}`,
    })
    .meta({ description });
}
