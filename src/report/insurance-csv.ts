import type { InsuranceResult } from '../stats/insurance-results.ts';
import { csvTable, money, moneyOrInfinite, oneOf, optionalProbability, probability, text, type RecordOf } from './csv-table.ts';

/**
 * insurance.csv: one row per strategy and policy or layer. `attachment` is a policy's retention
 * or a layer's attachment; terms are per occurrence (per seller for a per-seller policy); premium
 * and losses are the insurer's totals per year; `premium_basis` is `fixed` (as written) or `rule`
 * (priced from the run's expected loss, MODEL §9). `loss_ratio` is empty without a premium; an
 * unlimited aggregate is written `inf`.
 */
export const INSURANCE_TABLE = csvTable({
  strategy: text((row: InsuranceResult) => row.strategy),
  policy: text((row: InsuranceResult) => row.policy),
  kind: oneOf(['policy', 'layer'], (row: InsuranceResult) => row.kind),
  insured: text((row: InsuranceResult) => row.insured),
  over: text((row: InsuranceResult) => row.over),
  attachment: money((row: InsuranceResult) => row.attachment),
  limit: money((row: InsuranceResult) => row.limit),
  share: probability((row: InsuranceResult) => row.share),
  aggregate_limit: moneyOrInfinite((row: InsuranceResult) => row.aggregate),
  premium: money((row: InsuranceResult) => row.premium),
  premium_basis: oneOf(['fixed', 'rule'], (row: InsuranceResult) => row.premiumBasis),
  expected_loss: money((row: InsuranceResult) => row.loss.mean),
  sd: money((row: InsuranceResult) => row.loss.sd),
  se_mean: money((row: InsuranceResult) => row.loss.seMean),
  loss_ratio: optionalProbability((row: InsuranceResult) => row.lossRatio),
  prob_attach: probability((row: InsuranceResult) => row.probAttach),
  prob_exhaust: probability((row: InsuranceResult) => row.probExhaust),
  occurrences_per_year: probability((row: InsuranceResult) => row.occurrencesPerYear),
  mean_limit_utilisation: probability((row: InsuranceResult) => row.meanUtilisation),
  p99: money((row: InsuranceResult) => row.loss.p99),
  tvar_99: money((row: InsuranceResult) => row.loss.tvar99),
});

/** The columns of insurance.csv. */
export const INSURANCE_COLUMNS = INSURANCE_TABLE.columns;

/** A row of insurance.csv read back: `aggregate_limit` is Infinity for `inf`, `loss_ratio` undefined without a premium. */
export type InsuranceRecord = RecordOf<typeof INSURANCE_TABLE>;

/** Renders insurance.csv: one row per strategy and policy or layer (see INSURANCE_TABLE). */
export function insuranceCsv(rows: readonly InsuranceResult[]): string {
  return INSURANCE_TABLE.render(rows);
}
