import { from } from 'rxjs';
import { expect } from 'vitest';
import { stageInputs } from '../../src/engine/simulate-chunk.ts';
import { compileModel, type SimulationModel } from '../../src/engine/simulation-model.ts';
import { TrialRecord } from '../../src/engine/trial-record.ts';
import { trialEnd, trialStart } from '../../src/pipeline/trial-events.ts';
import { assessImpacts } from '../../src/impacts/assess-impacts.ts';
import type { ImpactedTrial, LossComponent } from '../../src/impacts/loss-component.ts';
import { generateIncidents } from '../../src/incidents/generate-incidents.ts';
import { exposeMarket } from '../../src/market/expose-market.ts';
import type { Scenario } from '../../src/scenario/schema/scenario-schema.ts';
import { buildScenario } from './build-scenario.ts';

/**
 * Fixed-draw trials for hand-checked impact tests: a flat market whose numbers are easy to work
 * with, constant distributions, and one trial run through the real market → incidents → impacts
 * stages.
 */

/** Half a cent: the tolerance of every money check (STYLE.md). */
export const HALF_CENT = 0.005;

/** A `constant` severity distribution. */
export function constant(value: number): { dist: 'constant'; value: number } {
  return { dist: 'constant', value };
}

/** A `fixed` count distribution. */
export function fixed(value: number): { dist: 'fixed'; value: number } {
  return { dist: 'fixed', value };
}

/**
 * A marketplace with flat demand: GMV 87,600,000 a year over 8,760 hours of 2027 is 10,000 an hour,
 * every hour. Two seller segments; a payment processor holding cards and a cloud host holding
 * contact data. Platform turnover (derived) = 87.6M × 0.1 + 1,000 × 1,200 + 10 × 50,000 = 10,460,000.
 */
export const FLAT_MARKET = {
  gmv: 87_600_000,
  take_rate: 0.1,
  recapture: 0.25,
  average_order_value: 50,
  buyers: {
    accounts: 1_000_000,
    records_per_account: { contact: 1, payment_card: 0.5 },
    jurisdictions: { eu: 0.3, california: 0.2, other: 0.5 },
  },
  sellers: [
    { name: 'small', count: 1000, gmv_share: 0.4, margin: 0.25, annual_fees: 1200 },
    { name: 'large', count: 10, gmv_share: 0.6, margin: 0.1, annual_fees: 50_000 },
  ],
  platform: {
    processors: [
      { name: 'payments', role: 'payment_processor', data_classes: ['payment_card'] },
      { name: 'cloud', role: 'cloud_host', data_classes: ['contact'] },
    ],
  },
} as const;

/** Demand per hour of `FLAT_MARKET`. */
export const FLAT_RATE = 10_000;

/** A validated scenario on `FLAT_MARKET` (or the market given), with the other fields as given. */
export function marketScenario(input: Record<string, unknown>, market: Record<string, unknown> = FLAT_MARKET): Scenario {
  // Nobody is found negligent unless a test says so: negligence raises fines, which these tests hold fixed.
  return buildScenario({ market, negligence: { base: 0 }, ...input });
}

/** One trial after the impact stage, with the model it ran on. */
export interface FixedTrial extends ImpactedTrial {
  model: SimulationModel;
}

/** Runs trial `trial` of a scenario through exposeMarket → generateIncidents → assessImpacts. */
export function runTrial(scenario: Scenario, trial = 1, seed = 1): FixedTrial {
  return runTrialOn(compileModel(scenario, seed), trial);
}

/** As `runTrial`, on a model compiled once. */
export function runTrialOn(model: SimulationModel, trial = 1): FixedTrial {
  let result: ImpactedTrial | undefined;
  const input = stageInputs(model);
  const record = new TrialRecord({ trial, strategy: 0 });
  from([trialStart(record), trialEnd(record)])
    .pipe(exposeMarket(input.market), generateIncidents(input.incidents), assessImpacts(input.impacts))
    .subscribe((event) => {
      if (event.kind === 'trial-end') result = event.trial;
    });
  if (!result) throw new Error('the pipeline emitted no trial');
  return Object.assign(result, { model });
}

/** An expected component: kind, sufferer, amount and coverage tag. */
export type ExpectedComponent = [kind: string, sufferer: string, amount: number, coverage: string];

/**
 * Expects exactly these components (as a multiset: order does not matter), each amount within
 * half a cent of the hand calculation.
 */
export function expectComponents(actual: readonly LossComponent[], expected: readonly ExpectedComponent[]): void {
  const order = (a: ExpectedComponent, b: ExpectedComponent) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]) || a[3].localeCompare(b[3]) || a[2] - b[2];
  const got = actual.map((c): ExpectedComponent => [c.kind, c.sufferer, c.amount, c.coverage]).sort(order);
  const want = [...expected].sort(order);
  const describe = (list: ExpectedComponent[]) => list.map((c) => `${c[0]} ${c[1]} ${c[2]} (${c[3]})`).join('\n');
  expect(
    got.map(([kind, sufferer, , coverage]) => [kind, sufferer, coverage]),
    `got:\n${describe(got)}`,
  ).toEqual(want.map(([kind, sufferer, , coverage]) => [kind, sufferer, coverage]));
  got.forEach((component, index) => {
    const amount = want[index]![2];
    expect(Math.abs(component[2] - amount), `${component[0]} ${component[1]}: got ${component[2]}, expected ${amount}`).toBeLessThanOrEqual(HALF_CENT);
  });
}

/** The sum of the components' amounts. */
export function totalOf(components: readonly LossComponent[]): number {
  return components.reduce((total, component) => total + component.amount, 0);
}

/** Expects `actual` within half a cent of `expected`. */
export function expectCents(actual: number, expected: number): void {
  expect(Math.abs(actual - expected), `got ${actual}, expected ${expected}`).toBeLessThanOrEqual(HALF_CENT);
}

/**
 * Breach unit costs the breach tests hand-calculate with: unlike the defaults, so the tests read
 * them. Forensics for 20 days to contain: 40,000 + 20 × 3,000 = 100,000.
 */
export const TEST_BREACH_COSTS = {
  forensics_fixed: 40_000,
  forensics_per_day: 3_000,
  notification_per_record: 1.5,
  credit_monitoring_per_record: 12,
  credit_monitoring_uptake: 0.2,
  pci_per_card: 4,
  legal_defense: constant(300_000),
};
