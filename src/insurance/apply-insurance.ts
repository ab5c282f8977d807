import type { OperatorFunction } from 'rxjs';
import { stageMap } from '../engine/stage-map.ts';
import type { SimulationModel } from '../engine/simulation-model.ts';
import { incidentId, type Incident } from '../incidents/incident.ts';
import type { AllocatedTrial, Allocation, TrailStep } from '../liability/allocation.ts';
import { findNegligence } from '../liability/negligence.ts';
import type { MarketModel } from '../market/market-model.ts';
import { createStream } from '../random/trial-random.ts';
import type { RandomStream } from '../random/random-stream.ts';
import { COVERAGE_TAGS } from '../scenario/vocabulary.ts';
import { INCIDENT_TYPES } from '../scenario/vocabulary.ts';
import { insuredCoverage, isContractual } from './insured-coverage.ts';
import { policyDrawKey, type CompiledLayer, type CompiledPolicy } from './insurance-program.ts';
import { CENT, COVERAGE_INDEX, payLayer, payPrimary, type OccurrencePayment } from './occurrence-terms.ts';
import type { InsuredTrial, Recovery } from './recovery.ts';
import { chainRoots, splitProRata } from './related-occurrence.ts';

const BUSINESS_INTERRUPTION = COVERAGE_INDEX.get('business_interruption')!;
const REGULATORY_FINES = COVERAGE_INDEX.get('regulatory_fines')!;
const DEFENSE = COVERAGE_INDEX.get('defense_costs')!;
/** Attack vectors MFA guards against: what a broken MFA warranty denies. */
const MFA_VECTORS = new Set(['credential_stuffing', 'phishing']);
const NONE: never[] = [];

/**
 * Insurance stage: applies the scenario's policies and layers, incident by incident in time
 * order, to what each insured paid (DOMAIN §9).
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
 * allocated$.pipe(applyInsurance(model)) // emits { …, recoveries, exhausted }
 */
export function applyInsurance(model: SimulationModel): OperatorFunction<AllocatedTrial, InsuredTrial> {
  const program = model.insurance;
  if (program.policies.length === 0) {
    return stageMap('insurance', (trial) => {
      const next = trial as InsuredTrial;
      next.recoveries = NONE;
      next.exhausted = NONE;
      return next;
    });
  }
  const byType = new Map(INCIDENT_TYPES.map((type) => [type, program.policies.filter((policy) => policy.answers.has(type))]));
  // One settlement state, reused trial after trial (the stream is synchronous).
  const settlement: Settlement = {
    model,
    trial: undefined as unknown as AllocatedTrial,
    left: new Float64Array(program.covers.length),
    claimed: new Float64Array(COVERAGE_TAGS.length),
    paid: new Float64Array(COVERAGE_TAGS.length),
    recovered: new Map(program.policies.map((policy) => [policy.insured, new Float64Array(COVERAGE_TAGS.length)])),
    recoveries: NONE,
    exhausted: NONE,
    chained: program.policies.some((policy) => policy.chainIsOneOccurrence),
    roots: new Map(),
    chainSizes: new Map(),
    chains: new Map(),
    unused: new Set(),
  };
  return stageMap('insurance', (trial) => {
    for (const cover of program.covers) settlement.left[cover.index] = cover.capacity;
    settlement.trial = trial;
    settlement.recoveries = NONE;
    settlement.exhausted = NONE;
    if (settlement.chained) {
      const { roots, sizes } = chainRoots(trial.incidents);
      settlement.roots = roots;
      settlement.chainSizes = sizes;
      settlement.chains.clear();
    }
    const { allocations } = trial;
    let a = 0;
    for (const incident of trial.incidents) {
      const first = a;
      while (a < allocations.length && allocations[a]!.component.incident === incident) a++;
      if (a === first) continue;
      for (const recovered of settlement.recovered.values()) recovered.fill(0);
      for (const policy of byType.get(incident.type)!) {
        if (incident.type !== 'outage' || policy.outageCauses.has(incident.cause)) settleOccurrence(settlement, policy, incident, allocations, first, a);
      }
    }
    // Layers over a one-occurrence chain that its combined loss never reached pay nothing.
    if (settlement.unused.size > 0) {
      settlement.recoveries = settlement.recoveries.filter((recovery) => !settlement.unused.has(recovery));
      settlement.unused.clear();
    }
    const next = trial as InsuredTrial;
    next.recoveries = settlement.recoveries;
    next.exhausted = settlement.exhausted;
    return next;
  });
}

