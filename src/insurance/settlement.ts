import type { AllocatedTrial, TrailStep } from '../liability/allocation.ts';
import type { Incident } from '../incidents/incident.ts';
import type { InsuranceStageInput } from './apply-insurance.ts';
import type { CompiledLayer, CompiledPolicy } from './insurance-program.ts';
import { CENT, type OccurrencePayment } from './occurrence-terms.ts';
import type { Recovery } from './recovery.ts';
import type { Chain } from './settle-chain.ts';

/** The shared empty list of a trial without recoveries or exhausted covers. */
export const NONE: never[] = [];

/** The state of one trial's insurance settlement. */
export interface Settlement {
  /** What the stage reads (seed, program, negligence, market). */
  input: InsuranceStageInput;
  trial: AllocatedTrial;
  /** Aggregate left per policy and layer (per holder for per-seller policies). */
  left: Float64Array;
  /** Scratch: what the insured paid per coverage tag in the current occurrence. */
  claimed: Float64Array;
  /** Scratch: what the current policy paid per coverage tag. */
  paid: Float64Array;
  /** Per insured: what earlier policies already paid per coverage tag in the current incident. */
  recovered: Map<string, Float64Array>;
  /** The same tables as a list, cleared at each incident a policy answers. */
  recoveredTables: Float64Array[];
  /** The trial's recoveries and exhausted covers: the shared empty list until the first. */
  recoveries: Recovery[];
  exhausted: number[];
  /** Whether a policy treats trigger chains as one occurrence; then the fields below are kept. */
  chained: boolean;
  /** The trial's incidents by id: the root of each one's trigger chain, and each chain's size by root. */
  roots: ReadonlyMap<string, string>;
  chainSizes: ReadonlyMap<string, number>;
  /** The trial's combined occurrences so far, by policy index and root. */
  chains: Map<string, Chain>;
  /** Layer recoveries of chain members that the combined loss has not reached (yet). */
  unused: Set<Recovery>;
}

/** The band of the loss X a cover takes up: limit / (1 − coinsurance). */
export function widthOf(terms: { limit: number; coinsurance: number }): number {
  return terms.coinsurance < 1 ? terms.limit / (1 - terms.coinsurance) : Infinity;
}

/** Erodes a cover's aggregate by what a payment used of it, recording a reinstatement and the aggregate running out. */
export function erode(state: Settlement, cover: CompiledPolicy | CompiledLayer, payment: OccurrencePayment, erodes: boolean): void {
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

/** Adds a recovery to the trial's list. */
export function record(state: Settlement, cover: CompiledPolicy | CompiledLayer, incident: Incident, amount: number, utilisation: number, trail: TrailStep[]): void {
  if (state.recoveries === NONE) state.recoveries = [];
  state.recoveries.push({ incident, policy: cover.name, insured: cover.insured, amount, utilisation, trail });
}
