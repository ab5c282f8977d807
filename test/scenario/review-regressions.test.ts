import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/engine/simulation-model.ts';
import { simulateTrial } from '../../src/engine/simulate-chunk.ts';
import type { ScenarioError } from '../../src/errors.ts';
import { weightedChoice } from '../../src/incidents/draw-helpers.ts';
import { loadScenario } from '../../src/scenario/load-scenario.ts';
import { buildScenario } from '../helpers/build-scenario.ts';
import { constant, FLAT_MARKET, marketScenario, runTrial } from '../helpers/fixed-trial.ts';
import { PROJECT_ROOT } from '../helpers/run-cli.ts';

describe('bad input that used to fail at run time', () => {
  it('rejects an average order value of 0, a year without demand and a huge frequency multiplier', () => {
    const file = join(PROJECT_ROOT, 'test/fixtures/scenarios/bad/zero-demand-and-limits.yaml');
    let issues: ScenarioError['issues'] = [];
    try {
      loadScenario(file);
    } catch (error) {
      issues = (error as ScenarioError).issues;
    }
    expect(issues.map(({ line, column, path, message }) => `${line}:${column} ${path}: ${message}`)).toEqual([
      '5:24 market.average_order_value: expected an average order value above 0, got 0',
      '8:5 market.seasonality: expected demand in at least one hour of the year, got a total weight of 0',
      '10:37 mitigations[0].frequency: expected a frequency multiplier of at most 100, got 1000000000',
    ]);
  });

  it('accepts as a bearer every segment name the language accepts (dots, capitals)', () => {
    const scenario = buildScenario({
      market: { gmv: 1e6, take_rate: 0.1, buyers: { accounts: 10 }, sellers: [{ name: 'Pro.1', count: 1, gmv_share: 1, margin: 0.2 }] },
      incidents: [{ type: 'loss_event', name: 'x', frequency: { dist: 'fixed', value: 1 }, loss: { dist: 'constant', value: 5 }, bearer: 'sellers:Pro.1' }],
    });
    expect(simulateTrial(compileModel(scenario, 1), 1).allocations.map((a) => [a.bearer, a.amount])).toEqual([['sellers:Pro.1', 5]]);
  });
});

describe('weightedChoice', () => {
  it('draws the same option whatever order the weights were written in', () => {
    const written = weightedChoice<'hardware' | 'ddos' | 'change'>({ hardware: 1, ddos: 2, change: 3 }, 'change');
    const reordered = weightedChoice<'hardware' | 'ddos' | 'change'>({ change: 3, hardware: 1, ddos: 2 }, 'change');
    for (let i = 0; i < 100; i++) {
      const u = (i + 0.5) / 100;
      expect(written(() => u)).toBe(reordered(() => u));
    }
  });
});

describe('credit monitoring', () => {
  it('is offered per notified person whose government id or health record was exposed, not to everyone', () => {
    // 1,000,000 accounts holding contact data and 0.1 government ids: a breach of 10% exposes
    // 100,000 people, of whom 10,000 have a government id on file: 10,000 × uptake 0.2 × 12.
    const market = { ...FLAT_MARKET, buyers: { ...FLAT_MARKET.buyers, records_per_account: { contact: 1, government_id: 0.1 } } };
    const trial = runTrial(
      marketScenario(
        {
          inject: [{ type: 'breach', name: 'hack', at: '2027-06-01', target: 'platform', exposed_share: constant(0.1), days_to_contain: constant(20) }],
          breach_costs: { credit_monitoring_per_record: 12, credit_monitoring_uptake: 0.2 },
          regulation: { gdpr: { fine_probability: 0 } },
        },
        market,
      ),
    );
    expect(trial.components.find((c) => c.kind === 'credit_monitoring')!.amount).toBeCloseTo(10_000 * 0.2 * 12, 6);
  });
});
