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
    tvar_99_difference: row.tvar99Difference,
    se_tvar_99_difference: row.seTvar99Difference,
    capital_cost: row.capitalCost,
    total_with_capital: row.totalWithCapital,
    difference_with_capital: row.differenceWithCapital,
    se_difference_with_capital: row.seDifferenceWithCapital,
    within_tolerance: row.tolerance?.within,
    worst_breach_loss: row.tolerance?.worstBreach?.loss,
    worst_breach_probability: row.tolerance?.worstBreach?.simulated,
    worst_breach_acceptable: row.tolerance?.worstBreach?.acceptable,
  };
}
