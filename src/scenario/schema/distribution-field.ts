import { z } from 'zod';
import { describeInput } from './describe-input.ts';
import { COUNT_KINDS, countDistributionSchema, finiteNumber, MAX_DRAW, MAX_EVENTS_PER_YEAR, SEVERITY_KINDS, severityDistributionSchema, type SeverityDistribution } from './distribution-schema.ts';
import { boundText } from './numbers.ts';

/**
 * The fields that take a distribution (MODEL §4): a severity field (`severitySchema`) or a count
 * field (`countSchema`), each a distribution object or a plain number, with the range a constant
 * of the quantity must lie in and, for some fields, the lowest value they may write.
 */

/**
 * The values a quantity can take, which a constant of it must lie in: `min` to `max` (default
 * no upper bound but ±10^13). A drawn distribution is clamped to the field's range instead, as
 * the field's description says; only a value written as the constant is refused outside it.
 */
export interface QuantityRange {
  min: number;
  max?: number;
}

/** Amounts, durations, counts of records or orders, multipliers: at least 0. */
export const NON_NEGATIVE: QuantityRange = { min: 0 };
/** Shares and probabilities: 0 to 1. */
export const SHARE_RANGE: QuantityRange = { min: 0, max: 1 };

/** The words of a range in a message: `a number ≥ 0`, `a number from 0 to 1`. */
function rangeText(range: QuantityRange): string {
  return range.max === undefined ? `a number ≥ ${range.min}` : `a number from ${range.min} to ${range.max}`;
}

/** Checks that a constant (its value as clamped by its own min and max) lies in `range`. */
function checkConstantInRange(range: QuantityRange) {
  return (spec: SeverityDistribution, context: z.RefinementCtx<SeverityDistribution>): void => {
    if (spec.dist !== 'constant') return;
    const drawn = Math.min(Math.max(spec.value, spec.min ?? -Infinity), spec.max ?? Infinity);
    if (drawn < range.min || (range.max !== undefined && drawn > range.max)) {
      const field = spec.min !== undefined && drawn === spec.min ? 'min' : spec.max !== undefined && drawn === spec.max ? 'max' : 'value';
      context.addIssue({ code: 'custom', path: [field], input: spec[field], message: `expected ${rangeText(range)}, got ${drawn}` });
    }
  };
}

/**
 * A lower bound a severity field puts on what it writes, refused in the field's own words: the
 * lowest value a distribution writes (`lowest` finds it: a constant's value, a min, the smallest
 * of its values) below `minimum` is an issue at the field that writes it.
 */
export interface SeverityFloor {
  minimum: number;
  /** What the field expects, as its message says it: `an amount ≥ 0 per person (a data subject's own cost)`. */
  expected: string;
  /** Where a distribution writes its lowest value, and that value; undefined when it writes none. */
  lowest: (spec: SeverityDistribution) => { path: (string | number)[]; value: number } | undefined;
}

/**
 * The field that bounds a distribution's draws from below, when it is written: a constant's value
 * (without a min), a min, an empirical distribution's smallest value.
 */
export function lowestWritten(spec: SeverityDistribution): { path: (string | number)[]; value: number } | undefined {
  if (spec.dist === 'constant' && spec.min === undefined) return { path: ['value'], value: spec.value };
  if ('min' in spec && spec.min !== undefined) return { path: ['min'], value: spec.min };
  if (spec.dist !== 'empirical') return undefined;
  let lowest: { path: (string | number)[]; value: number } | undefined;
  spec.values.forEach((value, index) => {
    if (lowest === undefined || value < lowest.value) lowest = { path: ['values', index], value };
  });
  return lowest;
}

/** Checks that the lowest value a distribution writes is at least the floor's minimum. */
function checkFloor(floor: SeverityFloor) {
  return (spec: SeverityDistribution, context: z.RefinementCtx<SeverityDistribution>): void => {
    const lowest = floor.lowest(spec);
    if (lowest && lowest.value < floor.minimum) {
      context.addIssue({ code: 'custom', path: lowest.path, input: lowest.value, message: `expected ${floor.expected}, got ${lowest.value}` });
    }
  };
}

