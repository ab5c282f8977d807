import type { YearLossTable } from '../ledger/year-loss-table.ts';
import { PERILS } from '../ledger/peril-losses.ts';
import { exceedanceCurve } from './exceedance-curve.ts';
import { summarizeLosses, type LossSummary } from './summarize-losses.ts';
import { summaryIntervals, type SummaryIntervals } from './summary-intervals.ts';
import { sortLosses } from './sort-losses.ts';

/** A peril's statistics for one strategy and bearer: its summary and its AEP and OEP points. */
export interface PerilStatistics {
  peril: string;
  summary: LossSummary;
  /** The 90% sampling intervals of its mean, quantiles and TVaRs (MODEL §10). */
  intervals: SummaryIntervals;
  aep: ReturnType<typeof exceedanceCurve>;
  oep: ReturnType<typeof exceedanceCurve>;
}

/**
 * Computes, per peril the scenario defines, the statistics of one bearer's annual losses under
 * one strategy from that peril's incidents alone (MODEL §10): the same summary as the bearer's
 * total (summary.csv) with its 90% intervals, and the AEP and OEP curves (the year's largest occurrence of that peril).
 *
 * The per-peril losses are sparse: only years with a nonzero value are stored. Each peril's years
 * are laid out in trial order for the moments (so the mean is the compensated sum in trial order,
 * as for the total) and sorted from its nonzero values and the implied zeros, so no sort of every
 * year is needed. `scratch` holds three arrays of `trials` values, reused from peril to peril.
 */
export function summarizePerils(table: YearLossTable, strategy: number, bearer: number, returnPeriods: readonly number[], scratch = perilScratch(table.trials)): PerilStatistics[] {
  const { annual, sortedAnnual, sortedLargest } = scratch;
  return table.perils.map((peril) => {
    const cell = (strategy * table.bearers.length + bearer) * PERILS.length + PERILS.indexOf(peril);
    table.perilLosses.fill(cell, annual);
    const values = table.perilLosses.gather(cell);
    sortWithZeros(values.annual, sortedAnnual);
    sortWithZeros(values.largest, sortedLargest);
    const summary = summarizeLosses(annual, sortedAnnual);
    return {
      peril,
      summary,
      intervals: summaryIntervals(sortedAnnual, summary),
      aep: exceedanceCurve(sortedAnnual, returnPeriods),
      oep: exceedanceCurve(sortedLargest, returnPeriods),
    };
  });
}

/** Three arrays of `trials` values for `summarizePerils`. */
export function perilScratch(trials: number): Record<'annual' | 'sortedAnnual' | 'sortedLargest', Float64Array<ArrayBuffer>> {
  return { annual: new Float64Array(trials), sortedAnnual: new Float64Array(trials), sortedLargest: new Float64Array(trials) };
}

/** Writes into `out` the ascending order of `values` (sorted in place) followed by zeros up to `out.length`, the zeros in their place. */
export function sortWithZeros(values: Float64Array, out: Float64Array): void {
  sortLosses(values);
  let negatives = 0;
  while (negatives < values.length && values[negatives]! < 0) negatives++;
  out.fill(0);
  out.set(values.subarray(0, negatives), 0);
  out.set(values.subarray(negatives), out.length - (values.length - negatives));
}
