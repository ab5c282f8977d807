import { describe, expect, it } from 'vitest';
import { simulateTrial } from '../../src/engine/simulate-chunk.ts';
import { compileModel } from '../../src/engine/simulation-model.ts';
import { incidentId, type Incident, type LossEventIncident } from '../../src/incidents/incident.ts';
import type { Scenario } from '../../src/scenario/schema/scenario-schema.ts';
import { compareStrategies, pairedDifference, type ComparisonRow } from '../../src/stats/compare-strategies.ts';
import { summarizeRun } from '../../src/stats/summarize-run.ts';
import { buildScenario } from '../helpers/build-scenario.ts';
import { constant, marketScenario } from '../helpers/fixed-trial.ts';
import { annualOf, simulateTable } from '../helpers/strategy-table.ts';

/**
 * Strategies in the engine: every strategy replays the same trials with the same draws (MODEL §3,
 * common random numbers), so comparisons come from paired per-trial differences (§10).
 *
 * The scenario: outages on the flat market (Poisson 2 a year, no churn), and card fraud the
 * platform bears (Poisson 3, heavy lognormal): background risk no strategy touches. `failover`
 * halves the outage frequency and costs the platform 100,000 a year.
 */
const OUTAGE = {
  type: 'outage',
  name: 'outage',
  frequency: { dist: 'poisson', mean: 2 },
  duration_hours: { dist: 'lognormal', p05: 1, p95: 24 },
  scope: { dist: 'uniform', min: 0.2, max: 1 },
  causes: { hardware: 1 },
  incident_response: constant(20_000),
};
const FRAUD = {
  type: 'loss_event',
  name: 'fraud',
  frequency: { dist: 'poisson', mean: 3 },
  loss: { dist: 'lognormal', p05: 5_000, p95: 500_000 },
  bearer: 'platform',
  coverage: 'third_party_damages',
};
const FAILOVER = { name: 'failover', enabled: false, annual_cost: 100_000, applies_to: ['outage'], frequency: 0.5 };
const CYBER = { name: 'cyber', insured: 'platform', covers: ['business_interruption', 'incident_response'], retention: 10_000, limit: 200_000, premium: 60_000 };

function scenarioWith(strategies: Record<string, unknown>[], extra: Record<string, unknown> = {}): Scenario {
  return marketScenario({ incidents: [OUTAGE, FRAUD], mitigations: [FAILOVER], strategies, ...extra });
}

function rowOf(rows: readonly ComparisonRow[], strategy: string, bearer: string): ComparisonRow {
  const row = rows.find((r) => r.strategy === strategy && r.bearer === bearer);
  if (!row) throw new Error(`no row for ${strategy} / ${bearer}`);
  return row;
}

