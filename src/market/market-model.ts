import type { Market } from '../scenario/schema/market-schema.ts';
import type { DataClass } from '../scenario/schema/market-schema.ts';
import { DEFAULT_CLAIM_RATE, DEFAULT_PARTY_POSTURE } from '../scenario/vocabulary.ts';
import { createDemandCurve, type DemandCurve } from './demand-curve.ts';

/** A seller segment as the simulation uses it. */
export interface SegmentModel {
  name: string;
  /** `sellers:<name>`. */
  bearer: string;
  count: number;
  gmvShare: number;
  margin: number;
  /** Fees the whole segment pays the platform per year. */
  annualFees: number;
  solvency: number;
  /** The sellers' security posture in [0, 1], for their negligence finding (default 0.5). */
  securityPosture: number;
}

/** The shares of what buyers could claim that they file (MODEL §13 "Buyers' own loss"). */
export interface BuyerClaimRate {
  /** Of refunds owed for overcharges. */
  refunds: number;
  /** Of losses from a seller's goods. */
  losses: number;
}

/** A vendor as the simulation uses it (MODEL §13). */
export interface VendorModel {
  name: string;
  /** `vendor:<name>`. */
  bearer: string;
  /** `platform` and/or `sellers:<segment>`. */
  licensees: readonly string[];
  /** Fees one licensee (one seller, for a segment) pays per year. */
  annualFees: number;
  /** The liability cap per licensee (one seller, for a segment), in currency units. */
  capPerLicensee: number;
  excludeConsequential: boolean;
  /** The indemnity of the licensee against third parties' claims; absent: none. */
  indemnity: VendorIndemnity | undefined;
  solvency: number;
  securityPosture: number;
}

/** A vendor's indemnity of its licensee, compiled. */
export interface VendorIndemnity {
  /** The cap per licensee (one seller, for a segment), in currency units; Infinity when uncapped. */
  capPerLicensee: number;
  /** Whether it pays only when the vendor was found negligent. */
  requiresNegligence: boolean;
}

/** The market compiled for simulation: the demand curve and the parties' economics. */
export interface MarketModel {
  demand: DemandCurve;
  takeRate: number;
  /** Share of GMV the platform sells itself, and its margin on it. */
  firstPartyShare: number;
  firstPartyMargin: number;
  /** Share of GMV the sellers sell: 1 − firstPartyShare. Segments' `gmvShare` are shares of it. */
  sellersShare: number;
  recapture: number;
  averageOrderValue: number;
  accounts: number;
  /** What share of their claims buyers file; absent fields are 1. */
  claimRate: BuyerClaimRate;
  recordsPerAccount: Partial<Record<DataClass, number>>;
  jurisdictions: { eu: number; california: number; other: number };
  segments: SegmentModel[];
  /** Platform turnover per year: given, or commission on the sellers' GMV + its own sales + all sellers' fees. */
  turnover: number;
  securityPosture: number;
  processors: Map<string, { bearer: string; dataClasses: DataClass[] }>;
  vendors: Map<string, VendorModel>;
}

/** Compiles a validated market section for a policy year starting on `start`. */
export function compileMarket(market: Market, start: string): MarketModel {
  const segments = market.sellers.map((segment) => ({
    name: segment.name,
    bearer: `sellers:${segment.name}`,
    count: segment.count,
    gmvShare: segment.gmv_share,
    margin: segment.margin,
    annualFees: segment.count * segment.annual_fees,
    solvency: segment.solvency,
    securityPosture: segment.security_posture ?? DEFAULT_PARTY_POSTURE,
  }));
  const fees = segments.reduce((total, segment) => total + segment.annualFees, 0);
  const firstPartyShare = market.first_party_share;
  const sellersShare = 1 - firstPartyShare;
  return {
    demand: createDemandCurve(start, market.gmv, market.seasonality),
    takeRate: market.take_rate,
    firstPartyShare,
    firstPartyMargin: market.first_party_margin,
    sellersShare,
    recapture: market.recapture,
    averageOrderValue: market.average_order_value,
    accounts: market.buyers.accounts,
    claimRate: {
      refunds: market.buyers.claim_rate?.refunds ?? DEFAULT_CLAIM_RATE,
      losses: market.buyers.claim_rate?.losses ?? DEFAULT_CLAIM_RATE,
    },
    recordsPerAccount: market.buyers.records_per_account,
    jurisdictions: market.buyers.jurisdictions,
    segments,
    turnover: market.platform.annual_turnover ?? market.gmv * (sellersShare * market.take_rate + firstPartyShare) + fees,
    securityPosture: market.platform.security_posture,
    processors: new Map(market.platform.processors.map((processor) => [processor.name, { bearer: `processor:${processor.name}`, dataClasses: processor.data_classes }])),
    vendors: new Map(
      market.vendors.map((vendor) => [
        vendor.name,
        {
          name: vendor.name,
          bearer: `vendor:${vendor.name}`,
          licensees: vendor.licensed_by,
          annualFees: vendor.annual_fees,
          capPerLicensee: vendor.liability_cap_amount ?? vendor.liability_cap_fees * vendor.annual_fees,
          excludeConsequential: vendor.exclude_consequential,
          indemnity: vendor.indemnity && {
            capPerLicensee: vendor.indemnity.cap_amount ?? (vendor.indemnity.cap_fees === undefined ? Infinity : vendor.indemnity.cap_fees * vendor.annual_fees),
            requiresNegligence: vendor.indemnity.requires_negligence,
          },
          solvency: vendor.solvency,
          securityPosture: vendor.security_posture,
        },
      ]),
    ),
  };
}
