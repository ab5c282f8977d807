/**
 * The error hierarchy: bad input (exit 2) versus a broken run (exit 1).
 *
 * Errors are data first: an `InputIssue` names where and what; `formatInputIssue` renders the one
 * line the CLI prints, `file:line:col: path: expected …, got …`.
 */

/** One problem with a scenario file, a flag or another input, with its position when known. */
export interface InputIssue {
  /** The file the problem is in, as the user named it; absent for command-line flags. */
  file?: string;
  /** 1-based line of the offending node. */
  line?: number;
  /** 1-based column of the offending node. */
  column?: number;
  /** Field path, e.g. `incidents[0].loss.p95`, or a flag such as `--trials`. */
  path?: string;
  /** What was expected and what was found: `expected …, got …`. */
  message: string;
}

/** Bad input: one or more issues, all reported; the CLI exits with code 2. */
export class InputError extends Error {
  readonly issues: readonly InputIssue[];

  constructor(issues: readonly InputIssue[]) {
    super(issues.map(formatInputIssue).join('\n'));
    this.name = 'InputError';
    this.issues = issues;
  }
}

/** A scenario file (or one it extends) that does not parse or validate. */
export class ScenarioError extends InputError {
  override readonly name = 'ScenarioError';
}

/** A command-line flag or argument that is out of range or malformed. */
export class UsageError extends InputError {
  override readonly name = 'UsageError';
}

/** A broken invariant or failure while simulating or writing: the CLI exits with code 1. */
export class SimulationError extends Error {
  override readonly name = 'SimulationError';
}

/**
 * A loss that came out Infinity or NaN while simulating: the scenario's numbers are too large to
 * add up. Bad input (exit 2), located by the scenario field of the incident (`issue.path`); the
 * message adds the trial, strategy and stage.
 */
export class NonFiniteLoss extends SimulationError {
  constructor(
    message: string,
    readonly issue: InputIssue,
  ) {
    super(message);
  }
}

/**
 * A command that did part of its work and has already reported what failed (a batch with a
 * broken scenario): the CLI prints the message and exits with `exitCode` (1, or 2 when every
 * failure was bad input).
 */
export class PartialFailure extends Error {
  override readonly name = 'PartialFailure';

  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

/** Renders an issue as `file:line:col: path: message`, leaving out the parts that are unknown. */
export function formatInputIssue(issue: InputIssue): string {
  let where = '';
  if (issue.file !== undefined) {
    where = issue.file;
    if (issue.line !== undefined) where += `:${issue.line}:${issue.column ?? 1}`;
    where += ': ';
  }
  const path = issue.path ? `${issue.path}: ` : '';
  return `${where}${path}${issue.message}`;
}
