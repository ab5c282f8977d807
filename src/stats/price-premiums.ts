import type { YearLossTable } from '../ledger/year-loss-table.ts';
import type { SummaryRow } from './summarize-run.ts';

/**
 * Prices the premiums that follow a rule (MODEL §9, premiums): for each strategy, a cover with
 * `premium: { rule: expected_loss, target_loss_ratio, load }` costs the insurer's mean annual
 * payment on it in this run (the `expected_loss` of insurance.csv, the mean of `insurer:<name>`
 * in summary.csv) ÷ target_loss_ratio + load. Fixed premiums are left as they are.
 *
 * It runs after the simulation and before anything reads a premium (comparison, insurance.csv,
 * run.json, a sweep's total cost of risk). The mean is taken from the whole year loss table,
 * which is the same for any worker count, chunk size, shard split or cluster, so the priced
 * premium is too. Pricing changes no loss: calling it again gives the same premiums.
 */
export function pricePremiums(table: YearLossTable, summaries: readonly SummaryRow[]): void {
  table.strategies.forEach((strategy, s) => {
    for (const cost of table.costs[s]!.premiums) {
      if (!cost.rule) continue;
      const expectedLoss = summaries.find((row) => row.strategy === strategy && row.bearer === `insurer:${cost.name}`)!.summary.mean;
      cost.rule.expectedLoss = expectedLoss;
      cost.amount = expectedLoss / cost.rule.targetLossRatio + cost.rule.load;
    }
  });
}
