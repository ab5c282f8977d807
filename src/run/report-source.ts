import type { ScenarioIdentity } from '../report/run-manifest.ts';
import type { LoadedScenario } from '../scenario/load-scenario.ts';
import { strategyScenarios, type StrategyScenario } from '../scenario/strategies.ts';
import type { RiskAppetite } from '../stats/compare-strategies.ts';

/** What a report says of the scenario it simulated: run.json's identity, and the strategies to explain a year with. */
export interface ReportSource {
  scenario: ScenarioIdentity;
  currency: string;
  strategies: StrategyScenario[];
}

/** The report source of a scenario loaded from files. */
export function reportSource(loaded: LoadedScenario): ReportSource {
  const { scenario } = loaded;
  return {
    scenario: {
      name: scenario.name,
      ...(scenario.description !== undefined ? { description: scenario.description } : {}),
      file: loaded.file,
      hash: loaded.hash,
      files: loaded.files,
    },
    currency: scenario.currency,
    strategies: strategyScenarios(scenario),
  };
}

/** The risk appetite of a run: the scenario's `risk_tolerance` and `cost_of_capital` (strategies cannot change them). */
export function riskAppetite(source: ReportSource): RiskAppetite {
  const scenario = source.strategies[0]?.scenario;
  return {
    ...(scenario?.risk_tolerance ? { risk_tolerance: scenario.risk_tolerance } : {}),
    ...(scenario?.cost_of_capital ? { cost_of_capital: scenario.cost_of_capital } : {}),
  };
}
