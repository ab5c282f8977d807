import type { OperatorFunction } from 'rxjs';
import type { TrialEvent } from '../incidents/generate-incidents.ts';
import { incidentId, type Incident } from '../incidents/incident.ts';
import type { AllocatedTrial, Allocation, TrailStep } from '../liability/allocation.ts';
import { findNegligence, type NegligenceModel } from '../incidents/negligence.ts';
import { stageOperator } from '../pipeline/stage-operator.ts';
import type { MarketModel } from '../market/market-model.ts';
import { createStream } from '../random/trial-random.ts';
import type { RandomStream } from '../random/random-stream.ts';
import { COVERAGE_TAGS } from '../scenario/vocabulary.ts';
import { INCIDENT_TYPES } from '../scenario/vocabulary.ts';
import { insuredCoverage, isContractual } from './insured-coverage.ts';
import { policyIncidentKey, type CompiledPolicy, type DrawPurpose, type InsuranceProgram } from './insurance-program.ts';
import { CENT, COVERAGE_INDEX, payLayer, payPrimary } from './occurrence-terms.ts';
import type { InsuredTrial } from './recovery.ts';
import { chainRoots } from './related-occurrence.ts';
import { settleChain } from './settle-chain.ts';
import { erode, NONE, record, widthOf, type Settlement } from './settlement.ts';

const BUSINESS_INTERRUPTION = COVERAGE_INDEX.get('business_interruption')!;
const REGULATORY_FINES = COVERAGE_INDEX.get('regulatory_fines')!;
const DEFENSE = COVERAGE_INDEX.get('defense_costs')!;
/** What the insurance stage reads: the run's seed key, the policies and layers, what decides negligence (for exclusions), and the marketplace. */
export interface InsuranceStageInput {
  seed: number;
  insurance: InsuranceProgram;
  negligence: NegligenceModel;
  market: MarketModel | undefined;
}

/** Attack vectors MFA guards against: what a broken MFA warranty denies. */
const MFA_VECTORS = new Set(['credential_stuffing', 'phishing']);

/**
 * Insurance stage: applies the scenario's policies and layers, incident event by incident event
 * in time order, to what each insured paid (MODEL §9); aggregates erode from incident to incident
 * within a trial and are whole again at the next trial's start.
 *
 * For each incident and policy answering its type (and, for an outage, its cause): what the insured paid under each covered tag
 * (liability it paid to others counts as `third_party_damages` unless its tag says otherwise),
 * less exclusions (contractual liability, fines) and less what policies listed earlier already paid
 * under the same tags (other insurance), with business interruption cut by the waiting period; then conditions and incident exclusions (war, prior acts, a known unpatched
 * vulnerability, notice, the MFA warranty) may deny the whole occurrence; then retention,
 * coinsurance, sublimits, limit, share and the aggregate left, and the layers above. Each policy
 * that was claimed on yields a recovery whose trail records every denial and every term that bit;
 * a policy whose aggregate runs out is listed in `exhausted`.
 *
 * @example
 * allocated$.pipe(applyInsurance({ seed, insurance, negligence, market })) // the same events; at the trial's end, trial.recoveries and trial.exhausted
 */
