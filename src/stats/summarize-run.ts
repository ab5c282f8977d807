import type { YearLossTable } from '../ledger/year-loss-table.ts';
import { exceedanceCurve, RETURN_PERIODS } from './exceedance-curve.ts';
import { lossHistogram, type HistogramBin } from './loss-histogram.ts';
import type { Interval } from './quantile-interval.ts';
import { runningMean, type RunningMeanPoint } from './running-mean.ts';
import { summarizeLosses, type LossSummary } from './summarize-losses.ts';
import { summaryIntervals, type SummaryIntervals } from './summary-intervals.ts';
import { perilScratch, summarizePerils } from './summarize-perils.ts';
import { sortLosses } from './sort-losses.ts';

/** The peril of rows over all incidents (the bearer's total). */
export const ALL_PERILS = 'all';

/** The summary of one bearer's annual losses under one strategy. */
export interface SummaryRow {
  strategy: string;
  bearer: string;
  summary: LossSummary;
  /** The 90% sampling intervals of its mean, quantiles and TVaRs. */
  intervals: SummaryIntervals;
}

/** The summary of one bearer's annual losses from one peril's incidents (or all: `ALL_PERILS`) under one strategy. */
export interface PerilSummaryRow extends SummaryRow {
  peril: string;
}

/** One point of an exceedance-probability curve. */
export interface ExceedanceRow {
  strategy: string;
  bearer: string;
  /** The incident type whose incidents alone the curve is of, or `all` (`ALL_PERILS`). */
  peril: string;
  /** `AEP`: of the annual aggregate loss; `OEP`: of the year's largest single occurrence. */
  basis: 'AEP' | 'OEP';
  returnPeriod: number;
  loss: number;
  /** The 90% order-statistic interval of the loss (a quantile at 1 − 1/R). */
  interval: Interval;
}

/** One bin of a bearer's annual-loss histogram (distribution.csv). */
export interface DistributionRow extends HistogramBin {
  strategy: string;
  bearer: string;
}

/** One point of a bearer's running mean (convergence.csv). */
export interface ConvergenceRow extends RunningMeanPoint {
  strategy: string;
  bearer: string;
}

/** The statistics of a run, in report order: by strategy, then bearer. */
export interface RunStatistics {
  summaries: SummaryRow[];
  /** The summaries again as `all` rows, each followed by the bearer's summary per peril the scenario defines. */
  perilSummaries: PerilSummaryRow[];
  exceedance: ExceedanceRow[];
  distribution: DistributionRow[];
  convergence: ConvergenceRow[];
}

/**
 * Computes summaries with their 90% intervals, AEP/OEP curves with theirs (at `returnPeriods`,
 * each where the table has at least that many trials), loss histograms and the running mean for
 * every strategy and bearer of a year loss table; summaries and curves also per peril (each
 * incident type the scenario defines), after the bearer's `all` rows.
 */
export function summarizeRun(table: YearLossTable, returnPeriods: readonly number[] = RETURN_PERIODS): RunStatistics {
  const summaries: SummaryRow[] = [];
  const exceedance: ExceedanceRow[] = [];
  const distribution: DistributionRow[] = [];
  const convergence: ConvergenceRow[] = [];
  const perilSummaries: PerilSummaryRow[] = [];
  const scratch = table.perils.length > 0 ? perilScratch(table.trials) : undefined;
  table.strategies.forEach((strategy, s) => {
    table.bearers.forEach((bearer, b) => {
      const annual = table.years.annual(s, b);
      const sortedAnnual = sortLosses(Float64Array.from(annual));
      const summary = summarizeLosses(annual, sortedAnnual);
      const intervals = summaryIntervals(sortedAnnual, summary);
      summaries.push({ strategy, bearer, summary, intervals });
      perilSummaries.push({ strategy, bearer, peril: ALL_PERILS, summary, intervals });
      for (const bin of lossHistogram(sortedAnnual)) distribution.push({ strategy, bearer, ...bin });
      const sortedLargest = sortLosses(Float64Array.from(table.years.largest(s, b)));
      for (const [basis, sorted] of [
        ['AEP', sortedAnnual],
        ['OEP', sortedLargest],
      ] as const) {
        for (const point of exceedanceCurve(sorted, returnPeriods)) exceedance.push({ strategy, bearer, peril: ALL_PERILS, basis, ...point });
      }
      for (const { peril, summary: perilSummary, intervals: perilIntervals, aep, oep } of summarizePerils(table, s, b, returnPeriods, scratch)) {
        perilSummaries.push({ strategy, bearer, peril, summary: perilSummary, intervals: perilIntervals });
        for (const point of aep) exceedance.push({ strategy, bearer, peril, basis: 'AEP', ...point });
        for (const point of oep) exceedance.push({ strategy, bearer, peril, basis: 'OEP', ...point });
      }
      for (const point of runningMean(annual)) convergence.push({ strategy, bearer, ...point });
    });
  });
  return { summaries, perilSummaries, exceedance, distribution, convergence };
}
