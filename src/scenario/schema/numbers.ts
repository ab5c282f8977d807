import { z } from 'zod';
import { describeInput } from './describe-input.ts';

/**
 * Numbers of the scenario language and their bounds, chosen so that every result of a run is
 * finite and every exact sum stays exact (scenarios/README.md, "Limits"):
 *
 * - The ledger sums money as whole numbers of 1/10,000 of a currency unit, in float parts that
 *   hold 2^79 ≈ 6 × 10^23 units (6 × 10^19 currency units) per chunk of trials and cell before
 *   they could round. An amount of at most 10^13 (ten trillion; the yearly GMV of the largest
 *   marketplaces is below 10^12 dollars) leaves room for six million of the largest amounts per
 *   chunk and cell, and products of a few bounded factors (orders × order value, records × unit
 *   cost) stay far inside float64's 10^308.
 * - An amount below 1/10,000 of a unit is counted as 0 by the ledger anyway, so a positive
 *   amount must be at least that: a premium or an order value of 10^-320 would turn a loss ratio
 *   or an order count into Infinity.
 */

/** The largest money amount a scenario may write, or a distribution may draw: 10^13 currency units. */
export const MAX_AMOUNT = 1e13;
/** The smallest positive money amount: 1/10,000 of a currency unit, the ledger's quantum. */
export const MIN_POSITIVE_AMOUNT = 1e-4;
/** The largest whole number of people, sellers or other things counted: 10^10. */
export const MAX_COUNT = 1e10;
/** The largest multiplier (demand shape, severity, vector, cause, fine) and records per account. */
export const MAX_MULTIPLIER = 1_000;
/** The largest relative weight of a mix (causes, vectors). */
export const MAX_WEIGHT = 1e6;
/** The largest number of hours or days a term may span (a waiting period, a notice window). */
export const MAX_DURATION = 1e6;

/** A bound as text: powers of ten from 10^7 up as `10^13`, others with thousands separators. */
export function boundText(bound: number): string {
  const power = Math.log10(bound);
  return bound >= 1e7 && Number.isInteger(power) ? `10^${power}` : bound.toLocaleString('en-US');
}

const AMOUNT_RANGE = `An amount: 0, or from ${MIN_POSITIVE_AMOUNT} to ${boundText(MAX_AMOUNT)} currency units.`;

/** The error of a non-number where a number is expected. */
const notANumber = { error: (issue: { input?: unknown }) => `expected a number, got ${describeInput(issue.input)}` };
/** Runs a check only when the checks before it passed, so a value gets one message. */
const onlyIfValid = (payload: { issues: unknown[] }) => payload.issues.length === 0;

/** A money amount: 0, or from 0.0001 to 10^13 currency units. */
export function amount(description: string) {
  return z
    .number(notANumber)
    .nonnegative({ error: (issue) => `expected a number ≥ 0, got ${String(issue.input)}` })
    .max(MAX_AMOUNT, { error: (issue) => `expected an amount of at most ${boundText(MAX_AMOUNT)} currency units, got ${String(issue.input)}` })
    .refine((value) => value === 0 || value >= MIN_POSITIVE_AMOUNT, {
      error: (issue) => `expected 0 or an amount of at least ${MIN_POSITIVE_AMOUNT} (the ledger counts 1/10,000 of a currency unit), got ${String(issue.input)}`,
      when: onlyIfValid,
    })
    .meta({ description: `${description} ${AMOUNT_RANGE}` });
}

/**
 * A money amount above 0, from 0.0001 to 10^13 (`minimum: 0.0001` in JSON Schema): 0 and a
 * negative amount read "above 0". `what` names it in the message: "an amount".
 */
export function positiveAmount(description: string, what = 'an amount') {
  return z
    .number(notANumber)
    .min(MIN_POSITIVE_AMOUNT, {
      error: (issue) =>
        typeof issue.input === 'number' && issue.input > 0
          ? `expected ${what} of at least ${MIN_POSITIVE_AMOUNT} (the ledger counts 1/10,000 of a currency unit), got ${issue.input}`
          : `expected ${what} above 0, got ${String(issue.input)}`,
    })
    .max(MAX_AMOUNT, { error: (issue) => `expected ${what} of at most ${boundText(MAX_AMOUNT)} currency units, got ${String(issue.input)}` })
    .meta({ description: `${description} From ${MIN_POSITIVE_AMOUNT} to ${boundText(MAX_AMOUNT)} currency units.` });
}

/** A number from 0 to `max` with a description, e.g. a multiplier or a duration. */
export function boundedNumber(description: string, max: number, what = 'a number') {
  return z
    .number(notANumber)
    .nonnegative({ error: (issue) => `expected a number ≥ 0, got ${String(issue.input)}` })
    .max(max, { error: (issue) => `expected ${what} of at most ${boundText(max)}, got ${String(issue.input)}` })
    .meta({ description: `${description} From 0 to ${boundText(max)}.` });
}

/** A multiplier from 0 to 1,000 with a description. */
export function multiplier(description: string) {
  return boundedNumber(description, MAX_MULTIPLIER, 'a multiplier');
}

/** A relative weight from 0 to 10^6 with a description. */
export function weight(description: string) {
  return boundedNumber(description, MAX_WEIGHT, 'a weight');
}

/** A share or probability in [0, 1] with a description. */
export function share(description: string) {
  return z
    .number({ error: (issue) => `expected a number from 0 to 1, got ${describeInput(issue.input)}` })
    .min(0, { error: (issue) => `expected a number from 0 to 1, got ${String(issue.input)}` })
    .max(1, { error: (issue) => `expected a number from 0 to 1, got ${String(issue.input)}` })
    .meta({ description });
}

/** A whole number from 0 to `max` (default 10^10) with a description. */
export function wholeNumber(description: string, max = MAX_COUNT) {
  return z
    .number({ error: (issue) => `expected a whole number, got ${describeInput(issue.input)}` })
    .int({ error: (issue) => `expected a whole number, got ${String(issue.input)}` })
    .nonnegative({ error: (issue) => `expected a whole number ≥ 0, got ${String(issue.input)}` })
    .max(max, { error: (issue) => `expected a whole number of at most ${boundText(max)}, got ${String(issue.input)}` })
    .meta({ description: `${description} At most ${boundText(max)}.` });
}

/** A list of exactly `length` multipliers from 0 to 1,000. */
export function multipliers(length: number, description: string) {
  return z
    .array(multiplier('A multiplier.'))
    .length(length, {
      error: (issue) => `expected ${length} multipliers, got ${Array.isArray(issue.input) ? issue.input.length : 'something else'}`,
    })
    .meta({ description });
}

/** Relative tolerance within which two amounts are the same (an attachment is a sum and a quotient of others). */
export const AMOUNT_TOLERANCE = 1e-9;

/**
 * An amount with thousands separators, for a message: whole, or with cents and as many more
 * decimals as it takes to be exact within the tolerance (so that an attachment can be copied
 * from the message).
 */
export function amountText(value: number): string {
  for (let digits = 0; digits <= 12; digits = digits === 0 ? 2 : digits + 1) {
    const rounded = Number(value.toFixed(digits));
    if (Math.abs(rounded - value) <= (AMOUNT_TOLERANCE / 2) * Math.abs(value)) {
      return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    }
  }
  return value.toLocaleString('en-US', { maximumFractionDigits: 12 });
}