export function applyInsurance(input: InsuranceStageInput): OperatorFunction<TrialEvent<AllocatedTrial>, TrialEvent<InsuredTrial>> {
  const program = input.insurance;
  if (program.policies.length === 0) {
    return stageOperator('insurance', () => (event, emit) => {
      if (event.kind === 'trial-end') {
        const trial = event.trial as InsuredTrial;
        trial.recoveries = NONE;
        trial.exhausted = NONE;
      }
      emit(event as TrialEvent<InsuredTrial>);
    });
  }
  const byType = new Map(INCIDENT_TYPES.map((type) => [type, program.policies.filter((policy) => policy.answers.has(type))]));
  return stageOperator('insurance', () => {
    // The settlement state, reset at each trial's start: the aggregates left, the trial's
    // recoveries so far, its trigger chains, and the next allocation to settle.
    const settlement = createSettlement(input);
    let a = 0;
    return (event, emit) => {
      if (event.kind === 'trial-start') {
        startTrial(settlement, event.trial);
        a = 0;
      } else if (event.kind === 'incident') {
        const { incident } = event;
        const { allocations } = event.trial;
        const first = a;
        while (a < allocations.length && allocations[a]!.component.incident === incident) a++;
        const policies = byType.get(incident.type)!;
        // Most of a year's incidents (a seller's misconduct) are of a type no policy answers.
        if (a > first && policies.length > 0) {
          for (const recovered of settlement.recoveredTables) recovered.fill(0);
          for (const policy of policies) {
            if (incident.type !== 'outage' || policy.outageCauses.has(incident.cause)) settleOccurrence(settlement, policy, incident, allocations, first, a);
          }
        }
      } else {
        endTrial(settlement, event.trial as InsuredTrial);
      }
      emit(event as TrialEvent<InsuredTrial>);
    };
  });
}

/** A settlement state for a stream of trials, before its first. */
function createSettlement(input: InsuranceStageInput): Settlement {
  const program = input.insurance;
  return {
    input,
    trial: undefined as unknown as AllocatedTrial,
    left: new Float64Array(program.covers.length),
    claimed: new Float64Array(COVERAGE_TAGS.length),
    paid: new Float64Array(COVERAGE_TAGS.length),
    ...recoveredTables(program.policies),
    recoveries: NONE,
    exhausted: NONE,
    chained: program.policies.some((policy) => policy.chainIsOneOccurrence),
    roots: new Map(),
    chainSizes: new Map(),
    chains: new Map(),
    unused: new Set(),
  };
}

/** One table per insured of what its policies recovered per tag, by insured and as a list (to clear them). */
function recoveredTables(policies: readonly CompiledPolicy[]): Pick<Settlement, 'recovered' | 'recoveredTables'> {
  const recovered = new Map(policies.map((policy) => [policy.insured, new Float64Array(COVERAGE_TAGS.length)]));
  return { recovered, recoveredTables: [...recovered.values()] };
}

/** Starts a trial: every aggregate whole, no recoveries yet, and (when a policy needs them) the trial's trigger chains. */
function startTrial(settlement: Settlement, trial: AllocatedTrial): void {
  for (const cover of settlement.input.insurance.covers) settlement.left[cover.index] = cover.capacity;
  settlement.trial = trial;
  settlement.recoveries = NONE;
  settlement.exhausted = NONE;
  if (settlement.chained) {
    const { roots, sizes } = chainRoots(trial.incidents);
    settlement.roots = roots;
    settlement.chainSizes = sizes;
    settlement.chains.clear();
  }
}

/** Ends a trial: drops the layers over a one-occurrence chain that its combined loss never reached, and hands the trial its recoveries. */
function endTrial(settlement: Settlement, trial: InsuredTrial): void {
  if (settlement.unused.size > 0) {
    settlement.recoveries = settlement.recoveries.filter((recovery) => !settlement.unused.has(recovery));
    settlement.unused.clear();
  }
  trial.recoveries = settlement.recoveries;
  trial.exhausted = settlement.exhausted;
}

