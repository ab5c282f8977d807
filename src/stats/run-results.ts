import type { YearLossTable } from '../engine/run-simulation.ts';
import { pricePremiums } from '../insurance/price-premiums.ts';
import { allocationMeans, type AllocationRow } from './allocation-means.ts';
import { cheapestStrategy, compareStrategies, type CheapestStrategy, type ComparisonRow } from './compare-strategies.ts';
import { insuranceResults, type InsuranceResult } from './insurance-results.ts';
import { summarizeRun, type RunStatistics } from './summarize-run.ts';

/** Every statistic of a finished run: the records its report's tables are written from. */
export interface RunResults {
  /** summary.csv, ep.csv and distribution.csv. */
  statistics: RunStatistics;
  /** allocation.csv. */
  allocation: AllocationRow[];
  /** insurance.csv. */
  insurance: InsuranceResult[];
  /** comparison.csv, with strategies. */
  comparison?: ComparisonRow[];
  /** With strategies: the one with the lowest total cost of risk for the platform. */
  cheapest?: CheapestStrategy;
}

/**
 * Computes the statistics of a year loss table (summaries, premiums priced by their rules, AEP/OEP at `returnPeriods`,
 * histograms, allocation means, insurance results and, with strategies, the comparison with
 * the strategy at index `baseline`): a function of the table alone, so the CLI's report and the
 * library's `simulate` give the same records.
 */
export function computeRunResults(table: YearLossTable, options: { baseline: number; returnPeriods?: readonly number[] }): RunResults {
  const statistics = summarizeRun(table, options.returnPeriods);
  // Premiums under a pricing rule follow this run's expected losses; everything after reads them.
  pricePremiums(table, statistics.summaries);
  const comparison = table.strategies.length > 1 ? compareStrategies(table, statistics.summaries, options.baseline) : undefined;
  const cheapest = comparison ? cheapestStrategy(table, comparison, 'platform') : undefined;
  return {
    statistics,
    allocation: allocationMeans(table),
    insurance: insuranceResults(table, statistics.summaries),
    ...(comparison ? { comparison } : {}),
    ...(cheapest ? { cheapest } : {}),
  };
}