describe('paired against unpaired standard errors', () => {
  const TRIALS = 3000;
  const { table } = simulateTable(scenarioWith([{ name: 'failover', mitigations: [{ name: 'failover', enabled: true }] }]), TRIALS, 7);
  const rows = compareStrategies(table, summarizeRun(table).summaries, 0);

  it("makes the platform's paired standard error a small fraction of the unpaired one", () => {
    const platform = rowOf(rows, 'failover', 'platform');
    // Measured at 3,000 trials, seed 7: paired 438, unpaired 14,476: ratio 0.030 (0.018–0.030
    // over seeds 1–10). The fraud the strategy leaves alone cancels trial by trial.
    expect(platform.sePaired / platform.seUnpaired).toBeLessThan(0.1);
    expect(platform.withinNoise).toBe(false);
    // The paired SE is sd(x_s − x_b)/√N of the same table.
    const paired = pairedDifference(annualOf(table, 'failover', 'platform'), annualOf(table, 'baseline', 'platform'));
    expect(platform.sePaired).toBeCloseTo(paired.sd / Math.sqrt(TRIALS), 9);
  });

  it('gives sellers, who bear only the thinned outages, the ratio of compound Poisson thinning: √(½ / (1 + ½)) ≈ 0.577', () => {
    // Thinning keeps a subset Y of the baseline's outages X, each with probability ½: Var(X − Y) =
    // ½·λE[L²], Var(X) = λE[L²], Var(Y) = ½·λE[L²]. Measured at seed 7: 0.566 (0.49–0.64 over seeds 1–10).
    for (const bearer of ['sellers:small', 'sellers:large']) {
      const row = rowOf(rows, 'failover', bearer);
      expect(row.sePaired / row.seUnpaired).toBeGreaterThan(0.4);
      expect(row.sePaired / row.seUnpaired).toBeLessThan(0.75);
      expect(row.difference).toBeLessThan(0);
      expect(row.withinNoise).toBe(false);
    }
  });

  it("halves the sellers' outage losses on average: the mean of y − x/2 per trial is within 4 SE of 0", () => {
    const x = annualOf(table, 'baseline', 'sellers:small');
    const y = annualOf(table, 'failover', 'sellers:small');
    const half = x.map((value) => value / 2);
    const { mean, sd } = pairedDifference(y, half);
    expect(Math.abs(mean)).toBeLessThan((4 * sd) / Math.sqrt(TRIALS));
  });

  it("adds the mitigation's annual cost to the platform's total cost of risk and nobody else's", () => {
    const platform = rowOf(rows, 'failover', 'platform');
    expect(platform.mitigationCosts).toBe(100_000);
    expect(rowOf(rows, 'baseline', 'platform').mitigationCosts).toBe(0);
    for (const bearer of ['sellers:small', 'sellers:large', 'buyers']) expect(rowOf(rows, 'failover', bearer).mitigationCosts).toBe(0);
    expect(platform.totalCostOfRisk).toBeCloseTo(platform.meanLoss + 100_000, 6);
    expect(table.costs[1]!.mitigations).toEqual([{ name: 'failover', amount: 100_000, payers: [{ bearer: 'platform', share: 1 }] }]);
    expect(table.costs[0]!.mitigations).toEqual([]);
  });
});

describe('a strategy identical to the baseline', () => {
  // `same` sets the mitigation to what it already is; `same-cover` repeats the policy's premium.
  const scenario = scenarioWith(
    [
      { name: 'same', mitigations: [{ name: 'failover', enabled: false }] },
      { name: 'same-cover', insurance: { policies: [{ name: 'cyber', premium: 60_000 }] } },
    ],
    { insurance: { policies: [CYBER] } },
  );
  const { table } = simulateTable(scenario, 500, 3);
  const rows = compareStrategies(table, summarizeRun(table).summaries, 0);

  it('has the same annual and largest losses in every trial for every bearer (common random numbers)', () => {
    expect(table.strategies).toEqual(['baseline', 'same', 'same-cover']);
    expect(table.bearers).toContain('insurer:cyber');
    for (const s of [1, 2]) {
      table.bearers.forEach((bearer, b) => {
        expect(table.years.annual(s, b), `${table.strategies[s]} ${bearer}`).toEqual(table.years.annual(0, b));
        expect(table.years.largest(s, b), `${table.strategies[s]} ${bearer}`).toEqual(table.years.largest(0, b));
      });
    }
    // Not a vacuous check: the platform and the insurer lose something.
    expect(annualOf(table, 'baseline', 'platform').some((x) => x > 0)).toBe(true);
    expect(annualOf(table, 'baseline', 'insurer:cyber').some((x) => x > 0)).toBe(true);
  });

  it('differs by exactly 0 with paired standard error 0 for every bearer, within noise', () => {
    for (const strategy of ['same', 'same-cover']) {
      for (const bearer of table.bearers) {
        const row = rowOf(rows, strategy, bearer);
        expect(row.difference, `${strategy} ${bearer}`).toBe(0);
        expect(row.sePaired, `${strategy} ${bearer}`).toBe(0);
        expect(row.withinNoise, `${strategy} ${bearer}`).toBe(true);
        expect(row.totalCostOfRisk).toBe(rowOf(rows, 'baseline', bearer).totalCostOfRisk);
      }
    }
    // The insurer receives the premium the platform pays, in every strategy.
    expect(rowOf(rows, 'same-cover', 'platform').premiums).toBe(60_000);
    expect(rowOf(rows, 'same-cover', 'insurer:cyber').premiums).toBe(-60_000);
  });
});

