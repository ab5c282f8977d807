import { incidentId, type Incident } from '../incidents/incident.ts';
import type { TrailStep } from '../liability/allocation.ts';
import { COVERAGE_TAGS } from '../scenario/vocabulary.ts';
import type { CompiledLayer, CompiledPolicy } from './insurance-program.ts';
import { CENT, COVERAGE_INDEX, payLayer, payPrimary } from './occurrence-terms.ts';
import type { Recovery } from './recovery.ts';
import { splitProRata } from './related-occurrence.ts';
import { erode, NONE, widthOf, type Settlement } from './settlement.ts';

const DEFENSE = COVERAGE_INDEX.get('defense_costs')!;

/** One policy's occurrence combining the incidents of a trigger chain, as its incidents arrive. */
export interface Chain {
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

/**
 * Adds an incident of a trigger chain to the policy's combined occurrence (`related_incidents:
 * one_occurrence`) and settles the occurrence again on the members' combined loss: one retention,
 * coinsurance, sublimits and limit, and the layers on the same combined loss, each cover's
 * aggregate eroded by what the occurrence pays beyond what it paid before. Each payment is split
 * back to the members pro rata to their covered loss (the last takes the rest), and every
 * member's recoveries and trails are rewritten.
 */
export function settleChain(state: Settlement, policy: CompiledPolicy, incident: Incident, total: number, steps: TrailStep[]): void {
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
  shareOut(
    chain,
    payment.paid,
    payment.utilisation,
    payment.steps,
    (m) => m.covered,
    (m) => m.recovery,
    true,
  );

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
    shareOut(
      chain,
      paid.paid,
      paid.utilisation,
      layerSteps,
      (m) => m.x,
      (m) => m.layers[l]!,
      false,
    );
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
    const grouping: TrailStep[] = grouped ? [{ rule: 'insurance', reason: 'related_one_occurrence', root: chain.root, share: whole > 0 ? weights[index]! / whole : 0 }] : [];
    recovery.trail = ownSteps ? [...grouping, ...member.steps, ...terms] : [...grouping, ...terms];
    if (grouped) recovery.occurrence = { root: chain.root, part: index + 1, parts: chain.members.length, amount };
    else delete recovery.occurrence;
  });
}
