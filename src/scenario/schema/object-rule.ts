import { z } from 'zod';

/** Where a rule reports a problem: a path inside the object the rule is on (`['max']`, `[2, 'below']`, `[]` for the object itself). */
export type FieldPath = readonly (string | number)[];

/** What a rule over one object sees besides the object: which of its fields the schema refused, and where to report. */
export interface RuleContext {
  /**
   * Whether the schema accepted the field at `path` and everything in it (an absent optional
   * field is valid). A rule reads a field only once it is valid, so a value the schema already
   * refused is reported once, by the schema, and never compared with its neighbours.
   */
  valid(...path: (string | number)[]): boolean;
  /**
   * Reports a problem at `path` inside the object, worded `expected …, got …`, unless the schema
   * refused that very field already (one message a field). The issue is marked as a rule's
   * (`params.rule`): the field it names is well-formed, so the cross-field checks still read it.
   */
  report(path: FieldPath, message: string): void;
}

/**
 * A rule about one object of the scenario (two of its fields compared, one of two fields,
 * shares of one list summing to 1), as a check of the object's schema: the types, the JSON
 * Schema and validation then come from one place, and the rule sees the validated object, with
 * defaults applied. Rules that compare different parts of the scenario (references, strategies,
 * towers) stay in `src/scenario/checks/`.
 *
 * The rule runs whenever the value is the object (or list) it is on, even when some of its
 * fields are refused, so that every problem of a file is listed at once: it asks
 * `context.valid(field)` before it reads a field's value (a rule about whether a field is
 * written at all needs not ask).
 *
 * @example
 * z.strictObject({ min: share(''), max: share('') }).check(
 *   objectRule((range, context) => {
 *     if (context.valid('min') && context.valid('max') && range.min > range.max) context.report(['max'], `expected a max of at least ${range.min}, got ${range.max}`);
 *   }),
 * );
 */
export function objectRule<Value>(rule: (value: Value, context: RuleContext) => void): z.core.$ZodCheck<Value> {
  return z.superRefine<Value>(
    (value, payload) => {
      const refused = payload.issues.filter((issue) => issue.code !== 'unrecognized_keys').map((issue) => issue.path ?? []);
      rule(value, {
        valid: (...path) => !refused.some((at) => overlaps(at, path)),
        report: (path, message) => {
          if (!refused.some((at) => at.length === path.length && overlaps(at, path))) payload.addIssue({ code: 'custom', path: [...path], message, params: { rule: true } });
        },
      });
    },
    // Not when the value itself is of the wrong type (then the object has no fields to read).
    { when: (payload) => !payload.issues.some((issue) => issue.code === 'invalid_type' && (issue.path ?? []).length === 0) },
  );
}

/** Whether one path lies inside the other (or they are the same). */
function overlaps(a: readonly PropertyKey[], b: readonly PropertyKey[]): boolean {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return false;
  return true;
}
