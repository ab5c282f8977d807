import { existsSync } from 'node:fs';
import { ScenarioError, type InputIssue } from '../errors.ts';
import { checkCalendar } from './checks/check-calendar.ts';
import { checkContracts } from './checks/check-contracts.ts';
import { checkInsurance } from './checks/check-insurance.ts';
import { checkMitigations } from './checks/check-mitigations.ts';
import { checkReferences } from './checks/check-references.ts';
import { describeIssue, scenarioErrorMap, type ScenarioIssue } from './describe-issue.ts';
import { mergeScenarios, pathKey, type MergedValue } from './merge-scenarios.ts';
import type { SourceDocument } from './source-document.ts';
import { strategyLevers, strategyScenarios } from './strategies.ts';
import { checkRiskAppetite } from './checks/check-risk-appetite.ts';
import { compareBearers, listBearers } from './list-bearers.ts';
import { suggestName } from './suggest-name.ts';
import { resolveExtends } from './resolve-extends.ts';
import { scenarioHash } from './scenario-hash.ts';
import { scenarioSchema, type Scenario } from './schema/scenario-schema.ts';

/** A scenario read from disk, validated, with defaults applied. */
export interface LoadedScenario {
  /** The file named by the user. */
  file: string;
  scenario: Scenario;
  /** SHA-256 of the validated scenario's canonical JSON. */
  hash: string;
  /** Every file read: the scenario and the bases it extends. */
  files: string[];
}

/**
 * Loads a scenario: read → resolve `extends` → validate (schema, then references) → hash.
 *
 * With `text`, that text is the scenario and `file` only names it (and anchors a relative `extends`).
 *
 * @throws ScenarioError listing every problem found, each with file, line, column and path.
 */
export function loadScenario(file: string, options: { set?: ScenarioSetting | readonly ScenarioSetting[]; text?: string } = {}): LoadedScenario {
  if (options.text === undefined && !existsSync(file)) throw new ScenarioError([{ file, message: 'expected a scenario file, got no file at this path' }]);
  const resolved = resolveExtends(file, options.text);
  if (Array.isArray(resolved)) throw new ScenarioError(resolved);
  for (const setting of options.set === undefined ? [] : Array.isArray(options.set) ? options.set : [options.set]) applySetting(resolved.merged, setting as ScenarioSetting);
  const { parsed, issues } = validate(resolved.merged.value);
  if (issues.length > 0 || !parsed.success) {
    throw new ScenarioError(sortByPosition(issues.map((issue) => locateIssue(issue, resolved.merged, file))));
  }
  const strategyIssues = validateStrategies(resolved.merged, file);
  if (strategyIssues.length > 0) throw new ScenarioError(sortByPosition(strategyIssues));
  // Bearers are known only once every strategy is a valid scenario: a tolerance may name a strategy's insurer.
  const bearers = [...new Set(strategyScenarios(parsed.data).flatMap((strategy) => listBearers(strategy.scenario)))].sort(compareBearers);
  const appetiteIssues = checkRiskAppetite(parsed.data, bearers);
  if (appetiteIssues.length > 0) throw new ScenarioError(appetiteIssues.map((issue) => locateIssue(issue, resolved.merged, file)));
  return {
    file,
    scenario: parsed.data,
    hash: scenarioHash(parsed.data),
    files: resolved.sources.map((source) => source.file),
  };
}

/** One field set from the command line (`faultline sweep --set path=value`). */
export interface ScenarioSetting {
  /** Dotted path; a list item is named by its `name` (or index): `insurance.policies.platform-tech-eo.retention`. */
  path: string;
  value: unknown;
}

/**
 * Sets a field of the merged scenario before it is validated, so a bad value is reported like
 * one written in the file. The path must lead through existing objects and named list items;
 * its last step may name a field not written yet.
 */
