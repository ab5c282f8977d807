import type { OperatorFunction } from 'rxjs';
import type { TrialEvent } from '../incidents/generate-incidents.ts';
import { stageOperator } from '../pipeline/stage-operator.ts';
import { breachedParty } from '../impacts/data-exposure-impacts.ts';
import type { ImpactedTrial, LossComponent } from '../impacts/loss-component.ts';
import { incidentId, type Incident } from '../incidents/incident.ts';
import type { PolicyYear } from '../calendar/policy-year.ts';
import type { MarketModel, VendorIndemnity, VendorModel } from '../market/market-model.ts';
import { combine32, mix32 } from '../random/hash.ts';
import { createStream, generatorKey } from '../random/trial-random.ts';
import type { AllocatedTrial, TrailStep } from './allocation.ts';
import { ClaimBook, type IndemnityClaim } from './claim-book.ts';
import { findNegligence, type NegligenceFinding } from '../incidents/negligence.ts';
import { DowntimeTally } from './sla-credits.ts';
import type { LiabilityModel } from './liability-model.ts';

/** What the liability stage reads: the run's seed key, the compiled contracts and dispute settings, and the marketplace. */
export interface LiabilityStageInput {
  seed: number;
  liability: LiabilityModel;
  market: MarketModel | undefined;
}

/** Lost profits: consequential damages that seller terms may exclude. */
const LOST_PROFITS = new Set(['seller_lost_margin', 'lost_business']);
/** Sellers' direct losses from the platform's faulty code: sold below price, or orders cancelled. */
const DIRECT_DAMAGES = new Set(['mispricing_loss', 'cancellation_handling']);
/** What a licensee's claim against a vendor counts as lost profits: its own lost sales and business. */
const VENDOR_LOST_PROFITS = new Set([...LOST_PROFITS, 'platform_lost_commission', 'platform_lost_margin']);
/** What a processor indemnifies its controller for (fines excluded). */
const INDEMNIFIED = new Set(['notification', 'credit_monitoring', 'pci_assessment', 'class_action', 'legal_defense']);

/** The statutory steps of buyers' claims, shared by every trail that takes them (trails are never changed once made). */
const REFUND_OWED: TrailStep = { rule: 'statute', reason: 'refund_owed' };
const SELLER_OWES_BUYERS: TrailStep = { rule: 'statute', reason: 'seller_owes_buyers' };

/** Third parties' claims a breach books as the controller's own costs: the class's award and the card networks' assessment. */
const CLAIMS_ON_CONTROLLER = new Set(['class_action', 'pci_assessment']);

/** The issuers' costs of leaked cards, claimed through the card networks from the party whose systems leaked them. */
const CARD_NETWORK_CLAIMS = new Set(['card_reissue_claim', 'card_fraud_claim']);

/**
 * Liability stage: decides who finally carries each ground-up component (MODEL §8).
 *
 * Incident events are taken in time order; each gets a fault and negligence finding, then each of its
 * components goes through the rule chain: contract (service credits from each month's uptime,
 * exclusion of lost profits void under gross negligence, caps in months of fees, force majeure,
 * processor indemnity, the buyer guarantee), statute (refunds, fines and damages owed regardless
 * of caps), dispute (channel, settlement share, legal costs on both sides) and solvency. Every
 * allocation carries its trail. A component nobody claims stays with its sufferer. Each trial
 * starts with an empty claim book and no downtime; its allocations are appended to the trial's
 * `allocations` incident by incident.
 *
 * @example
 * impacts$.pipe(allocateLiability({ seed, liability, market })) // the same events; each incident's allocations in trial.allocations
 */
export function allocateLiability({ seed, liability, market }: LiabilityStageInput): OperatorFunction<TrialEvent<ImpactedTrial>, TrialEvent<AllocatedTrial>> {
  return stageOperator('liability', () => {
    // The trial's state, reset at its start: the claim book writing its allocations, the downtime
    // tallied month by month for service credits, and the next component to allocate. The book
    // and the tallies are made once and reused from trial to trial (a trial's maps and arrays
    // allocated afresh were 2.5% of a loss_event trial).
    const claims = new ClaimBook([], liability, market);
    let sellerDowntime: DowntimeTally | undefined;
    const processorDowntime = new Map<string, DowntimeTally>();
    let c = 0;
    return (event, emit) => {
      const trial = event.trial as AllocatedTrial;
      if (event.kind === 'trial-start') {
        trial.allocations = [];
        claims.startTrial(trial.allocations);
        if (market) (sellerDowntime ??= new DowntimeTally(trial.market.year, liability.sellerTerms.sla_tiers)).reset();
        for (const tally of processorDowntime.values()) tally.reset();
        c = 0;
      } else if (event.kind === 'incident') {
        const { incident } = event;
        const finding = findNegligence(incident, liability);
        const steps = findingSteps(finding);
        // A seller's misconduct needs no negligence draw (it is deliberate): its solvency uses it.
        const spare = incident.type === 'seller_misconduct' ? incident.negligenceDraw : undefined;
        claims.begin(() => createStream(seed, trial.context.trial, liabilityKey(liability, incident)), spare);
        const { components } = trial;
        for (; c < components.length && components[c]!.incident === incident; c++) {
          allocateComponent(components[c]!, finding, steps, claims, liability, market);
        }
        claims.close();
        if (market && (incident.type === 'outage' || incident.type === 'third_party_outage')) {
          creditDowntime(incident, claims, liability, market, sellerDowntime!, processorDowntime, trial.market.year);
        }
      }
      emit(event as TrialEvent<AllocatedTrial>);
    };
  });
}

