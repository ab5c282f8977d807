import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { ScenarioError, type InputIssue } from '../../src/errors.ts';
import { loadScenario } from '../../src/scenario/load-scenario.ts';

/** Absolute path of a fixture scenario under test/fixtures/scenarios/. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/scenarios/${name}`, import.meta.url));
}

/** The issues `loadScenario` throws for a file; fails the test when it loads or throws anything else. */
export function issuesOf(file: string): InputIssue[] {
  try {
    loadScenario(file);
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return [...(error as ScenarioError).issues];
  }
  throw new Error(`expected ${file} to be rejected, but it loaded`);
}
