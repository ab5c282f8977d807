import type { IncidentGenerator } from '../incidents/incident-generator.ts';
import { compileLossEvent } from '../incidents/loss-event.ts';
import { createPolicyYear, type PolicyYear } from '../market/market-exposure.ts';
import { seedKey } from '../random/trial-random.ts';
import type { Scenario } from '../scenario/schema/scenario-schema.ts';
import { listBearers } from '../ledger/list-bearers.ts';

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
  /** One generator per incident definition, in scenario order. */
  incidentGenerators: IncidentGenerator[];
}

/** Compiles a validated scenario and a seed into the model every stage reads. */
export function compileModel(scenario: Scenario, seed: number | string): SimulationModel {
  const key = seedKey(seed);
  const bearers = listBearers(scenario);
  return {
    scenario,
    seed: key,
    year: createPolicyYear(scenario.start),
    strategies: ['baseline'],
    bearers,
    bearerIndex: new Map(bearers.map((bearer, index) => [bearer, index])),
    incidentGenerators: scenario.incidents.map((definition, index) => compileLossEvent(definition, index, key)),
  };
}