/** The fault and negligence steps of an incident's trails, built once for all its components. */
interface FindingSteps {
  fault: TrailStep;
  negligence: TrailStep;
  /** The whole trail of a component that stays where it fell. */
  kept: readonly TrailStep[];
}

function findingSteps(finding: NegligenceFinding): FindingSteps {
  const fault: TrailStep = { rule: 'fault', reason: faultReason(finding) };
  const negligence: TrailStep = {
    rule: 'negligence',
    reason: finding.gross ? 'gross_negligence' : finding.negligent ? 'negligent' : 'not_negligent',
    draw: finding.draw,
    threshold: finding.gross ? finding.grossProbability : finding.probability,
  };
  return { fault, negligence, kept: [fault] };
}

function faultReason(finding: NegligenceFinding): string {
  if (finding.party) return `caused_by_${finding.party}`;
  return finding.incidentType === 'loss_event' ? 'borne_by_named_bearer' : 'no_party_at_fault';
}

/**
 * The generator of an incident's liability draws (disputes, solvency), keyed by its definition
 * and candidate number without building strings; a triggered incident's by its parent's id.
 */
function liabilityKey(liability: LiabilityModel, incident: Incident): number {
  if (incident.triggeredBy !== undefined) return generatorKey(`liability:${incidentId(incident)}`);
  return mix32(combine32(liability.generatorKeys.get(incident.name) ?? generatorKey(`liability:${incident.name}`), incident.candidate));
}

function allocateComponent(
  component: LossComponent,
  finding: NegligenceFinding,
  { fault, negligence, kept }: FindingSteps,
  claims: ClaimBook,
  liability: LiabilityModel,
  market: MarketModel | undefined,
): void {
  const { incident, kind, sufferer } = component;
  const terms = liability.sellerTerms;

  const vendor = finding.party === undefined ? undefined : liability.vendors.get(finding.party);
  if (vendor) return allocateVendorComponent(component, vendor, finding, { fault, negligence, kept }, claims, liability, market);

  // Sellers' losses caused by the platform: a damages claim, subject to the seller terms.
  if (sufferer.startsWith('sellers:') && finding.party === 'platform' && (LOST_PROFITS.has(kind) || DIRECT_DAMAGES.has(kind))) {
    const segment = market?.segments.find((s) => s.bearer === sufferer);
    return claimDamages(component, finding, claims, [fault, negligence], {
      defendant: 'platform',
      lostProfitsExcluded: LOST_PROFITS.has(kind) && terms.exclude_consequential,
      capKey: `cap:${sufferer}`,
      cap: segment ? (terms.liability_cap_months * segment.annualFees) / 12 : Infinity,
    });
  }
  // A third-party outage: force majeure excuses the platform towards sellers.
  if (incident.type === 'third_party_outage' && sufferer.startsWith('sellers:') && terms.force_majeure) {
    return claims.keep(component, [fault, { rule: 'contract', reason: 'force_majeure' }]);
  }
  // Refunds of overcharges and buyers' losses from a seller: owed by statute, paid if the payer can.
  // Buyers file only `claim_rate` of them (MODEL §13); the unfiled rest stays with them.
  if (sufferer === 'buyers' && (kind === 'overcharge' || kind === 'buyer_loss') && finding.party) {
    const owed = kind === 'overcharge' ? REFUND_OWED : SELLER_OWES_BUYERS;
    const filed = kind === 'overcharge' ? liability.claimRate.refunds : liability.claimRate.losses;
    const bound = salesBoundStep(component);
    return claims.owe(component, finding.party, bound ? [fault, bound, owed] : [fault, owed], filed);
  }
  // A processor's breach: the platform answers as controller and recovers under the indemnity.
  if (finding.party?.startsWith('processor:') && sufferer === 'platform' && INDEMNIFIED.has(kind) && (incident.type === 'breach' || incident.type === 'data_mishandling')) {
    const processor = finding.party.slice('processor:'.length);
    const cap = liability.processorTerms.get(processor)?.indemnityCap ?? 0;
    const steps = [fault, { rule: 'statute', reason: 'controller_answers_to_data_subjects' }];
    if (cap <= 0) return claims.keep(component, [...steps, { rule: 'contract', reason: 'no_indemnity' }]);
    return claims.contest(component, finding.party, component.amount, [...steps, { rule: 'contract', reason: 'indemnity_claim' }], { capKey: 'indemnity', cap });
  }
  if (kind === 'regulatory_fine' || kind === 'us_regulatory_penalty') {
    return claims.keep(component, [fault, negligence, { rule: 'statute', reason: 'fine_paid_to_regulators' }]);
  }
  // The networks' operating regulations bind the breached party through its acquirer, whether or
  // not it was negligent; the amount is disputed and settled like any claim (MODEL §13).
  if (CARD_NETWORK_CLAIMS.has(kind) && (incident.type === 'breach' || incident.type === 'data_mishandling')) {
    const breached = breachedParty(incident);
    if (breached === undefined) return claims.keep(component, kept);
    return claims.contest(component, breached, component.amount, [fault, { rule: 'contract', reason: 'card_network_claim' }], { capKey: 'card_networks', cap: Infinity });
  }
  claims.keep(component, kept);
}

