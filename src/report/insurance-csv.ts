import type { InsuranceResult } from '../stats/insurance-results.ts';
import { formatMoney, formatProbability } from '../ledger/format-number.ts';
import { toCsv } from './to-csv.ts';

/** The columns of insurance.csv. */
export const INSURANCE_COLUMNS = [
  'strategy', 'policy', 'kind', 'insured', 'over', 'attachment', 'limit', 'share', 'aggregate_limit', 'premium',
  'premium_basis', 'expected_loss', 'sd', 'se_mean', 'loss_ratio', 'prob_attach', 'prob_exhaust', 'occurrences_per_year',
  'mean_limit_utilisation', 'p99', 'tvar_99',
] as const;

/**
 * Renders insurance.csv: one row per strategy and policy or layer. `attachment` is a policy's
 * retention or a layer's attachment; terms are per occurrence (per seller for a per-seller
 * policy); premium and losses are the insurer's totals per year; `premium_basis` is `fixed` (as written) or
 * `rule` (priced from the run's expected loss, MODEL §9). `loss_ratio` is empty without a
 * premium; an unlimited aggregate is written `inf`.
 */
export function insuranceCsv(rows: readonly InsuranceResult[]): string {
  return toCsv(
    INSURANCE_COLUMNS,
    rows.map((row) => [
      row.strategy,
      row.policy,
      row.kind,
      row.insured,
      row.over,
      formatMoney(row.attachment),
      formatMoney(row.limit),
      formatProbability(row.share),
      Number.isFinite(row.aggregate) ? formatMoney(row.aggregate) : 'inf',
      formatMoney(row.premium),
      row.premiumBasis,
      formatMoney(row.loss.mean),
      formatMoney(row.loss.sd),
      formatMoney(row.loss.seMean),
      row.lossRatio === undefined ? '' : formatProbability(row.lossRatio),
      formatProbability(row.probAttach),
      formatProbability(row.probExhaust),
      formatProbability(row.occurrencesPerYear),
      formatProbability(row.meanUtilisation),
      formatMoney(row.loss.p99),
      formatMoney(row.loss.tvar99),
    ]),
  );
}