/** The state of one trial's insurance settlement. */
interface Settlement {
  model: SimulationModel;
  trial: AllocatedTrial;
  /** Aggregate left per policy and layer (per holder for per-seller policies). */
  left: Float64Array;
  /** Scratch: what the insured paid per coverage tag in the current occurrence. */
  claimed: Float64Array;
  /** Scratch: what the current policy paid per coverage tag. */
  paid: Float64Array;
  /** Per insured: what earlier policies already paid per coverage tag in the current incident. */
  recovered: Map<string, Float64Array>;
  /** The trial's recoveries and exhausted covers: the shared empty list until the first. */
  recoveries: Recovery[];
  exhausted: number[];
  /** Whether a policy treats trigger chains as one occurrence; then the fields below are kept. */
  chained: boolean;
  /** The trial's incidents by id: the root of each one's trigger chain, and each chain's size by root. */
  roots: Map<string, string>;
  chainSizes: Map<string, number>;
  /** The trial's combined occurrences so far, by policy index and root. */
  chains: Map<string, Chain>;
  /** Layer recoveries of chain members that the combined loss has not reached (yet). */
  unused: Set<Recovery>;
}

/** One policy's occurrence combining the incidents of a trigger chain, as its incidents arrive. */
interface Chain {
  root: string;
  /** What the insured paid per coverage over the members so far (as `Settlement.claimed`). */
  claimed: Float64Array;
  members: ChainMember[];
  /** What the occurrence has eroded so far of the policy's aggregate and of each layer's. */
  eroded: number;
  layerEroded: Float64Array;
  /** Whether the policy's aggregate was used up before the chain began, and which layers were in force. */
  primaryExhausted: boolean;
  layerInForce: boolean[];
  /** Whether the occurrence used up the policy's aggregate (kept in its trail when recomputed). */
  usedUp: boolean;
  layerUsedUp: boolean[];
}

/** One incident of a combined occurrence: its covered loss, its own trail steps, its recoveries. */
interface ChainMember {
  /** The weights of its part: all it claimed (the policy's), and the loss its layers see. */
  covered: number;
  x: number;
  steps: TrailStep[];
  recovery: Recovery;
  layers: Recovery[];
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
    const cut = claimed[BUSINESS_INTERRUPTION]! * (1 - claimableAfterWaiting(incident, policy.waitingHours, state.model.market));
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

