import type { z } from 'zod';
import { describeInput, quoteText } from './schema/describe-input.ts';
import { suggestByWords, suggestName } from './suggest-name.ts';

/**
 * All the wording of validation messages: zod issues become `expected …, got …` text.
 *
 * Messages written by the schema itself (custom checks) already read that way and are kept.
 */

/** A validation issue ready to be located: a path in the merged scenario and its message. */
export interface ScenarioIssue {
  path: (string | number)[];
  /** True when the position should be that of the key (an unknown field), not its value. */
  atKey?: boolean;
  /** True for a rule's issue about well-formed fields (objectRule), as opposed to a field the schema refuses. */
  rule?: boolean;
  message: string;
}

/** The zod error map used while parsing scenarios: adds "did you mean" to unknown fields. */
export function scenarioErrorMap(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'unrecognized_keys') {
    // An object knows its shape's keys; a record keyed by an enum (e.g. causes) knows the enum's.
    const def = (issue.inst as { _zod?: { def?: { shape?: Record<string, unknown>; keyType?: { options?: unknown[] } } } } | undefined)?._zod?.def;
    const known = def?.shape ? Object.keys(def.shape).filter((key) => key !== '$schema') : (def?.keyType?.options ?? []).map(String);
    return JSON.stringify(known);
  }
  return undefined;
}

/** Turns one zod issue (parsed with `scenarioErrorMap` and `reportInput`) into scenario issues. */
export function describeIssue(issue: z.core.$ZodIssue): ScenarioIssue[] {
  const path = issue.path.map((step) => (typeof step === 'symbol' ? String(step) : step));
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = parseKnown(issue.message);
      return issue.keys.map((key) => {
        const suggestion = suggestName(key, known) ?? suggestByWords(key, known);
        const hint = suggestion ? `did you mean "${suggestion}"?` : `known fields: ${known.join(', ')}`;
        return { path: [...path, key], atKey: true, message: `expected a known field (${hint}), got unknown field ${quoteText(key)}` };
      });
    }
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      const discriminator = (issue as { discriminator?: string }).discriminator;
      if (options && discriminator) {
        const got = (issue.input as Record<string, unknown> | undefined)?.[discriminator];
        const names = options.map(String);
        const suggestion = typeof got === 'string' ? suggestName(got, names) : undefined;
        const hint = suggestion ? ` (did you mean "${suggestion}"?)` : '';
        const endsAtDiscriminator = path[path.length - 1] === discriminator;
        return [
          {
            path: endsAtDiscriminator || got === undefined ? path : [...path, discriminator],
            message: `expected ${discriminator} to be one of ${names.join(', ')}, got ${describeValue(got)}${hint}`,
          },
        ];
      }
      const matching = matchingBranch(issue);
      if (matching) return matching.flatMap((inner) => describeIssue({ ...inner, path: [...issue.path, ...inner.path] }));
      return [{ path, message: issue.message.startsWith('expected') ? issue.message : `expected ${describeUnion(issue)}, got ${describeValue(issue.input)}` }];
    }
    case 'custom':
      return [{ path, message: issue.message.startsWith('expected ') ? issue.message : describeBuiltIn(issue), ...(issue.params?.rule === true ? { rule: true } : {}) }];
    default:
      return [{ path, message: issue.message.startsWith('expected ') ? issue.message : describeBuiltIn(issue) }];
  }
}

function describeBuiltIn(issue: z.core.$ZodIssue): string {
  const got = describeValue(issue.input);
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${article(issue.expected)}, got ${got}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `expected at least ${issue.minimum} item${Number(issue.minimum) === 1 ? '' : 's'}, got ${Array.isArray(issue.input) ? issue.input.length : got}`
        : issue.origin === 'string'
          ? `expected text of at least ${issue.minimum} character${Number(issue.minimum) === 1 ? '' : 's'}, got ${got}`
          : `expected a number ${issue.inclusive ? '≥' : '>'} ${issue.minimum}, got ${got}`;
    case 'too_big':
      return issue.origin === 'array'
        ? `expected at most ${issue.maximum} items, got ${Array.isArray(issue.input) ? issue.input.length : got}`
        : issue.origin === 'string'
          ? `expected text of at most ${Number(issue.maximum).toLocaleString('en-US')} characters, got ${typeof issue.input === 'string' ? `${issue.input.length.toLocaleString('en-US')} characters` : got}`
          : `expected a number ${issue.inclusive ? '≤' : '<'} ${issue.maximum}, got ${got}`;
    case 'invalid_value': {
      const values = issue.values.map(String);
      const suggestion = typeof issue.input === 'string' ? (suggestName(issue.input, values) ?? suggestByWords(issue.input, values)) : undefined;
      return `expected one of ${values.join(', ')}, got ${got}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`;
    }
    case 'invalid_format':
      return `expected ${issue.format === 'regex' ? `text matching ${(issue as { pattern?: string }).pattern}` : issue.format}, got ${got}`;
    case 'not_multiple_of':
      return `expected a multiple of ${issue.divisor}, got ${got}`;
    default:
      return `expected a valid value, got ${got} (${issue.message})`;
  }
}

/**
 * The issues of the one branch of a union that takes a number or an object (a plain constant or a
 * distribution object) whose form the input has: when every other branch rejects the input's type
 * outright, the input meant that branch, and its own issues say what is wrong.
 */
function matchingBranch(issue: z.core.$ZodIssueInvalidUnion): z.core.$ZodIssue[] | undefined {
  const input = issue.input;
  if (typeof input !== 'number' && (input === null || typeof input !== 'object' || Array.isArray(input))) return undefined;
  const given = typeof input === 'number' ? 'number' : 'object';
  // `int` is zod's invalid_type for a fractional number: the type is right, the value is not.
  const rejectsType = (errors: z.core.$ZodIssue[]) =>
    errors.length > 0 && errors.every((inner) => inner.code === 'invalid_type' && inner.path.length === 0 && inner.expected !== given && !(given === 'number' && inner.expected === 'int'));
  const others = issue.errors.filter((errors) => !rejectsType(errors));
  return others.length === 1 ? others[0] : undefined;
}

function describeUnion(issue: z.core.$ZodIssueInvalidUnion): string {
  const expected = issue.errors.flatMap((errors) => errors.filter((e) => e.code === 'invalid_type').map((e) => (e as { expected: string }).expected));
  return expected.length > 0 ? [...new Set(expected)].map(article).join(' or ') : 'one of the allowed forms';
}

/** Describes a found value for a message: quoted text (cut when long), numbers as written, "nothing" for missing. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return describeInput(value);
}

function article(type: string): string {
  const words: Record<string, string> = {
    int: 'a whole number',
    number: 'a number',
    string: 'text',
    object: 'an object (a mapping of fields)',
    array: 'a list',
    boolean: 'true or false',
  };
  return words[type] ?? `a value of type ${type}`;
}

function parseKnown(message: string): string[] {
  try {
    const known = JSON.parse(message) as unknown;
    return Array.isArray(known) ? known.map(String) : [];
  } catch {
    return [];
  }
}