/**
 * The step that records a misconduct loss bounded by the seller's sales in its window (MODEL §13
 * "Bounded misconduct"): what bounded it and the loss before the bound; none when it did not bind.
 */
function salesBoundStep(component: LossComponent): TrailStep | undefined {
  const { incident } = component;
  if (incident.type !== 'seller_misconduct' || incident.sellerSalesInWindow === undefined || component.kind !== 'buyer_loss') return undefined;
  const unboundedAmount = incident.orders * incident.orderValue;
  if (!(unboundedAmount > component.amount)) return undefined;
  const { windowDays } = incident;
  return { rule: 'bound', reason: 'bounded_by_seller_sales', boundedBy: 'seller_sales_in_window', windowDays, unboundedAmount, amount: component.amount };
}

/**
 * A component of an incident that started in a vendor's software (MODEL §13). The licensee it
 * acted for (the platform, or the sellers of the segment its repricer ran for) claims its own
 * losses from the vendor under the licence: lost profits excluded unless the vendor was grossly
 * negligent, nothing without negligence, capped per licensee (a multiple of its fees; void under
 * gross negligence), contested, and paid with the vendor's solvency. Everyone else deals with
 * the licensee as if the code were its own (the platform answers to its sellers for the vendors
 * it chose; the merchant refunds its buyers), with the vendor's negligence finding; what the
 * licensee ends up paying them it passes on to the vendor under the vendor's indemnity, if the
 * licence gives one (`ClaimBook.indemnify`), and likewise what its licence claim leaves with the
 * controller of a breach's class-action award and PCI assessment; never fines, nor the licensee's
 * own losses or defence costs. The vendor keeps its own
 * remediation. A breach through a vendor's script on the controller's pages leaves its costs
 * with the controller (MODEL §13), which claims them from the vendor as its licensee; a fine stays
 * with the controller, whose duty it was to assess the script.
 */
function allocateVendorComponent(
  component: LossComponent,
  vendor: VendorModel,
  finding: NegligenceFinding,
  steps: FindingSteps,
  claims: ClaimBook,
  liability: LiabilityModel,
  market: MarketModel | undefined,
): void {
  const { incident, kind, sufferer } = component;
  const licensee = (incident.type === 'bug' || incident.type === 'breach') && incident.segment !== undefined ? `sellers:${incident.segment}` : 'platform';
  if (sufferer === vendor.bearer) return claims.keep(component, steps.kept);
  // The controller answers to regulators for a vendor's script on its pages; fines are its own.
  if (kind === 'regulatory_fine' || kind === 'us_regulatory_penalty') {
    return claims.keep(component, [steps.fault, steps.negligence, { rule: 'statute', reason: 'controller_fined_for_vendor' }]);
  }
  if (sufferer !== licensee) {
    if (vendor.indemnity) claims.indemnify(component, indemnityClaim(vendor, vendor.indemnity, licensee, finding, market));
    const answering: NegligenceFinding = { ...finding, party: licensee };
    const answers: TrailStep = { rule: 'contract', reason: 'licensee_answers_for_vendor' };
    const fault: TrailStep = { rule: 'fault', reason: `caused_by_${vendor.bearer}` };
    return allocateComponent(component, answering, { fault, negligence: steps.negligence, kept: [fault, answers] }, claims, liability, market);
  }
  // What third parties claim from the controller is indemnified as far as the licence claim leaves it with the controller.
  if (vendor.indemnity && incident.type === 'breach' && CLAIMS_ON_CONTROLLER.has(kind)) {
    claims.indemnify(component, indemnityClaim(vendor, vendor.indemnity, licensee, finding, market));
  }
  // The cap is per licensee: for a segment, each of its sellers holds a licence.
  const licences = market?.segments.find((s) => s.bearer === licensee)?.count ?? 1;
  claimDamages(component, finding, claims, [steps.fault, steps.negligence, { rule: 'contract', reason: 'licensee_claims_from_vendor' }], {
    defendant: vendor.bearer,
    lostProfitsExcluded: VENDOR_LOST_PROFITS.has(kind) && vendor.excludeConsequential,
    capKey: `cap:${vendor.bearer}>${licensee}`,
    cap: vendor.capPerLicensee * licences,
    solvency: vendor.solvency,
  });
}