  if (policy.chainIsOneOccurrence && state.chainSizes.get(state.roots.get(incidentId(incident))!)! > 1) {
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

/**
 * Adds an incident of a trigger chain to the policy's combined occurrence (`related_incidents:
 * one_occurrence`) and settles the occurrence again on the members' combined loss: one retention,
 * coinsurance, sublimits and limit, and the layers on the same combined loss, each cover's
 * aggregate eroded by what the occurrence pays beyond what it paid before. Each payment is split
 * back to the members pro rata to their covered loss (the last takes the rest), and every
 * member's recoveries and trails are rewritten.
 */
function settleChain(state: Settlement, policy: CompiledPolicy, incident: Incident, total: number, steps: TrailStep[]): void {
  const root = state.roots.get(incidentId(incident))!;
  const key = `${policy.index}:${root}`;
  let chain = state.chains.get(key);
  if (!chain) {
    chain = {
      root,
      claimed: new Float64Array(COVERAGE_TAGS.length),
      members: [],
      eroded: 0,
      layerEroded: new Float64Array(policy.layers.length),
      primaryExhausted: state.left[policy.index]! <= CENT,
      layerInForce: policy.layers.map((layer) => state.left[layer.index]! > CENT),
      usedUp: false,
      layerUsedUp: policy.layers.map(() => false),
    };
    state.chains.set(key, chain);
  }
  const { claimed } = state;
  for (let c = 0; c < claimed.length; c++) chain.claimed[c] = chain.claimed[c]! + claimed[c]!;
  const defense = policy.terms.defenseOutsideLimits ? claimed[DEFENSE]! : 0;
  const member: ChainMember = { covered: total, x: total - defense, steps, recovery: placeholder(policy, incident), layers: [] };
  if (state.recoveries === NONE) state.recoveries = [];
  state.recoveries.push(member.recovery);
  for (const layer of policy.layers) {
    const recovery = placeholder(layer, incident);
    member.layers.push(recovery);
    state.recoveries.push(recovery);
    state.unused.add(recovery);
  }
  chain.members.push(member);

  const payment = payPrimary(policy.terms, chain.claimed, state.left[policy.index]! + chain.eroded, state.paid);
  const before = payment.steps.length;
  erode(state, policy, { ...payment, eroded: payment.eroded - chain.eroded }, true);
  if (payment.steps.slice(before).some((step) => step.reason === 'aggregate_used_up')) chain.usedUp = true;
  else if (chain.usedUp && !payment.steps.some((step) => step.reason === 'aggregate_binding')) payment.steps.push({ rule: 'insurance', reason: 'aggregate_used_up' });
  chain.eroded = payment.eroded;
  shareOut(chain, payment.paid, payment.utilisation, payment.steps, (m) => m.covered, (m) => m.recovery, true);

  const { x } = payment;
  let floor = policy.terms.retention + (chain.primaryExhausted ? 0 : widthOf(policy.terms));
  policy.layers.forEach((layer, l) => {
    const attachment = layer.dropDown ? Math.min(floor, layer.terms.attachment) : layer.terms.attachment;
    const dropped = attachment < layer.terms.attachment;
    if (chain.layerInForce[l]) floor = Math.max(floor, attachment + widthOf(layer.terms));
    if (x <= attachment) return;
    const paid = payLayer(dropped ? { ...layer.terms, attachment } : layer.terms, x, state.left[layer.index]! + chain.layerEroded[l]!);
    const start = paid.steps.length;
    erode(state, layer, { ...paid, eroded: paid.eroded - chain.layerEroded[l]! }, true);
    if (paid.steps.slice(start).some((step) => step.reason === 'aggregate_used_up')) chain.layerUsedUp[l] = true;
    else if (chain.layerUsedUp[l] && !paid.steps.some((step) => step.reason === 'aggregate_binding')) paid.steps.push({ rule: 'insurance', reason: 'aggregate_used_up' });
    chain.layerEroded[l] = paid.eroded;
    const layerSteps = dropped ? [{ rule: 'insurance', reason: 'dropped_down', amount: attachment }, ...paid.steps] : paid.steps;
    for (const m of chain.members) state.unused.delete(m.layers[l]!);
    shareOut(chain, paid.paid, paid.utilisation, layerSteps, (m) => m.x, (m) => m.layers[l]!, false);
  });
}

/** A member's recovery before the occurrence is settled: nothing paid yet. */
function placeholder(cover: CompiledPolicy | CompiledLayer, incident: Incident): Recovery {
  return { incident, policy: cover.name, insured: cover.insured, amount: 0, utilisation: 0, trail: NONE };
}

/**
 * Splits one cover's payment for a combined occurrence over its members pro rata to `weight`,
 * and rewrites each member's recovery: its part, the occurrence's utilisation, and a trail of
 * the grouping, the member's own steps (the policy's, not a layer's) and the occurrence's terms.
 */
function shareOut(
  chain: Chain,
  amount: number,
  utilisation: number,
  terms: readonly TrailStep[],
  weight: (member: ChainMember) => number,
  recoveryOf: (member: ChainMember) => Recovery,
  ownSteps: boolean,
): void {
  const weights = chain.members.map(weight);
  const parts = splitProRata(amount, weights);
  const whole = weights.reduce((sum, value) => sum + value, 0);
  const grouped = chain.members.length > 1;
  chain.members.forEach((member, index) => {
    const recovery = recoveryOf(member);
    recovery.amount = parts[index]!;
    recovery.utilisation = utilisation;
    const grouping: TrailStep[] = grouped
      ? [{ rule: 'insurance', reason: 'related_one_occurrence', root: chain.root, share: whole > 0 ? weights[index]! / whole : 0 }]
      : [];
    recovery.trail = ownSteps ? [...grouping, ...member.steps, ...terms] : [...grouping, ...terms];
    if (grouped) recovery.occurrence = { root: chain.root, part: index + 1, parts: chain.members.length, amount };
    else delete recovery.occurrence;
  });
}

/** The band of the loss X a cover takes up: limit / (1 − coinsurance). */
function widthOf(terms: { limit: number; coinsurance: number }): number {
  return terms.coinsurance < 1 ? terms.limit / (1 - terms.coinsurance) : Infinity;
}

/** Whether a condition or an exclusion of the incident itself denies the whole occurrence. */
function denyOccurrence(state: Settlement, policy: CompiledPolicy, incident: Incident): TrailStep | undefined {
  const excluded = policy.excludedDefinitions.get(incident.name);
  if (excluded) return { rule: 'insurance', reason: `excluded_${excluded}` };
  // Both breach terms concern the insured's own systems: a processor's unpatched gateway or
  // missing MFA does not void the platform's cover.
  if (incident.type === 'breach' && (policy.brokenWarranty !== undefined || policy.exclusions.has('known_unpatched_vulnerability'))) {
    const finding = findNegligence(incident, state.model.liability);
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
function streamFor(state: Settlement, policy: CompiledPolicy, incident: Incident, purpose: 'notice' | 'take_up'): RandomStream {
  return createStream(state.model.seed, state.trial.context.trial, policyDrawKey(policy, `${purpose}:${incidentId(incident)}`));
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

function erode(state: Settlement, cover: CompiledPolicy | CompiledLayer, payment: OccurrencePayment, erodes: boolean): void {
  if (!erodes || payment.eroded <= 0) return;
  const before = state.left[cover.index]!;
  const after = before - payment.eroded;
  state.left[cover.index] = after;
  if (cover.reinstatements > 0 && cover.aggregate > 0) {
    const reinstated = Math.min(cover.reinstatements, Math.floor((cover.capacity - after) / cover.aggregate));
    const already = Math.min(cover.reinstatements, Math.floor((cover.capacity - before) / cover.aggregate));
    if (reinstated > already && after > CENT) payment.steps.push({ rule: 'insurance', reason: 'aggregate_reinstated', amount: (reinstated - already) * cover.aggregate });
  }
  if (after <= CENT && before > CENT) {
    if (state.exhausted === NONE) state.exhausted = [];
    state.exhausted.push(cover.index);
    if (!payment.steps.some((step) => step.reason === 'aggregate_binding')) payment.steps.push({ rule: 'insurance', reason: 'aggregate_used_up' });
  }
}

function record(state: Settlement, cover: CompiledPolicy | CompiledLayer, incident: Incident, amount: number, utilisation: number, trail: TrailStep[]): void {
  if (state.recoveries === NONE) state.recoveries = [];
  state.recoveries.push({ incident, policy: cover.name, insured: cover.insured, amount, utilisation, trail });
}
