import { expect } from 'vitest';
import { simulateTrial } from '../../src/engine/simulate-chunk.ts';
import { compileModel } from '../../src/engine/simulation-model.ts';
import { incidentId } from '../../src/incidents/incident.ts';
import type { InsuredTrial } from '../../src/insurance/recovery.ts';
import type { Allocation, TrailStep } from '../../src/liability/allocation.ts';
import { FLAT_MARKET, HALF_CENT, constant, marketScenario } from './fixed-trial.ts';

/**
 * Hand-worked liability cases (MODEL §8) on the flat market of `fixed-trial.ts`: one trial of a
 * scenario run through the whole pipeline (market → incidents → impacts → liability → insurance),
 * and checks of its allocations.
 *
 * The flat market: 10,000 of GMV an hour, recapture 0.25, take rate 0.1; segment `small` (1,000
 * sellers paying 1,200 a year: 1,200,000 of fees a year, 100,000 a month; 40% of GMV, margin
 * 0.25) and `large` (10 sellers paying 50,000: 500,000 a year, 41,666.67 a month; 60% of GMV,
 * margin 0.1); processors `payments` (cards) and `cloud` (contact data); platform security
 * posture 0.5 by default.
 */

/** The flat market with the platform's security posture at 0: negligence probability = base × cause multiplier. */
export const CARELESS_MARKET = { ...FLAT_MARKET, platform: { ...FLAT_MARKET.platform, security_posture: 0 } };

/** The flat market with each segment's solvency (probability a claim against its sellers is paid). */
export function marketWithSolvency(small: number, large: number, base: Record<string, unknown> = FLAT_MARKET): Record<string, unknown> {
  const [smallSegment, largeSegment] = FLAT_MARKET.sellers;
  return {
    ...base,
    sellers: [
      { ...smallSegment, solvency: small },
      { ...largeSegment, solvency: large },
    ],
  };
}

/** A dispute section that always settles by negotiation at `share` of the claim, without legal costs. */
export function settles(share: number) {
  return { negotiation: { probability: 1, settlement: constant(share) } };
}

/** Options of a liability trial. */
export interface LiabilityTrialOptions {
  market?: Record<string, unknown>;
  trial?: number;
  seed?: number;
}

/**
 * Runs trial `trial` (default 1) of a scenario on the flat market (or the market given) through
 * the whole pipeline. Negligence has base 0 (nobody negligent) unless `input.negligence` says
 * otherwise: give `gross_share` too, its default is 0.1.
 */
export function liabilityTrial(input: Record<string, unknown>, options: LiabilityTrialOptions = {}): InsuredTrial {
  const scenario = marketScenario(input, options.market ?? FLAT_MARKET);
  return simulateTrial(compileModel(scenario, options.seed ?? 1), options.trial ?? 1);
}

/** A trail as `rule:reason` codes, in order. */
export function trailCodes(trail: readonly TrailStep[]): string[] {
  return trail.map((step) => `${step.rule}:${step.reason}`);
}

/** An expected allocation: the component's kind and sufferer, the final bearer, the amount, the trail's codes. */
export type ExpectedAllocation = [kind: string, sufferer: string, bearer: string, amount: number, trail: string[]];

/** The allocations of the incident named `name` (all of them when `name` is omitted). */
export function allocationsOf(record: InsuredTrial, name?: string): Allocation[] {
  return record.allocations.filter((a) => name === undefined || a.component.incident.name === name);
}

/**
 * Expects exactly these allocations (as a multiset: order does not matter), each amount within
 * half a cent of the hand calculation and each trail's rule:reason sequence equal.
 */
export function expectAllocations(actual: readonly Allocation[], expected: readonly ExpectedAllocation[]): void {
  const key = (a: ExpectedAllocation) => `${a[0]}|${a[1]}|${a[2]}|${a[4].join(',')}`;
  const order = (a: ExpectedAllocation, b: ExpectedAllocation) => key(a).localeCompare(key(b)) || a[3] - b[3];
  const got = actual.map((a): ExpectedAllocation => [a.component.kind, a.component.sufferer, a.bearer, a.amount, trailCodes(a.trail)]).sort(order);
  const want = [...expected].sort(order);
  const describe = (list: ExpectedAllocation[]) => list.map((a) => `${a[0]} of ${a[1]} → ${a[2]}: ${a[3]} [${a[4].join(', ')}]`).join('\n');
  expect(got.map(key), `got:\n${describe(got)}\nexpected:\n${describe(want)}`).toEqual(want.map(key));
  got.forEach((allocation, index) => {
    const amount = want[index]![3];
    expect(Math.abs(allocation[3] - amount), `${describe([allocation])}: expected ${amount}`).toBeLessThanOrEqual(HALF_CENT);
  });
}

/** What `bearer` carries in these allocations. */
export function carriedBy(allocations: readonly Allocation[], bearer: string): number {
  return allocations.filter((a) => a.bearer === bearer).reduce((total, a) => total + a.amount, 0);
}

/**
 * Expects conservation (MODEL §8): for every incident, ground-up loss + legal costs = the sum of
 * what all bearers carry, and each ground-up component is allocated in full, within half a cent.
 * Returns the totals by incident name.
 */
export function expectConserved(record: InsuredTrial): Map<string, { groundUp: number; legal: number; carried: number }> {
  const totals = new Map<string, { groundUp: number; legal: number; carried: number }>();
  const entry = (id: string) => totals.get(id) ?? totals.set(id, { groundUp: 0, legal: 0, carried: 0 }).get(id)!;
  for (const component of record.components) entry(incidentId(component.incident)).groundUp += component.amount;
  for (const allocation of record.allocations) {
    const incident = entry(incidentId(allocation.component.incident));
    incident.carried += allocation.amount;
    if (allocation.component.kind === 'legal_costs') incident.legal += allocation.amount;
  }
  for (const [id, { groundUp, legal, carried }] of totals) {
    expect(Math.abs(groundUp + legal - carried), `${id}: ground-up ${groundUp} + legal ${legal} ≠ carried ${carried}`).toBeLessThanOrEqual(HALF_CENT);
  }
  for (const component of record.components) {
    const allocated = record.allocations.filter((a) => a.component === component).reduce((sum, a) => sum + a.amount, 0);
    expect(Math.abs(allocated - component.amount), `${component.kind} of ${component.sufferer}`).toBeLessThanOrEqual(HALF_CENT);
  }
  return new Map([...totals].map(([id, value]) => [id.replace(/#\d+$/, ''), value]));
}

/** An overcharge bug injected on 1 March: 10 h window, half the orders, 20% overcharge, refund handling 2 an order, remediation 8,000; `fields` name its origin. */
export function overchargeBug(fields: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'bug',
    name: 'overcharge',
    at: '2027-03-01T00:00',
    error: 'overcharge',
    window_hours: constant(10),
    share: constant(0.5),
    price_error: constant(0.2),
    handling_fee: 2,
    remediation: constant(8_000),
    ...fields,
  };
}
