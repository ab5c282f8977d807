import { InputError, UsageError, type InputIssue } from '../errors.ts';
import { loadScenario, type LoadedScenario } from '../scenario/load-scenario.ts';

/**
 * Collecting bad input before acting: commands gather every problem with their flags and their
 * scenario into one list, then report them all at once.
 */

/** Loads a scenario, adding its problems to `issues` instead of throwing; undefined when it is bad. */
export function loadScenarioInto(file: string, issues: InputIssue[]): LoadedScenario | undefined {
  try {
    return loadScenario(file);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    issues.push(...error.issues);
    return undefined;
  }
}

/** Throws the collected issues, if any: a usage error when only flags are wrong, else an input error. */
export function throwIfIssues(issues: readonly InputIssue[]): void {
  if (issues.length === 0) return;
  throw issues.every((issue) => issue.file === undefined) ? new UsageError(issues) : new InputError(issues);
}

/**
 * Throws the collected issues, if any; otherwise returns `value`, which a valid input always
 * yields (a scenario that did not load left an issue).
 */
export function validOrThrow<Value>(issues: readonly InputIssue[], value: Value | undefined): Value {
  throwIfIssues(issues);
  if (value === undefined) throw new Error('internal error: an input failed without an issue');
  return value;
}