describe('common random numbers across strategies', () => {
  const scenario = scenarioWith(
    [
      { name: 'failover', mitigations: [{ name: 'failover', enabled: true }] },
      {
        name: 'more-cover',
        insurance: {
          policies: [
            { name: 'cyber', retention: 0, limit: 1_000_000, premium: 90_000 },
            { name: 'fraud-cover', insured: 'platform', covers: ['third_party_damages'], limit: 100_000 },
          ],
        },
      },
      { name: 'no-cover', insurance: { policies: [{ name: 'cyber', enabled: false }] } },
      { name: 'busier', mitigations: [{ name: 'failover', enabled: true, frequency: 2.5 }] },
      { name: 'cheaper-fraud', mitigations: [{ name: 'fraud-screening', applies_to: ['fraud'], severity: { loss: 0.5 } }] },
    ],
    { insurance: { policies: [CYBER] } },
  );
  const model = compileModel(scenario, 11);
  const index = (name: string) => model.strategies.indexOf(name);
  const TRIALS = 300;

  it('keeps every incident, ground-up component and liability allocation when only the insurance changes', () => {
    let components = 0;
    let recovered = 0;
    for (let trial = 1; trial <= TRIALS; trial++) {
      const base = simulateTrial(model, trial, 0);
      for (const name of ['more-cover', 'no-cover']) {
        const other = simulateTrial(model, trial, index(name));
        expect(other.context).toEqual({ trial, strategy: index(name) });
        expect(other.incidents).toEqual(base.incidents);
        expect(other.components).toEqual(base.components);
        expect(other.allocations).toEqual(base.allocations);
        if (name === 'more-cover') recovered += other.recoveries.reduce((sum, r) => sum + r.amount, 0) - base.recoveries.reduce((sum, r) => sum + r.amount, 0);
        if (name === 'no-cover') expect(other.recoveries).toEqual([]);
      }
      components += base.components.length;
    }
    expect(components).toBeGreaterThan(TRIALS * 5); // ~5 outages and fraud a year, several components each
    expect(recovered).toBeGreaterThan(0); // the insurance did change
  });

  it('keeps a subset of the baseline incidents, each unchanged, when a mitigation halves the frequency (thinning)', () => {
    let candidates = 0;
    let kept = 0;
    for (let trial = 1; trial <= TRIALS; trial++) {
      const base = simulateTrial(model, trial, 0);
      const thinned = simulateTrial(model, trial, index('failover'));
      const byId = new Map(base.incidents.map((incident) => [incidentId(incident), incident]));
      for (const incident of thinned.incidents) expect(incident, incidentId(incident)).toEqual(byId.get(incidentId(incident)));
      // Fraud is not thinned: all of it is kept.
      const names = (incidents: Incident[], name: string) => incidents.filter((incident) => incident.name === name).map(incidentId);
      expect(names(thinned.incidents, 'fraud')).toEqual(names(base.incidents, 'fraud'));
      candidates += names(base.incidents, 'outage').length;
      kept += names(thinned.incidents, 'outage').length;
      // Without churn, a kept outage meets the same demand: its components are unchanged too.
      const componentsOf = (trialRecord: typeof base, id: string) => trialRecord.components.filter((c) => incidentId(c.incident) === id).map((c) => [c.kind, c.sufferer, c.amount, c.coverage]);
      for (const id of names(thinned.incidents, 'outage')) expect(componentsOf(thinned, id)).toEqual(componentsOf(base, id));
    }
    // ~600 candidates kept with probability ½: sd ≈ 12.
    expect(candidates).toBeGreaterThan(500);
    expect(Math.abs(kept / candidates - 0.5)).toBeLessThan(0.08);
  });

  it('keeps every baseline incident and adds independent extra rounds when the multiplier is above 1', () => {
    let extra = 0;
    for (let trial = 1; trial <= TRIALS; trial++) {
      const base = simulateTrial(model, trial, 0);
      const busier = simulateTrial(model, trial, index('busier'));
      const byId = new Map(busier.incidents.map((incident) => [incidentId(incident), incident]));
      for (const incident of base.incidents) expect(byId.get(incidentId(incident)), incidentId(incident)).toEqual(incident);
      extra += busier.incidents.length - base.incidents.length;
    }
    // 1.5 × 2 extra outages a year: ~900 over 300 trials.
    expect(extra / TRIALS).toBeGreaterThan(2.6);
    expect(extra / TRIALS).toBeLessThan(3.4);
  });

  it('scales the same severity draw when a mitigation scales a severity', () => {
    let compared = 0;
    for (let trial = 1; trial <= TRIALS; trial++) {
      const base = simulateTrial(model, trial, 0);
      const cheaper = simulateTrial(model, trial, index('cheaper-fraud'));
      expect(cheaper.incidents.map(incidentId)).toEqual(base.incidents.map(incidentId));
      base.incidents.forEach((incident, i) => {
        const other = cheaper.incidents[i]!;
        if (incident.type === 'loss_event') {
          expect((other as LossEventIncident).lossAmount).toBe((incident as LossEventIncident).lossAmount * 0.5);
          compared++;
        } else {
          expect(other).toEqual(incident);
        }
      });
    }
    expect(compared).toBeGreaterThan(TRIALS * 2);
  });
});