function settleOccurrence(state: Settlement, policy: CompiledPolicy, incident: Incident, allocations: readonly Allocation[], from: number, to: number): void {
  const { claimed } = state;
  claimed.fill(0);
  let contractual = 0;
  let fines = 0;
  let any = false;
  for (let i = from; i < to; i++) {
    const allocation = allocations[i]!;
    if (allocation.bearer !== policy.insured || allocation.amount === 0) continue;
    const tag = COVERAGE_INDEX.get(insuredCoverage(allocation))!;
    if (policy.covers[tag] !== 1) continue;
    any = true;
    if (policy.exclusions.has('contractual_liability') && isContractual(allocation)) contractual += allocation.amount;
    else if (tag === REGULATORY_FINES && policy.exclusions.has('fines_and_penalties')) fines += allocation.amount;
    else claimed[tag] = claimed[tag]! + allocation.amount;
  }
  if (!any) return;
  // Other insurance: a policy listed earlier that paid under the same tags pays first.
  const recovered = state.recovered.get(policy.insured)!;
  let total = 0;
  let other = 0;
  for (let c = 0; c < claimed.length; c++) {
    const carried = Math.max(claimed[c]!, 0);
    claimed[c] = Math.max(carried - recovered[c]!, 0);
    other += carried - claimed[c]!;
    total += claimed[c]!;
  }
  const steps: TrailStep[] = [];
  if (other >= CENT) steps.push({ rule: 'insurance', reason: 'other_insurance_paid_first', amount: other });
  if (contractual > 0) steps.push({ rule: 'insurance', reason: 'excluded_contractual_liability', amount: contractual });
  if (fines > 0) steps.push({ rule: 'insurance', reason: 'excluded_fines_and_penalties', amount: fines });
  if (policy.waitingHours > 0 && claimed[BUSINESS_INTERRUPTION]! > 0) {
    const cut = claimed[BUSINESS_INTERRUPTION]! * (1 - claimableAfterWaiting(incident, policy.waitingHours, state.input.market));
    if (cut > 0) {
      claimed[BUSINESS_INTERRUPTION] = claimed[BUSINESS_INTERRUPTION]! - cut;
      total -= cut;
      steps.push({ rule: 'insurance', reason: 'waiting_period', threshold: policy.waitingHours, amount: cut });
    }
  }
  if (total <= 0) return steps.length > 0 ? record(state, policy, incident, 0, 0, steps) : undefined;

  const denial = denyOccurrence(state, policy, incident);
  if (denial) {
    steps.push({ ...denial, amount: total });
    return record(state, policy, incident, 0, 0, steps);
  }

  if (policy.chainIsOneOccurrence && state.chainSizes.size > 0 && state.chainSizes.get(state.roots.get(incidentId(incident))!)! > 1) {
    settleChain(state, policy, incident, total, steps);
    return;
  }

  // Who holds the policy: the insured, or for a per-seller policy some of the segment's sellers.
  let holders = 1;
  let erodes = true;
  if (policy.perSeller) {
    const { sellers, takeUp } = policy.perSeller;
    if (sellers <= 0) return;
    if (causedByOneSeller(incident)) {
      erodes = false; // sellers hit one at a time are taken to be different sellers
      if (takeUp < 1) {
        const draw = streamFor(state, policy, incident, 'take_up')();
        const held = draw < takeUp;
        steps.push({ rule: 'insurance', reason: held ? 'seller_holds_policy' : 'seller_uninsured', draw, threshold: takeUp });
        if (!held) return record(state, policy, incident, 0, 0, steps);
      }
    } else {
      for (let c = 0; c < claimed.length; c++) claimed[c] = claimed[c]! / sellers;
      holders = sellers * takeUp;
      steps.push({ rule: 'insurance', reason: 'per_seller', share: takeUp });
    }
  }

  const primaryExhausted = state.left[policy.index]! <= CENT;
  const payment = payPrimary(policy.terms, claimed, state.left[policy.index]!, state.paid);
  erode(state, policy, payment, erodes);
  record(state, policy, incident, payment.paid * holders, payment.utilisation, [...steps, ...payment.steps]);
  for (let c = 0; c < claimed.length; c++) recovered[c] = recovered[c]! + state.paid[c]! * holders;

  const { x } = payment;
  // A layer that drops down sits on what is left below it: the covers under it whose aggregate
  // was used up before this occurrence no longer take up their band of the loss.
  let floor = policy.terms.retention + (primaryExhausted ? 0 : widthOf(policy.terms));
  for (const layer of policy.layers) {
    const attachment = layer.dropDown ? Math.min(floor, layer.terms.attachment) : layer.terms.attachment;
    const dropped = attachment < layer.terms.attachment;
    // A cover still in force takes up its band; one used up leaves the floor where it was, so a
    // layer above may drop through it (and a co-participant in force keeps the band taken).
    if (state.left[layer.index]! > CENT) floor = Math.max(floor, attachment + widthOf(layer.terms));
    if (x <= attachment) continue;
    const paid = payLayer(dropped ? { ...layer.terms, attachment } : layer.terms, x, state.left[layer.index]!);
    erode(state, layer, paid, erodes);
    const layerSteps = dropped ? [{ rule: 'insurance', reason: 'dropped_down', amount: attachment }, ...paid.steps] : paid.steps;
    record(state, layer, incident, paid.paid * holders, paid.utilisation, layerSteps);
    // What the layer paid counts against each tag pro rata to the loss it sees.
    for (let c = 0; c < claimed.length; c++) {
      if (c !== DEFENSE || !policy.terms.defenseOutsideLimits) recovered[c] = recovered[c]! + (paid.paid * holders * claimed[c]!) / x;
    }
  }
}