function applySetting(merged: MergedValue, setting: ScenarioSetting): void {
  const steps = setting.path.split('.');
  const fail = (message: string): never => {
    throw new ScenarioError([{ path: '--set', message: `${setting.path}: ${message}` }]);
  };
  if (steps.some((step) => step === '')) fail('expected a dotted path such as insurance.policies.platform-tech-eo.retention, got an empty step');
  merged.value = JSON.parse(JSON.stringify(merged.value));
  let current: unknown = merged.value;
  const path: (string | number)[] = [];
  steps.forEach((step, index) => {
    const last = index === steps.length - 1;
    if (Array.isArray(current)) {
      const named = current.findIndex((item) => item !== null && typeof item === 'object' && (item as { name?: unknown }).name === step);
      const position = named >= 0 ? named : /^\d+$/.test(step) && Number(step) < current.length ? Number(step) : -1;
      if (position < 0) {
        const names = current.map((item) => (item as { name?: unknown })?.name).filter((name): name is string => typeof name === 'string');
        const suggestion = suggestName(step, names);
        fail(
          `expected the name of an item of ${path.join('.') || 'the scenario'}${names.length > 0 ? ` (${names.join(', ')})` : ''}, got "${step}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
        );
      }
      path.push(position);
      if (last) current[position] = setting.value;
      else current = current[position];
    } else if (current !== null && typeof current === 'object') {
      const record = current as Record<string, unknown>;
      if (last) record[step] = setting.value;
      else if (!(step in record)) {
        const suggestion = suggestName(step, Object.keys(record));
        fail(`expected a field written in ${path.join('.') || 'the scenario'} (${Object.keys(record).join(', ')}), got "${step}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`);
      }
      path.push(step);
      current = record[step];
    } else {
      fail(`expected an object or list at ${path.join('.')}, got ${JSON.stringify(current)}`);
    }
  });
}

/** Validates a merged scenario value: the schema, then the cross-field checks. */
function validate(value: unknown): { parsed: ReturnType<typeof scenarioSchema.safeParse>; issues: ScenarioIssue[] } {
  const parsed = scenarioSchema.safeParse(value, { reportInput: true, error: scenarioErrorMap });
  const schemaIssues = parsed.success ? [] : parsed.error.issues.flatMap(describeIssue);
  // A field the schema already rejects (say, a malformed bearer) is not also a broken reference;
  // a rule's issue (about well-formed fields) rejects none.
  const rejected = new Set(schemaIssues.filter((issue) => !issue.rule).map((issue) => pathKey(issue.path)));
  const crossFieldIssues = [checkReferences, checkCalendar, checkContracts, checkInsurance, checkMitigations].flatMap((check) => check(value)).filter((issue) => !rejected.has(pathKey(issue.path)));
  return { parsed, issues: [...schemaIssues, ...crossFieldIssues] };
}

/**
 * Validates each strategy as the whole scenario it makes: its levers merged over the scenario
 * (as `extends` merges a variant), then the schema and every cross-field check. A problem is
 * located where its value is written, in the strategy or in the scenario, and named with the
 * strategy: `strategies[1] (more-cover): insurance.layers[2].attachment: …`.
 */
function validateStrategies(merged: MergedValue, file: string): InputIssue[] {
  const scenario = merged.value as Record<string, unknown>;
  const strategies = Array.isArray(scenario.strategies) ? (scenario.strategies as Record<string, unknown>[]) : [];
  if (strategies.length === 0) return [];
  const base: MergedValue = { value: { ...scenario, strategies: [] }, origins: merged.origins };
  const issues: InputIssue[] = [];
  const seen = new Map<unknown, number>();
  strategies.forEach((strategy, index) => {
    const origin = merged.origins.get(pathKey(['strategies', index]));
    if (!origin) return;
    if (seen.has(strategy.name)) {
      const issue = {
        path: ['strategies', index, 'name'],
        message: `expected a strategy name not used before, got ${JSON.stringify(strategy.name)} again (first in strategies[${seen.get(strategy.name)}])`,
      };
      issues.push(locateIssue(issue, merged, file));
      return;
    }
    seen.set(strategy.name, index);
    const overlay: SourceDocument = {
      file: origin.source.file,
      value: strategyLevers(strategy),
      locate: (path, key) => origin.source.locate([...origin.path, ...path], key),
    };
    const variant = mergeScenarios(base, overlay);
    // A strategy merged across `extends` has fields from several files: point each field of the
    // overlay at the file and place it was written in.
    for (const [key, at] of variant.origins) {
      if (at.source !== overlay) continue;
      const written = merged.origins.get(pathKey(['strategies', index, ...at.path]));
      if (written) variant.origins.set(key, written);
    }
    const name = `strategies[${index}] (${String(strategy.name)})`;
    for (const issue of validate(variant.value).issues) {
      const located = locateIssue(issue, variant, file);
      issues.push({ ...located, path: located.path ? `${name}: ${located.path}` : name });
    }
  });
  return issues;
}

/** Finds the file, line and column of an issue from the origins of the merged value. */
function locateIssue(issue: ScenarioIssue, merged: MergedValue, file: string): InputIssue {
  const path = formatPath(issue.path);
  for (let length = issue.path.length; length >= 0; length--) {
    const origin = merged.origins.get(pathKey(issue.path.slice(0, length)));
    if (!origin) continue;
    // An unknown field points at its key; anything else at its value, or at the nearest
    // ancestor that exists (a missing field points at the object that lacks it).
    const atKey = length === issue.path.length && issue.atKey === true;
    const position = origin.source.locate(origin.path, atKey);
    return { file: origin.source.file, ...position, path, message: issue.message };
  }
  return { file, path, message: issue.message };
}

/** Formats a field path as `incidents[0].loss.p95`. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((text, step) => (typeof step === 'number' ? `${text}[${step}]` : text ? `${text}.${step}` : step), '');
}

/** Orders issues as a reader meets them: by file (in order of first mention), line, column. */
function sortByPosition(issues: InputIssue[]): InputIssue[] {
  const fileOrder = new Map<string | undefined, number>();
  for (const issue of issues) if (!fileOrder.has(issue.file)) fileOrder.set(issue.file, fileOrder.size);
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort((a, b) => fileOrder.get(a.issue.file)! - fileOrder.get(b.issue.file)! || (a.issue.line ?? 0) - (b.issue.line ?? 0) || (a.issue.column ?? 0) - (b.issue.column ?? 0) || a.index - b.index)
    .map(({ issue }) => issue);
}
