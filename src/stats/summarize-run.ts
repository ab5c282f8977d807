import type { YearLossTable } from '../engine/run-simulation.ts';
import { exceedanceCurve, RETURN_PERIODS } from './exceedance-curve.ts';
import { lossHistogram, type HistogramBin } from './loss-histogram.ts';
import { summarizeLosses, type LossSummary } from './summarize-losses.ts';

/** The summary of one bearer's annual losses under one strategy. */
export interface SummaryRow {
  strategy: string;
  bearer: string;
  summary: LossSummary;
}

/** One point of an exceedance-probability curve. */
export interface ExceedanceRow {
  strategy: string;
  bearer: string;
  /** `AEP`: of the annual aggregate loss; `OEP`: of the year's largest single occurrence. */
  basis: 'AEP' | 'OEP';
  returnPeriod: number;
  loss: number;
}

/** One bin of a bearer's annual-loss histogram (distribution.csv). */
export interface DistributionRow extends HistogramBin {
  strategy: string;
  bearer: string;
}

/** The statistics of a run, in report order: by strategy, then bearer. */
export interface RunStatistics {
  summaries: SummaryRow[];
  exceedance: ExceedanceRow[];
  distribution: DistributionRow[];
}

/**
 * Computes summaries, AEP/OEP curves (at `returnPeriods`, each where the table has at least that
 * many trials) and loss histograms for every strategy and bearer of a year loss table.
 */
export function summarizeRun(table: YearLossTable, returnPeriods: readonly number[] = RETURN_PERIODS): RunStatistics {
  const summaries: SummaryRow[] = [];
  const exceedance: ExceedanceRow[] = [];
  const distribution: DistributionRow[] = [];
  table.strategies.forEach((strategy, s) => {
    table.bearers.forEach((bearer, b) => {
      const annual = table.annual[s]![b]!;
      const sortedAnnual = Float64Array.from(annual).sort();
      summaries.push({ strategy, bearer, summary: summarizeLosses(annual, sortedAnnual) });
      for (const bin of lossHistogram(sortedAnnual)) distribution.push({ strategy, bearer, ...bin });
      const sortedLargest = Float64Array.from(table.largest[s]![b]!).sort();
      for (const [basis, sorted] of [['AEP', sortedAnnual], ['OEP', sortedLargest]] as const) {
        for (const point of exceedanceCurve(sorted, returnPeriods)) exceedance.push({ strategy, bearer, basis, ...point });
      }
    });
  });
  return { summaries, exceedance, distribution };
}