/** Whether a condition or an exclusion of the incident itself denies the whole occurrence. */
function denyOccurrence(state: Settlement, policy: CompiledPolicy, incident: Incident): TrailStep | undefined {
  const excluded = policy.excludedDefinitions.get(incident.name);
  if (excluded) return { rule: 'insurance', reason: `excluded_${excluded}` };
  // Both breach terms concern the insured's own systems: a processor's unpatched gateway or
  // missing MFA does not void the platform's cover.
  if (incident.type === 'breach' && (policy.brokenWarranty !== undefined || policy.exclusions.has('known_unpatched_vulnerability'))) {
    const finding = findNegligence(incident, state.input.negligence);
    if (finding.party === policy.insured) {
      if (incident.cause === 'unpatched_vulnerability' && finding.negligent && policy.exclusions.has('known_unpatched_vulnerability')) {
        return { rule: 'insurance', reason: 'excluded_known_unpatched_vulnerability', draw: finding.draw, threshold: finding.probability };
      }
      if (policy.brokenWarranty !== undefined && MFA_VECTORS.has(incident.cause)) return { rule: 'insurance', reason: 'mfa_warranty_breached' };
    }
  }
  if (policy.notice) {
    const delay = policy.notice.delayDays(streamFor(state, policy, incident, 'notice'));
    if (delay > policy.notice.withinDays) return { rule: 'insurance', reason: 'notice_late', draw: delay, threshold: policy.notice.withinDays };
  }
  return undefined;
}

/**
 * The policy's random stream for one purpose (the notice delay, or whether a seller holds it) and
 * incident, keyed by policy, purpose and incident alone: strategies share it, and a change to one
 * condition never shifts the other's draw.
 */
function streamFor(state: Settlement, policy: CompiledPolicy, incident: Incident, purpose: DrawPurpose): RandomStream {
  return createStream(state.input.seed, state.trial.context.trial, policyIncidentKey(policy, purpose, incident));
}

/**
 * The share of an interruption's lost sales that falls after the waiting period: demand from
 * start + waiting to the end over demand during the whole outage or payment failure. Losses
 * without a duration (a plain loss event) are claimed whole.
 */
export function claimableAfterWaiting(incident: Incident, waitingHours: number, market: MarketModel | undefined): number {
  let hours: number;
  if (incident.type === 'outage' || incident.type === 'third_party_outage') hours = incident.durationHours;
  else if (incident.type === 'bug' && incident.error === 'payment_failure') hours = incident.windowHours;
  else return 1;
  if (waitingHours >= hours) return 0;
  const start = incident.timeHours;
  if (!market) return (hours - waitingHours) / hours;
  const whole = market.demand.integrate(start, start + hours);
  return whole > 0 ? market.demand.integrate(start + waitingHours, start + hours) / whole : 0;
}

/** An incident one seller caused: its cost in the segment is that seller's alone. */
function causedByOneSeller(incident: Incident): boolean {
  switch (incident.type) {
    case 'seller_misconduct':
      return true;
    case 'bug':
      return incident.origin === 'seller';
    case 'breach':
    case 'data_mishandling':
      return incident.party === 'seller';
    default:
      return false;
  }
}
