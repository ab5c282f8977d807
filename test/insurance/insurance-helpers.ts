import { expect } from 'vitest';
import { simulateTrial } from '../../src/engine/simulate-chunk.ts';
import { compileModel, type SimulationModel } from '../../src/engine/simulation-model.ts';
import type { InsuredTrial, Recovery } from '../../src/insurance/recovery.ts';
import { explainYear } from '../../src/report/explain-year.ts';
import { buildScenario } from '../helpers/build-scenario.ts';
import { constant, FLAT_MARKET, HALF_CENT, marketScenario } from '../helpers/fixed-trial.ts';
import { expectConserved } from '../helpers/liability-trial.ts';

/**
 * Whole-trial insurance checks (MODEL §9): one trial of a scenario run through every stage
 * (market → incidents → impacts → liability → insurance), and checks of its recoveries and their
 * trails against hand calculations.
 */

/** One simulated year and the model it ran on. */
export interface InsuredRun {
  record: InsuredTrial;
  model: SimulationModel;
}

/** Trial 1 of a scenario without a market (FAIR style: loss events only). */
export function fairRun(input: Record<string, unknown>, trial = 1): InsuredRun {
  const model = compileModel(buildScenario(input), 1);
  return { record: simulateTrial(model, trial), model };
}

/** Trial 1 of a scenario on the flat market of `fixed-trial.ts` (or the market given); nobody negligent unless `input.negligence` says so. */
export function marketRun(input: Record<string, unknown>, market: Record<string, unknown> = FLAT_MARKET, trial = 1): InsuredRun {
  const model = compileModel(marketScenario(input, market), 1);
  return { record: simulateTrial(model, trial), model };
}

/** A scheduled loss event with a constant loss. */
export function lossEvent(name: string, at: string, loss: number, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'loss_event', name, at, loss: constant(loss), bearer: 'platform', coverage: 'third_party_damages', ...fields };
}

/** An expected trail step: its reason alone, or its reason and the amount it records. */
export type ExpectedStep = string | [reason: string, amount: number];

/** The recoveries of `policy`, in incident order. */
export function recoveriesOf(record: InsuredTrial, policy: string): Recovery[] {
  return record.recoveries.filter((recovery) => recovery.policy === policy);
}

/** The one recovery of `policy` for the incident named `incident`. */
export function recoveryOf(record: InsuredTrial, incident: string, policy: string): Recovery {
  const found = record.recoveries.filter((recovery) => recovery.policy === policy && recovery.incident.name === incident);
  expect(found, `recoveries of ${policy} for ${incident}: ${describe(record.recoveries)}`).toHaveLength(1);
  return found[0]!;
}

/**
 * Expects a recovery of `amount` (within half a cent) whose trail is exactly these insurance
 * steps, in order, each amount given within half a cent.
 */
export function expectRecovery(recovery: Recovery, amount: number, trail: readonly ExpectedStep[]): void {
  const label = describe([recovery]);
  expect(
    recovery.trail.map((step) => `${step.rule}:${step.reason}`),
    label,
  ).toEqual(trail.map((step) => `insurance:${typeof step === 'string' ? step : step[0]}`));
  trail.forEach((step, index) => {
    if (typeof step === 'string') return;
    const got = recovery.trail[index]!.amount;
    expect(got, `${label}: ${step[0]}`).toBeDefined();
    expect(Math.abs(got! - step[1]), `${label}: ${step[0]} recorded ${got}, expected ${step[1]}`).toBeLessThanOrEqual(HALF_CENT);
  });
  expect(Math.abs(recovery.amount - amount), `${label}: expected ${amount}`).toBeLessThanOrEqual(HALF_CENT);
}

/** The names of the policies and layers whose aggregate ran out in the trial. */
export function exhaustedNames(run: InsuredRun): string[] {
  return run.record.exhausted.map((index) => run.model.insurance.covers[index]!.name);
}

/** Each bearer's net for the year (allocations, then recoveries), as `faultline explain` and the ledger book it. */
export function netsOf(run: InsuredRun): Record<string, number> {
  const explanation = explainYear(run.record, { model: run.model, seed: 1, selection: { method: 'given' } });
  return Object.fromEntries(explanation.totals.map((total) => [total.bearer, total.net]));
}

/**
 * Expects conservation with insurance (MODEL §8): allocations conserve each incident's loss,
 * recoveries only move it (what the insureds recover, the insurers pay), so all parties' nets
 * add up to the ground-up loss plus legal costs, within half a cent.
 */
export function expectInsuranceConserved(run: InsuredRun): void {
  expectConserved(run.record);
  const explanation = explainYear(run.record, { model: run.model, seed: 1, selection: { method: 'given' } });
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  expect(Math.abs(sum(explanation.totals.map((total) => total.insurance)))).toBeLessThanOrEqual(HALF_CENT * explanation.totals.length);
  const legal = sum(run.record.allocations.filter((a) => a.component.kind === 'legal_costs').map((a) => a.amount));
  const groundUp = sum(run.record.components.map((c) => c.amount));
  expect(Math.abs(sum(explanation.totals.map((total) => total.net)) - groundUp - legal)).toBeLessThanOrEqual(HALF_CENT * explanation.totals.length);
}

function describe(recoveries: readonly Recovery[]): string {
  return recoveries.map((r) => `${r.incident.name}/${r.policy}: ${r.amount} [${r.trail.map((s) => `${s.reason}${s.amount === undefined ? '' : `=${s.amount}`}`).join(', ')}]`).join('; ');
}
