import type { YearLossTable } from '../ledger/year-loss-table.ts';
import { totalOf } from '../ledger/exact-sum.ts';
import type { InsuranceMeasure } from '../ledger/insurance-table.ts';
import type { SummaryRow } from './summarize-run.ts';
import type { LossSummary } from './summarize-losses.ts';

/** One row of insurance.csv: how one policy or layer fared under one strategy. */
export interface InsuranceResult {
  strategy: string;
  policy: string;
  /** `policy` for a primary policy, `layer` for an excess layer. */
  kind: 'policy' | 'layer';
  insured: string;
  /** The policy a layer sits over; empty for a policy. */
  over: string;
  attachment: number;
  limit: number;
  share: number;
  aggregate: number;
  /** Annual premium in total. */
  premium: number;
  /** `fixed`: written in the scenario; `rule`: priced from this run's expected loss (MODEL §9, premiums). */
  premiumBasis: 'fixed' | 'rule';
  /** The insurer's annual loss (`insurer:<policy>` in summary.csv). */
  loss: LossSummary;
  /** Expected loss ÷ premium; undefined without a premium. */
  lossRatio: number | undefined;
  /** Share of years in which it paid anything. */
  probAttach: number;
  /** Share of years in which its aggregate (with reinstatements) ran out. */
  probExhaust: number;
  /** Occurrences it paid, per year on average. */
  occurrencesPerYear: number;
  /** Mean share of the per-occurrence limit used, over the occurrences it paid; 0 if none. */
  meanUtilisation: number;
}

/**
 * The insurance results of a run: per strategy and policy or layer, the insurer's loss
 * statistics (from the run's summaries), premium and loss ratio, and the attachment, exhaustion
 * and limit-utilisation figures counted during the run.
 */
export function insuranceResults(table: YearLossTable, summaries: readonly SummaryRow[]): InsuranceResult[] {
  const rows: InsuranceResult[] = [];
  const measure = (strategy: string, policy: string, name: InsuranceMeasure) => {
    const parts = table.insuranceSums.get(JSON.stringify([strategy, policy, name]));
    return parts ? totalOf(parts) : 0;
  };
  for (const [index, strategy] of table.strategies.entries()) {
    for (const cover of table.insurance[index]!.covers) {
      const loss = summaries.find((row) => row.strategy === strategy && row.bearer === `insurer:${cover.name}`)!.summary;
      const occurrences = measure(strategy, cover.name, 'occurrences_paid');
      const layer = cover.kind === 'layer';
      // The premium as the run priced it (pricePremiums): the strategy's cost, not the compiled fixed amount.
      const cost = table.costs[index]!.premiums.find((premium) => premium.name === cover.name)!;
      const premium = cost.amount;
      rows.push({
        strategy,
        policy: cover.name,
        kind: cover.kind,
        insured: cover.insured,
        over: layer ? cover.over.name : '',
        attachment: layer ? cover.terms.attachment : cover.terms.retention,
        limit: cover.terms.limit,
        share: cover.terms.share,
        aggregate: cover.aggregate,
        premium,
        premiumBasis: cost.rule ? 'rule' : 'fixed',
        loss,
        lossRatio: premium > 0 ? loss.mean / premium : undefined,
        probAttach: loss.probLoss,
        probExhaust: measure(strategy, cover.name, 'years_exhausted') / table.trials,
        occurrencesPerYear: occurrences / table.trials,
        meanUtilisation: occurrences > 0 ? measure(strategy, cover.name, 'utilisation') / occurrences : 0,
      });
    }
  }
  return rows;
}
