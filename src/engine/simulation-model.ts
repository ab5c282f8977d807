import type { Scenario } from '../scenario/schema/scenario-schema.ts';
import { strategyScenarios } from '../scenario/strategies.ts';
import { compileStrategies, type SimulationModel } from './compile-strategies.ts';

export type { SimulationModel } from './compile-strategies.ts';
export { compileStrategies } from './compile-strategies.ts';

/**
 * Compiles a validated scenario and a seed into the models of its strategies and returns the
 * baseline's; `strategyModels` holds them all.
 */
export function compileModel(scenario: Scenario, seed: number | string): SimulationModel {
  return compileStrategies(strategyScenarios(scenario), seed);
}
