import type { YearLossTable } from '../ledger/year-loss-table.ts';
import { pricePremiums } from './price-premiums.ts';
import { allocationMeans, type AllocationRow } from './allocation-means.ts';
import { compareStrategies, type ComparisonRow, type RiskAppetite } from './compare-strategies.ts';
import { insuranceResults, type InsuranceResult } from './insurance-results.ts';
import { testTolerance, type ToleranceTest } from './risk-tolerance.ts';
import { strategyVerdict, type StrategyVerdict } from './strategy-verdict.ts';
import { summarizeRun, type RunStatistics } from './summarize-run.ts';

/** Every statistic of a finished run: the records its report's tables are written from. */
export interface RunResults {
  /** summary.csv, peril_summary.csv, ep.csv, distribution.csv and convergence.csv. */
  statistics: RunStatistics;
  /** allocation.csv. */
  allocation: AllocationRow[];
  /** insurance.csv. */
  insurance: InsuranceResult[];
  /** The scenario's risk tolerance and cost of capital, which the comparison and verdict use. */
  appetite: RiskAppetite;
  /** comparison.csv, with strategies. */
  comparison?: ComparisonRow[];
  /** With strategies: the verdict for the platform (verdict.json). */
  verdict?: StrategyVerdict;
  /** Without strategies, with a tolerance for the platform: the run's test of it. */
  platformTolerance?: ToleranceTest;
}

/**
 * Computes the statistics of a year loss table (summaries, AEP/OEP at `returnPeriods`,
 * histograms, premiums priced by their rules, allocation means, insurance results and, with
 * strategies, the comparison with the strategy at index `baseline` and the verdict under the
 * scenario's risk appetite): a function of the table and the appetite alone, so the CLI's report
 * and the library's `simulate` give the same records.
 */
export function computeRunResults(table: YearLossTable, options: { baseline: number; returnPeriods?: readonly number[]; appetite?: RiskAppetite }): RunResults {
  const appetite = options.appetite ?? {};
  const statistics = summarizeRun(table, options.returnPeriods);
  // Premiums under a pricing rule follow this run's expected losses; everything after reads them.
  pricePremiums(table, statistics.summaries);
  const comparison = table.strategies.length > 1 ? compareStrategies(table, statistics.summaries, options.baseline, appetite) : undefined;
  const verdict = comparison ? strategyVerdict(table, comparison, 'platform', appetite) : undefined;
  const platformCurve = appetite.risk_tolerance?.platform;
  const platform = table.bearers.indexOf('platform');
  const platformTolerance = !verdict && platformCurve && platform >= 0 ? testTolerance(table.years.annual(0, platform), platformCurve) : undefined;
  return {
    statistics,
    allocation: allocationMeans(table),
    insurance: insuranceResults(table, statistics.summaries),
    appetite,
    ...(comparison ? { comparison } : {}),
    ...(verdict ? { verdict } : {}),
    ...(platformTolerance ? { platformTolerance } : {}),
  };
}
