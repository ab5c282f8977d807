import type { Scenario } from '../scenario/schema/scenario-schema.ts';
import { BASELINE } from '../scenario/strategies.ts';

/** The strategy names of a scenario, the baseline first: the names a run's `--baseline` (or `baseline` option) chooses from. */
export function strategyNames(scenario: Scenario): string[] {
  return [BASELINE, ...scenario.strategies.map((strategy) => strategy.name)];
}
