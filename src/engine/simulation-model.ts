import { compileIncidents, type CompiledIncidents } from '../incidents/compile-incidents.ts';
import { mitigatedPosture } from '../incidents/mitigation-effects.ts';
import { compileMarket, type MarketModel } from '../market/market-model.ts';
import { compileLiability, type LiabilityModel } from '../liability/liability-model.ts';
import { createPolicyYear, type PolicyYear } from '../market/market-exposure.ts';
import { seedKey } from '../random/trial-random.ts';
import type { Scenario } from '../scenario/schema/scenario-schema.ts';
import { listBearers } from '../ledger/list-bearers.ts';
import { compileInsurance, type InsuranceProgram } from '../insurance/insurance-program.ts';

/** A scenario compiled for simulation: samplers built, names indexed. Built once per worker. */
export interface SimulationModel {
  scenario: Scenario;
  /** Numeric key of the run's seed. */
  seed: number;
  year: PolicyYear;
  /** Strategy names; index 0 is the baseline. */
  strategies: string[];
  /** Bearers reported, in report order; ledger arrays are indexed by position here. */
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
}

/** Compiles a validated scenario and a seed into the model every stage reads. */
export function compileModel(scenario: Scenario, seed: number | string): SimulationModel {
  const key = seedKey(seed);
  const market = scenario.market ? compileMarket(scenario.market, scenario.start) : undefined;
  if (market) market.securityPosture = mitigatedPosture(market.securityPosture, scenario.mitigations);
  const bearers = listBearers(scenario);
  return {
    scenario,
    seed: key,
    year: createPolicyYear(scenario.start),
    strategies: ['baseline'],
    bearers,
    bearerIndex: new Map(bearers.map((bearer, index) => [bearer, index])),
    ...(market ? { market } : {}),
    incidents: compileIncidents(scenario, key, market),
    liability: compileLiability(scenario, market),
    insurance: compileInsurance(scenario, market),
    mitigationCosts: new Map(scenario.mitigations.filter((m) => m.enabled).map((m) => [m.name, m.annual_cost])),
  };
}
