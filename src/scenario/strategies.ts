import { mergeScenarios, type MergedValue } from './merge-scenarios.ts';
import type { SourceDocument } from './source-document.ts';
import { scenarioSchema, type Scenario } from './schema/scenario-schema.ts';
import type { StrategyDefinition } from './schema/strategy-schema.ts';

/** One strategy of a run: its name and the scenario it simulates. */
export interface StrategyScenario {
  name: string;
  scenario: Scenario;
}

/** The name of the scenario as written, always strategy 0. */
export const BASELINE = 'baseline';

/**
 * The strategies of a validated scenario: the baseline (the scenario as written), then each
 * strategy's overlay merged over it as `extends` merges a variant and parsed again.
 *
 * The loader has validated every merged strategy with source positions; a strategy that fails
 * here is a program error.
 */
export function strategyScenarios(scenario: Scenario): StrategyScenario[] {
  const base: Scenario = { ...scenario, strategies: [] };
  return [{ name: BASELINE, scenario: base }, ...scenario.strategies.map((strategy) => ({ name: strategy.name, scenario: scenarioSchema.parse(overlayValue(base, strategy)) }))];
}

/** The overlay of a strategy: the levers it sets, as a scenario fragment. */
export function strategyLevers(strategy: Record<string, unknown>): Record<string, unknown> {
  const levers: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(strategy)) if (key !== 'name' && key !== 'description') levers[key] = value;
  return levers;
}

/** Merges a strategy's levers over a base scenario value (plain values, no positions). */
function overlayValue(base: Scenario, strategy: StrategyDefinition): unknown {
  const merged: MergedValue = { value: JSON.parse(JSON.stringify(base)), origins: new Map() };
  const overlay: SourceDocument = { file: '', value: strategyLevers(strategy), locate: () => undefined };
  return mergeScenarios(merged, overlay).value;
}