describe("mitigation costs in the payer's total cost of risk", () => {
  const FRAUD_ON_SELLERS = {
    type: 'seller_misconduct',
    name: 'fraud',
    frequency: { dist: 'poisson', mean: 2 },
    kind: 'undelivered',
    orders: constant(3),
    order_value: constant(100),
  };
  /** The mitigation costs per bearer of the `vetting` strategy, where vetting costs 12,000 paid by `paidBy`. */
  function vettingCosts(scenario: Scenario): Map<string, number> {
    const { table } = simulateTable(scenario, 50, 1);
    const rows = compareStrategies(table, summarizeRun(table).summaries, 0).filter((row) => row.strategy === 'vetting');
    return new Map(rows.map((row) => [row.bearer, row.mitigationCosts]));
  }
  const sum = (costs: Map<string, number>) => [...costs.values()].reduce((a, b) => a + b, 0);
  const vetting = (paidBy?: string) => ({ name: 'vetting', enabled: false, annual_cost: 12_000, frequency: 0.5, ...(paidBy ? { paid_by: paidBy } : {}) });
  const strategies = [{ name: 'vetting', mitigations: [{ name: 'vetting', enabled: true }] }];

  it('books a cost paid by one seller segment to that segment', () => {
    const costs = vettingCosts(marketScenario({ incidents: [FRAUD_ON_SELLERS], mitigations: [vetting('sellers:small')], strategies }));
    expect(costs.get('sellers:small')).toBe(12_000);
    expect(sum(costs)).toBe(12_000);
  });

  it('books a cost paid by all sellers to the seller segments (12,000 in all)', () => {
    const costs = vettingCosts(marketScenario({ incidents: [FRAUD_ON_SELLERS], mitigations: [vetting('sellers')], strategies }));
    expect(sum(costs)).toBeCloseTo(12_000, 6);
  });

  it('books a cost paid by the platform when no loss event falls on the platform', () => {
    const scenario = buildScenario({
      incidents: [{ type: 'loss_event', name: 'fraud', frequency: { dist: 'poisson', mean: 2 }, loss: constant(1_000), bearer: 'sellers' }],
      mitigations: [vetting()],
      strategies,
    });
    const costs = vettingCosts(scenario);
    expect(costs.get('platform')).toBe(12_000);
  });
});
