import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileModel, type SimulationModel } from '../../src/engine/simulation-model.ts';
import { simulateTrial } from '../../src/engine/simulate-chunk.ts';
import { incidentId, type Incident } from '../../src/incidents/incident.ts';
import type { CompiledLayer, CompiledPolicy } from '../../src/insurance/insurance-program.ts';
import { insuredCoverage } from '../../src/insurance/insured-coverage.ts';
import type { InsuredTrial, Recovery } from '../../src/insurance/recovery.ts';
import { insuredMarketplaceArbitrary } from '../helpers/random-scenario.ts';

/**
 * Insurance through whole simulated trials (MODEL §9): random marketplaces with random
 * programs (presets or explicit covers, random retention, limit, aggregate, reinstatements,
 * coinsurance, share, sublimits, defense form, notice; layers stacked end to end, some dropping
 * down), run with `compileModel` + `simulateTrial`, and the limits each recovery must respect.
 */

const HALF_CENT = 0.005;
const RUNS = 150;

type Cover = CompiledPolicy | CompiledLayer;

/** `a ≤ b` to half a cent (and to rounding of large amounts). */
function expectAtMost(a: number, b: number, label: string): void {
  expect(a, `${label}: ${a} > ${b}`).toBeLessThanOrEqual(b + HALF_CENT + 1e-12 * Math.abs(b));
}

/** What a recovery paid for defense outside limits (not subject to the limit nor the aggregate). */
function defenseOutside(recovery: Recovery): number {
  return recovery.trail.find((step) => step.reason === 'defense_outside_limits')?.amount ?? 0;
}

/** Per incident and bearer: the sum of its positive allocations, and of those the insurer sees as defense costs. */
function carriedByIncident(record: InsuredTrial): Map<Incident, Map<string, { carried: number; defense: number }>> {
  const byIncident = new Map<Incident, Map<string, { carried: number; defense: number }>>();
  for (const allocation of record.allocations) {
    if (allocation.amount <= 0) continue;
    const incident = allocation.component.incident;
    const bearers = byIncident.get(incident) ?? byIncident.set(incident, new Map()).get(incident)!;
    const entry = bearers.get(allocation.bearer) ?? bearers.set(allocation.bearer, { carried: 0, defense: 0 }).get(allocation.bearer)!;
    entry.carried += allocation.amount;
    if (insuredCoverage(allocation) === 'defense_costs') entry.defense += allocation.amount;
  }
  return byIncident;
}

/** Checks one trial's recoveries against the terms of their policies and layers; returns the trail reasons seen. */
function expectRecoveriesWithinTerms(model: SimulationModel, record: InsuredTrial): Set<string> {
  const covers = new Map<string, Cover>(model.insurance.covers.map((cover) => [cover.name, cover]));
  const carried = carriedByIncident(record);
  const yearly = new Map<Cover, number>();
  const tower = new Map<string, number>();
  const reasons = new Set<string>();
  for (const recovery of record.recoveries) {
    const cover = covers.get(recovery.policy)!;
    const label = `${recovery.policy} on ${incidentId(recovery.incident)}`;
    expect(cover, label).toBeDefined();
    expect(cover.perSeller, 'the random programs hold no per-seller policies').toBeUndefined();
    expect(recovery.insured, label).toBe(cover.insured);
    expect(recovery.amount, label).toBeGreaterThanOrEqual(0);
    expect(recovery.utilisation, label).toBeGreaterThanOrEqual(0);
    expect(recovery.utilisation, label).toBeLessThanOrEqual(1 + 1e-12);
    for (const step of recovery.trail) {
      reasons.add(step.reason);
      expect(step.rule, label).toBe('insurance');
      if (step.amount !== undefined) expect(step.amount, `${label}: ${step.reason}`).toBeGreaterThanOrEqual(0);
    }

    const insured = carried.get(recovery.incident)?.get(recovery.insured) ?? { carried: 0, defense: 0 };
    const defense = defenseOutside(recovery);
    if (cover.kind === 'layer' || !cover.terms.defenseOutsideLimits) expect(defense, label).toBe(0);
    else expectAtMost(defense, cover.terms.share * (1 - cover.terms.coinsurance) * insured.defense, `${label}: defense outside limits`);

    // Per occurrence: share · limit (defense outside limits on top).
    expectAtMost(recovery.amount - defense, cover.terms.share * cover.terms.limit, `${label}: share · limit`);
    // Never more than the insured carried in the incident.
    expectAtMost(recovery.amount, insured.carried, `${label}: what ${recovery.insured} carried`);
    yearly.set(cover, (yearly.get(cover) ?? 0) + recovery.amount - defense);

    // A primary and the layers stacked end to end over it together, drop-down included (a layer
    // that drops down sits on what is left below it: see drop-down.test.ts).
    const primary = cover.kind === 'layer' ? cover.over : cover;
    const key = `${primary.name}|${incidentId(recovery.incident)}`;
    tower.set(key, (tower.get(key) ?? 0) + recovery.amount);
    expectAtMost(tower.get(key)!, insured.carried, `${key}: policy and layers, what ${recovery.insured} carried`);
  }
  // Per year: aggregate × (1 + reinstatements), the aggregate defaulting to limit × share.
  for (const [cover, total] of yearly) {
    const definition = [...model.scenario.insurance.policies, ...model.scenario.insurance.layers].find((d) => d.name === cover.name)!;
    const aggregate = definition.aggregate_limit ?? definition.limit * definition.share;
    expect(cover.capacity).toBeCloseTo(aggregate * (1 + definition.reinstatements), 6);
    expectAtMost(total, aggregate * (1 + definition.reinstatements), `${cover.name}: the year`);
  }
  return reasons;
}

describe('insurance in simulated trials', () => {
  it("every recovery is ≥ 0, ≤ share · limit, ≤ what the insured carried; each policy's year ≤ its aggregate × (1 + reinstatements)", () => {
    fc.assert(
      fc.property(insuredMarketplaceArbitrary, fc.integer({ min: 1, max: 10_000 }), ({ scenario, seed }, trial) => {
        const model = compileModel(scenario, seed);
        expectRecoveriesWithinTerms(model, simulateTrial(model, trial));
      }),
      { numRuns: RUNS },
    );
  });

  it('reaches every term across the random programs (the property above is not vacuous)', () => {
    const reasons = new Set<string>();
    let paid = 0;
    fc.assert(
      fc.property(insuredMarketplaceArbitrary, fc.integer({ min: 1, max: 10_000 }), ({ scenario, seed }, trial) => {
        const model = compileModel(scenario, seed);
        const record = simulateTrial(model, trial);
        for (const reason of expectRecoveriesWithinTerms(model, record)) reasons.add(reason);
        paid += record.recoveries.filter((recovery) => recovery.amount > 0).length;
      }),
      { numRuns: RUNS, seed: 42 },
    );
    expect(paid).toBeGreaterThan(RUNS / 2);
    const reached = [...reasons].sort().join(', ');
    for (const expected of [
      'retention',
      'within_retention',
      'coinsurance',
      'limit',
      'share',
      'aggregate_binding',
      'aggregate_exhausted',
      'aggregate_used_up',
      'aggregate_reinstated',
      'attachment',
      'dropped_down',
      'defense_outside_limits',
      'notice_late',
      'excluded_contractual_liability',
    ]) {
      expect(reasons.has(expected), `no random program reached ${expected}; reached: ${reached}`).toBe(true);
    }
    expect(
      [...reasons].some((reason) => reason.startsWith('sublimit_')),
      reached,
    ).toBe(true);
  });
});