/**
 * The licensee's claim on the vendor's indemnity for what it pays a third party (MODEL §13): capped
 * per licensee (for a segment, times its seller count) under its own key, apart from the licence's
 * damages cap; the cap is void under gross negligence, as the licence's is; refused when the
 * indemnity requires negligence and the vendor was not found negligent.
 */
function indemnityClaim(vendor: VendorModel, indemnity: VendorIndemnity, licensee: string, finding: NegligenceFinding, market: MarketModel | undefined): IndemnityClaim {
  const licences = market?.segments.find((s) => s.bearer === licensee)?.count ?? 1;
  const refused: TrailStep | undefined = indemnity.requiresNegligence && !finding.negligent ? { rule: 'contract', reason: 'indemnity_requires_negligence' } : undefined;
  return {
    licensee,
    vendor: vendor.bearer,
    capKey: `indemnity:${vendor.bearer}>${licensee}`,
    cap: finding.gross ? Infinity : indemnity.capPerLicensee * licences,
    solvency: vendor.solvency,
    ...(refused && { refused }),
  };
}

/**
 * A damages claim under a contract's terms (seller terms, a vendor's licence): lost profits the
 * terms exclude stay with the claimant unless the negligence is gross (which voids the
 * exclusion); nothing is owed without negligence; the claim is capped (void under gross
 * negligence) and contested against the defendant.
 */
function claimDamages(
  component: LossComponent,
  finding: NegligenceFinding,
  claims: ClaimBook,
  trail: readonly TrailStep[],
  terms: { defendant: string; lostProfitsExcluded: boolean; capKey: string; cap: number; solvency?: number },
): void {
  if (terms.lostProfitsExcluded && !finding.gross) return claims.keep(component, [...trail, { rule: 'contract', reason: 'lost_profits_excluded' }]);
  if (!finding.negligent) return claims.keep(component, trail);
  const exclusion: TrailStep[] = terms.lostProfitsExcluded ? [{ rule: 'contract', reason: 'exclusion_void_gross_negligence' }] : [];
  claims.contest(component, terms.defendant, component.amount, [...trail, ...exclusion], {
    capKey: terms.capKey,
    cap: finding.gross ? Infinity : terms.cap,
    solvency: terms.solvency,
  });
}

/** Service credits an outage earns: sellers from the platform (not for third-party outages under force majeure), the platform from its provider. */
function creditDowntime(
  incident: Extract<Incident, { type: 'outage' | 'third_party_outage' }>,
  claims: ClaimBook,
  liability: LiabilityModel,
  market: MarketModel,
  sellerDowntime: DowntimeTally,
  processorDowntime: Map<string, DowntimeTally>,
  year: PolicyYear,
): void {
  const end = incident.timeHours + incident.durationHours;
  const excused = incident.type === 'third_party_outage' && liability.sellerTerms.force_majeure;
  if (!excused) {
    for (const [, rise] of sellerDowntime.add(incident.timeHours, end, incident.scope)) {
      for (const segment of market.segments) {
        claims.transfer(incident, 'sla_credit', 'platform', segment.bearer, (rise * segment.annualFees) / 12, [{ rule: 'contract', reason: 'sla_credit_to_sellers' }]);
      }
    }
  }
  const provider = incident.type === 'third_party_outage' ? incident.provider : undefined;
  const terms = provider === undefined ? undefined : liability.processorTerms.get(provider);
  if (provider !== undefined && terms && terms.slaTiers.length > 0) {
    let tally = processorDowntime.get(provider);
    if (!tally) processorDowntime.set(provider, (tally = new DowntimeTally(year, terms.slaTiers)));
    for (const [, rise] of tally.add(incident.timeHours, end, incident.scope)) {
      claims.transfer(incident, 'sla_credit', `processor:${provider}`, 'platform', rise * terms.monthlyFees, [{ rule: 'contract', reason: 'sla_credit_from_provider' }]);
    }
  }
}
