import type { StrategyVerdict } from '../stats/strategy-verdict.ts';
import type { AllocationRecord } from './allocation-csv.ts';
import type { ComparisonRecord } from './comparison-csv.ts';
import type { ConvergenceRecord } from './convergence-csv.ts';
import type { DistributionRecord } from './distribution-csv.ts';
import type { ExceedanceRecord } from './ep-csv.ts';
import type { InsuranceRecord } from './insurance-csv.ts';
import type { RunManifest } from './run-manifest.ts';
import type { SummaryRecord } from './summary-csv.ts';
import type { ToleranceRecord } from './tolerance-csv.ts';
import type { YearExplanation } from './year-explanation.ts';

/**
 * What a finished run folder holds, read back from its files: the input of the charts and of
 * `report.html`, whether they are drawn at the end of `faultline run` or rebuilt later by
 * `faultline report <run-folder>`. Amounts are numbers in currency units. Each CSV's record is
 * the type its table describes (`RecordOf<typeof SUMMARY_TABLE>`, …; see csv-table.ts), with a
 * field per column.
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

export type { AllocationRecord } from './allocation-csv.ts';
export type { ComparisonRecord } from './comparison-csv.ts';
export type { ConvergenceRecord } from './convergence-csv.ts';
export type { DistributionRecord } from './distribution-csv.ts';
export type { ExceedanceRecord } from './ep-csv.ts';
export type { InsuranceRecord } from './insurance-csv.ts';
export type { SummaryRecord } from './summary-csv.ts';
export type { ToleranceRecord } from './tolerance-csv.ts';
