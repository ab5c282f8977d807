import type { MarketModel, VendorModel } from '../market/market-model.ts';
import type { RandomStream } from '../random/random-stream.ts';
import { createSeveritySampler } from '../random/sample-severity.ts';
import { generatorKey } from '../random/trial-random.ts';
import type { Scenario } from '../scenario/schema/scenario-schema.ts';
import type { Negligence } from '../scenario/schema/liability-schema.ts';

/** A dispute channel ready to draw from. */
export interface DisputeChannel {
  name: 'negotiation' | 'arbitration' | 'litigation';
  probability: number;
  settlement: ((random: RandomStream) => number) | undefined;
  claimantCosts: ((random: RandomStream) => number) | undefined;
  defendantCosts: ((random: RandomStream) => number) | undefined;
}

/** The platform's terms with one processor, compiled. */
export interface ProcessorTerms {
  monthlyFees: number;
  slaTiers: { below: number; credit: number }[];
  indemnityCap: number;
}

/** Everything the liability stage reads, compiled once per worker. */
export interface LiabilityModel {
  negligence: Negligence;
  /** Security posture of the platform (after mitigations); others default to 0.5. */
  platformPosture: number;
  sellerTerms: Scenario['contracts']['seller_terms'];
  processorTerms: Map<string, ProcessorTerms>;
  /** Vendors by bearer (`vendor:<name>`): their terms, solvency and posture. */
  vendors: Map<string, VendorModel>;
  channels: DisputeChannel[];
  /** Key of each incident definition's and injection's liability generators, by name. */
  generatorKeys: Map<string, number>;
}

/** The posture assumed for sellers and processors, whose own security the scenario does not describe. */
export const DEFAULT_PARTY_POSTURE = 0.5;

/** Compiles the contracts, negligence and dispute sections. */
export function compileLiability(scenario: Scenario, market: MarketModel | undefined): LiabilityModel {
  const sampler = (spec: Parameters<typeof createSeveritySampler>[0] | undefined) => (spec ? createSeveritySampler(spec) : undefined);
  const channel = (name: DisputeChannel['name']): DisputeChannel => {
    const spec = scenario.dispute[name];
    return {
      name,
      probability: spec.probability,
      settlement: sampler(spec.settlement),
      claimantCosts: sampler(spec.claimant_costs),
      defendantCosts: sampler(spec.defendant_costs),
    };
  };
  return {
    negligence: scenario.negligence,
    platformPosture: market?.securityPosture ?? DEFAULT_PARTY_POSTURE,
    sellerTerms: scenario.contracts.seller_terms,
    processorTerms: new Map(
      scenario.contracts.processor_terms.map((terms) => [
        terms.processor,
        { monthlyFees: terms.monthly_fees, slaTiers: terms.sla_tiers, indemnityCap: terms.indemnity_cap },
      ]),
    ),
    vendors: new Map([...(market?.vendors.values() ?? [])].map((vendor) => [vendor.bearer, vendor])),
    channels: [channel('negotiation'), channel('arbitration'), channel('litigation')],
    generatorKeys: new Map([...scenario.incidents, ...scenario.inject].map(({ name }) => [name, generatorKey(`liability:${name}`)])),
  };
}
