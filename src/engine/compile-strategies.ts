import { compileIncidents, type CompiledIncidents } from '../incidents/compile-incidents.ts';
import { mitigatedPosture } from '../incidents/mitigation-effects.ts';
import { compileMarket, type MarketModel } from '../market/market-model.ts';
import { compileLiability, type LiabilityModel } from '../liability/liability-model.ts';
import { createPolicyYear, type PolicyYear } from '../calendar/policy-year.ts';
import { seedKey } from '../random/trial-random.ts';
import type { Scenario } from '../scenario/schema/scenario-schema.ts';
import { compareBearers, listBearers } from '../scenario/list-bearers.ts';
import type { StrategyScenario } from '../scenario/strategies.ts';
import { compileInsurance, type InsuranceProgram } from '../insurance/insurance-program.ts';

/**
 * One strategy of a scenario compiled for simulation: samplers built, names indexed. Built once
 * per worker; every strategy of a run has its own, sharing the run's bearers and strategy names.
 */
export interface SimulationModel {
  /** The scenario this strategy simulates (the baseline: the scenario as written). */
  scenario: Scenario;
  /** Numeric key of the run's seed. */
  seed: number;
  year: PolicyYear;
  /** The run's strategy names; index 0 is the baseline. */
  strategies: string[];
  /** This model's position in `strategies`. */
  strategy: number;
  /** The models of all the run's strategies, by position (this one among them). */
  strategyModels: SimulationModel[];
  /** Bearers reported (over all strategies), in report order; ledger arrays are indexed by position here. */
  bearers: string[];
  bearerIndex: Map<string, number>;
  /** The marketplace, when the scenario has one. */
  market?: MarketModel;
  /** Generators of the incident definitions and injections, and their triggers. */
  incidents: CompiledIncidents;
  /** Contracts, negligence and dispute settings for the liability stage. */
  liability: LiabilityModel;
  /** Policies and layers for the insurance stage. */
  insurance: InsuranceProgram;
  /** Annual cost of the enabled mitigations, by name. */
  mitigationCosts: Map<string, number>;
  /** Who pays each enabled mitigation's annual cost (bearer), by name. */
  mitigationPayers: Map<string, string>;
}

/**
 * Compiles the scenarios of a run's strategies (the baseline first, as `strategyScenarios` gives
 * them) and returns the baseline's model. Workers call this with the strategies the main thread
 * merged, so they never load the scenario language's schema.
 */
export function compileStrategies(variants: readonly StrategyScenario[], seed: number | string): SimulationModel {
  const key = seedKey(seed);
  const bearers = [...new Set(variants.flatMap((variant) => listBearers(variant.scenario)))].sort(compareBearers);
  const bearerIndex = new Map(bearers.map((bearer, index) => [bearer, index]));
  const strategies = variants.map((variant) => variant.name);
  const models: SimulationModel[] = [];
  variants.forEach((variant, index) => {
    const strategy = variant.scenario;
    const market = strategy.market ? compileMarket(strategy.market, strategy.start) : undefined;
    if (market) market.securityPosture = mitigatedPosture(market.securityPosture, strategy.mitigations);
    const enabled = strategy.mitigations.filter((m) => m.enabled);
    models.push({
      scenario: strategy,
      seed: key,
      year: createPolicyYear(strategy.start),
      strategies,
      strategy: index,
      strategyModels: models,
      bearers,
      bearerIndex,
      ...(market ? { market } : {}),
      incidents: compileIncidents(strategy, key, market),
      liability: compileLiability(strategy, market),
      insurance: compileInsurance(strategy, market),
      mitigationCosts: new Map(enabled.map((m) => [m.name, m.annual_cost])),
      mitigationPayers: new Map(enabled.map((m) => [m.name, m.paid_by])),
    });
  });
  return models[0]!;
}
