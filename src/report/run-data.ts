import type { StrategyVerdict } from '../stats/strategy-verdict.ts';
import type { RunManifest } from './run-manifest.ts';
import type { YearExplanation } from './year-explanation.ts';

/**
 * What a finished run folder holds, read back from its files: the input of the charts and of
 * `report.html`, whether they are drawn at the end of `faultline run` or rebuilt later by
 * `faultline report <run-folder>`. Amounts are numbers in currency units.
 */
export interface RunData {
  /** run.json. */
  manifest: RunManifest;
  /** summary.csv, one row per strategy and bearer. */
  summary: SummaryRecord[];
  /** ep.csv. */
  exceedance: ExceedanceRecord[];
  /** allocation.csv. */
  allocation: AllocationRecord[];
  /** insurance.csv (empty without insurance). */
  insurance: InsuranceRecord[];
  /** distribution.csv: a histogram of annual losses per strategy and bearer. */
  distribution: DistributionRecord[];
  /** convergence.csv: the running mean by trial count (missing in folders written before it). */
  convergence?: ConvergenceRecord[];
  /** comparison.csv, when the run has strategies. */
  comparison?: ComparisonRecord[];
  /** verdict.json, when the run has strategies: the verdict for the platform. */
  verdict?: StrategyVerdict;
  /** tolerance.csv, when the scenario has a `risk_tolerance`. */
  tolerance?: ToleranceRecord[];
  /** explain.json: the baseline's 99th-percentile year of platform loss, explained. */
  explanation?: YearExplanation;
  /** explain-strategies.json, when the run has strategies: that same trial explained under each strategy, the baseline first. */
  strategyExplanations?: YearExplanation[];
}

export interface SummaryRecord {
  strategy: string;
  bearer: string;
  trials: number;
  mean: number;
  sd: number;
  se_mean: number;
  prob_loss: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p99_5: number;
  p99_9: number;
  tvar_95: number;
  tvar_99: number;
  max: number;
  /**
   * The 90% intervals (MODEL §10): `<statistic>_lo` and `_hi` for the mean, every quantile and
   * both TVaRs; undefined where the trials cannot bound it, and in folders written before them.
   */
  intervals?: Partial<Record<SummaryIntervalColumn, number>>;
}

/** The interval columns of summary.csv (`mean_lo`, `mean_hi`, …, `tvar_99_hi`). */
export type SummaryIntervalColumn = `${'mean' | 'p50' | 'p90' | 'p95' | 'p99' | 'p99_5' | 'p99_9' | 'tvar_95' | 'tvar_99'}_${'lo' | 'hi'}`;

/** One row of convergence.csv: the mean annual loss of the first `trials` trials, ± 2 standard errors. */
export interface ConvergenceRecord {
  strategy: string;
  bearer: string;
  trials: number;
  mean: number;
  se: number;
  lower: number;
  upper: number;
}

export interface ExceedanceRecord {
  strategy: string;
  bearer: string;
  /** The incident type the row is of, or `all` (the bearer's total; `all` too in ep.csv of runs before the column). */
  peril: string;
  basis: 'AEP' | 'OEP';
  return_period: number;
  loss: number;
  /** The 90% interval of the loss; undefined where the trials cannot bound it, and in folders written before it. */
  loss_lo?: number;
  loss_hi?: number;
}

export interface AllocationRecord {
  strategy: string;
  incident_type: string;
  component: string;
  bearer: string;
  mean_annual: number;
}

export interface InsuranceRecord {
  strategy: string;
  policy: string;
  kind: 'policy' | 'layer';
  insured: string;
  over: string;
  attachment: number;
  limit: number;
  share: number;
  /** Infinity for `inf`. */
  aggregate_limit: number;
  premium: number;
  expected_loss: number;
  sd: number;
  se_mean: number;
  /** Undefined when the policy has no premium (an empty cell). */
  loss_ratio: number | undefined;
  prob_attach: number;
  prob_exhaust: number;
  occurrences_per_year: number;
  mean_limit_utilisation: number;
  p99: number;
  tvar_99: number;
}

/** One bin of a bearer's annual-loss histogram: years with a loss in [low, high) (the last bin includes its high). */
export interface DistributionRecord {
  strategy: string;
  bearer: string;
  low: number;
  high: number;
  years: number;
}

export interface ComparisonRecord {
  strategy: string;
  bearer: string;
  mean_loss: number;
  premiums: number;
  mitigation_costs: number;
  total_cost_of_risk: number;
  tvar_99: number;
  baseline: string;
  difference: number;
  se_difference: number;
  se_difference_unpaired: number;
  within_noise: boolean;
  tvar_99_difference: number;
  se_tvar_99_difference: number;
  capital_cost: number;
  total_with_capital: number;
  difference_with_capital: number;
  se_difference_with_capital: number;
  /** Undefined when the bearer has no risk tolerance (an empty cell). */
  within_tolerance: boolean | undefined;
  /** The worst breached tolerance point; undefined when none is breached. */
  worst_breach_loss: number | undefined;
  worst_breach_probability: number | undefined;
  worst_breach_acceptable: number | undefined;
}

/** One tolerance point of one strategy and bearer, tested. */
export interface ToleranceRecord {
  strategy: string;
  bearer: string;
  loss: number;
  acceptable_probability: number;
  years_exceeding: number;
  simulated_probability: number;
  within_tolerance: boolean;
  /** Within 1.96 binomial standard errors of the acceptable probability. */
  within_noise: boolean;
}
