import type { Allocation } from '../liability/allocation.ts';
import type { CoverageTag } from '../scenario/schema/coverage.ts';

/** Tags that name a liability as such, so they stay the same when the insured pays them to another party. */
const LIABILITY_TAGS: ReadonlySet<CoverageTag> = new Set(['privacy_liability', 'regulatory_fines', 'pci_assessments', 'sla_credits', 'refunds', 'defense_costs']);

/** Trail reasons of obligations that exist only by contract: credits, the indemnity, the buyer guarantee. */
const CONTRACTUAL_REASONS: ReadonlySet<string> = new Set([
  'sla_credit_to_sellers',
  'sla_credit_from_provider',
  'indemnity_claim',
  'vendor_indemnifies_licensee',
  'buyer_guarantee_paid_recovery_failed',
]);

/**
 * The coverage under which the bearer of an allocation claims it from its own insurer.
 *
 * A loss the bearer suffered itself keeps its component's tag (first-party cover: forensics,
 * business interruption, …). What the bearer pays to another party is liability: damages paid to
 * sellers, buyers' losses, an indemnity are `third_party_damages`; refunds, privacy liability,
 * fines, PCI assessments, service credits and defense costs keep their own tags.
 *
 * @example
 * // the platform pays sellers' lost margin (tagged business_interruption for the sellers)
 * insuredCoverage({ bearer: 'platform', component: { sufferer: 'sellers:pro', coverage: 'business_interruption', … }, … }) // 'third_party_damages'
 */
export function insuredCoverage(allocation: Allocation): CoverageTag {
  const { component } = allocation;
  if (allocation.bearer === component.sufferer || LIABILITY_TAGS.has(component.coverage)) return component.coverage;
  return 'third_party_damages';
}

/** Whether the bearer pays this only because a contract says so (excluded as contractual liability). */
export function isContractual(allocation: Allocation): boolean {
  return allocation.bearer !== allocation.component.sufferer && allocation.trail.some((step) => CONTRACTUAL_REASONS.has(step.reason));
}