/** A plain number where a distribution goes: the constant, within `range` when given, at least the floor's minimum when given. */
function plainConstant(range: QuantityRange | undefined, floor?: SeverityFloor) {
  const meaning = 'A plain number: a constant, the same as { dist: constant, value: the number }.';
  const number = finiteNumber(meaning);
  if (floor) {
    return number
      .min(floor.minimum, { error: (issue) => `expected ${floor.expected}, got ${String(issue.input)}` })
      .meta({ description: `${meaning} From ${floor.minimum} to ${boundText(MAX_DRAW)}.` });
  }
  if (!range) return number;
  const outside = { error: (issue: { input?: unknown }) => `expected ${rangeText(range)}, got ${describeInput(issue.input)}` };
  const bounded = number.min(range.min, outside);
  const described = { description: `${meaning} ${rangeText(range).replace(/^a number/, 'A number')}.` };
  return (range.max === undefined ? bounded : bounded.max(range.max, outside)).meta(described);
}

/** The error of a value that is neither a number nor a distribution object. */
function numberOrDistributionError(kinds: readonly string[], constant: string) {
  return (issue: { input?: unknown }): string => `expected a number (${constant}) or a distribution object such as { dist: ${kinds[0]}, … }, got ${describeInput(issue.input)}`;
}

/**
 * Schema of a severity field: a distribution object, or a plain number that means the constant
 * (`6` is `{ dist: constant, value: 6 }`, and is parsed to it, so both forms hash alike). With a
 * `range`, a constant outside it is an issue at the field (MODEL §4); with a `floor`, a lowest
 * written value below it, in the field's own words.
 */
export function severitySchema(range?: QuantityRange, floor?: SeverityFloor) {
  const inRange = range ? severityDistributionSchema.superRefine(checkConstantInRange(range)) : severityDistributionSchema;
  const distribution = floor ? inRange.superRefine(checkFloor(floor)) : inRange;
  return z
    .union([plainConstant(range, floor).transform((value) => ({ dist: 'constant' as const, value })), distribution], {
      error: numberOrDistributionError(SEVERITY_KINDS, 'a constant'),
    })
    .meta({ description: 'A continuous distribution chosen by dist, or a plain number: a constant.' });
}

/**
 * Schema of a count field: a count distribution object, or a plain whole number that means the
 * fixed count (`3` is `{ dist: fixed, value: 3 }`, and is parsed to it). A fractional number is
 * not a rate: a rate is `{ dist: poisson, mean: … }`.
 */
export function countSchema() {
  const range = `a whole number of events from 0 to ${MAX_EVENTS_PER_YEAR.toLocaleString('en-US')}`;
  const fractional = {
    abort: true,
    error: (issue: { input?: unknown }) => `expected ${range} (a fixed count; a rate is { dist: poisson, mean: ${describeInput(issue.input)} }), got ${describeInput(issue.input)}`,
  };
  const outside = { abort: true, error: (issue: { input?: unknown }) => `expected ${range} (a fixed count), got ${describeInput(issue.input)}` };
  const fixedCount = z
    .number({ error: (issue) => `expected a finite number, got ${describeInput(issue.input)}` })
    .nonnegative(outside)
    .max(MAX_EVENTS_PER_YEAR, outside)
    .int(fractional)
    .meta({ description: `A plain whole number from 0 to ${MAX_EVENTS_PER_YEAR.toLocaleString('en-US')}: a fixed count, the same as { dist: fixed, value: the number }.` });
  return z
    .union([fixedCount.transform((value) => ({ dist: 'fixed' as const, value })), countDistributionSchema], {
      error: numberOrDistributionError(COUNT_KINDS, 'a fixed count'),
    })
    .meta({ description: 'A distribution of a number of events chosen by dist, or a plain whole number: a fixed count.' });
}
