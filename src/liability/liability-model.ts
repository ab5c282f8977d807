import type { NegligenceModel } from '../incidents/negligence.ts';
import type { BuyerClaimRate, MarketModel, VendorModel } from '../market/market-model.ts';
import type { RandomStream } from '../random/random-stream.ts';
import { createSeveritySampler } from '../random/sample-severity.ts';
import { severityMean } from '../random/severity-mean.ts';
import { generatorKey } from '../random/trial-random.ts';
import type { Scenario } from '../scenario/schema/scenario-schema.ts';
import { DEFAULT_PARTY_POSTURE, DEFAULT_PURSUIT, type PursuitPolicy } from '../scenario/vocabulary.ts';

/** A dispute channel ready to draw from. */
export interface DisputeChannel {
  name: 'negotiation' | 'arbitration' | 'litigation';
  probability: number;
  settlement: ((random: RandomStream) => number) | undefined;
  claimantCosts: ((random: RandomStream) => number) | undefined;
  defendantCosts: ((random: RandomStream) => number) | undefined;
  /** How both sides' drawn costs grow with the amount in dispute A: × (A / referenceAmount)^exponent; absent: × 1. */
  costsScale: CostsScale | undefined;
  /** The expected settlement share (the mean of `settlement` clamped to [0, 1]; 1 without one). */
  expectedShare: number;
  /** The claimant's expected drawn legal costs, before scaling (0 without them). */
  expectedClaimantCosts: number;
}

/** A channel's legal-cost elasticity with the amount in dispute. */
export interface CostsScale {
  referenceAmount: number;
  exponent: number;
}

/** The factor (amount in dispute / n0)^b of a channel's legal costs; 1 without a scale. */
export function costsFactor(scale: CostsScale | undefined, amountInDispute: number): number {
  return scale ? Math.pow(amountInDispute / scale.referenceAmount, scale.exponent) : 1;
}

/** The platform's terms with one processor, compiled. */
export interface ProcessorTerms {
  monthlyFees: number;
  slaTiers: { below: number; credit: number }[];
  indemnityCap: number;
}

/** Everything the liability stage reads, compiled once per worker. */
export interface LiabilityModel extends NegligenceModel {
  sellerTerms: Scenario['contracts']['seller_terms'];
  processorTerms: Map<string, ProcessorTerms>;
  /** What share of their claims buyers file (all of them without `market.buyers.claim_rate`). */
  claimRate: BuyerClaimRate;
  /** Vendors by bearer (`vendor:<name>`): their terms, solvency and posture. */
  vendors: Map<string, VendorModel>;
  channels: DisputeChannel[];
  /** Whether claimants contest every claim (`always`) or drop those not worth their costs (`rational`). */
  pursuit: PursuitPolicy;
  /** Whether claims are booked at the end of the incident: when costs scale or pursuit is rational. */
  deferClaims: boolean;
  /** Key of each incident definition's and injection's liability generators, by name. */
  generatorKeys: Map<string, number>;
}

/** Compiles the contracts, negligence and dispute sections. */
export function compileLiability(scenario: Scenario, market: MarketModel | undefined): LiabilityModel {
  const sampler = (spec: Parameters<typeof createSeveritySampler>[0] | undefined) => (spec ? createSeveritySampler(spec) : undefined);
  const channel = (name: DisputeChannel['name']): DisputeChannel => {
    const spec = scenario.dispute[name];
    const scaled = spec.costs_reference_amount !== undefined && spec.costs_exponent !== undefined;
    return {
      name,
      probability: spec.probability,
      settlement: sampler(spec.settlement),
      claimantCosts: sampler(spec.claimant_costs),
      defendantCosts: sampler(spec.defendant_costs),
      costsScale: scaled ? { referenceAmount: spec.costs_reference_amount!, exponent: spec.costs_exponent! } : undefined,
      expectedShare: spec.settlement ? Math.min(1, Math.max(0, severityMean(spec.settlement))) : 1,
      expectedClaimantCosts: spec.claimant_costs ? Math.max(0, severityMean(spec.claimant_costs)) : 0,
    };
  };
  const channels = [channel('negotiation'), channel('arbitration'), channel('litigation')];
  const pursuit = scenario.dispute.pursuit ?? DEFAULT_PURSUIT;
  return {
    negligence: scenario.negligence,
    platformPosture: market?.securityPosture ?? DEFAULT_PARTY_POSTURE,
    sellerTerms: scenario.contracts.seller_terms,
    processorTerms: new Map(scenario.contracts.processor_terms.map((terms) => [terms.processor, { monthlyFees: terms.monthly_fees, slaTiers: terms.sla_tiers, indemnityCap: terms.indemnity_cap }])),
    sellerPostures: sellerPostures(market),
    claimRate: market?.claimRate ?? { refunds: 1, losses: 1 },
    vendors: new Map([...(market?.vendors.values() ?? [])].map((vendor) => [vendor.bearer, vendor])),
    channels,
    pursuit,
    deferClaims: pursuit === 'rational' || channels.some((c) => c.costsScale !== undefined),
    generatorKeys: new Map([...scenario.incidents, ...scenario.inject].map(({ name }) => [name, generatorKey(`liability:${name}`)])),
  };
}

/** Each segment's posture by bearer, and `sellers`' (all segments): the common one, or the GMV-weighted mean. */
function sellerPostures(market: MarketModel | undefined): Map<string, number> {
  const segments = market?.segments ?? [];
  const postures = new Map(segments.map((segment) => [segment.bearer, segment.securityPosture]));
  if (segments.length > 0) {
    const common = segments.every((segment) => segment.securityPosture === segments[0]!.securityPosture);
    const weighted = segments.reduce((total, segment) => total + segment.gmvShare * segment.securityPosture, 0) / segments.reduce((total, segment) => total + segment.gmvShare, 0);
    postures.set('sellers', common ? segments[0]!.securityPosture : weighted);
  }
  return postures;
}
