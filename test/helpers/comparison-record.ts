import type { ComparisonRecord } from '../../src/report/run-data.ts';
import type { ComparisonRow } from '../../src/stats/compare-strategies.ts';

/** A comparison row as comparison.csv holds it (and as the run's charts read it back). */
export function comparisonRecord(row: ComparisonRow): ComparisonRecord {
  return {
    strategy: row.strategy,
    bearer: row.bearer,
    mean_loss: row.meanLoss,
    premiums: row.premiums,
    mitigation_costs: row.mitigationCosts,
    total_cost_of_risk: row.totalCostOfRisk,
    tvar_99: row.tvar99,
    baseline: row.baseline,
    difference: row.difference,
    se_difference: row.sePaired,
    se_difference_unpaired: row.seUnpaired,
    within_noise: row.withinNoise,
  };
}
