import type { YearLossTable } from '../engine/run-simulation.ts';
import { exceedanceCurve } from './exceedance-curve.ts';
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

/** The statistics of a run, in report order: by strategy, then bearer. */
export interface RunStatistics {
  summaries: SummaryRow[];
  exceedance: ExceedanceRow[];
}

/** Computes summaries and AEP/OEP curves for every strategy and bearer of a year loss table. */
export function summarizeRun(table: YearLossTable): RunStatistics {
  const summaries: SummaryRow[] = [];
  const exceedance: ExceedanceRow[] = [];
  table.strategies.forEach((strategy, s) => {
    table.bearers.forEach((bearer, b) => {
      summaries.push({ strategy, bearer, summary: summarizeLosses(table.annual[s]![b]!) });
      for (const [basis, losses] of [['AEP', table.annual[s]![b]!], ['OEP', table.largest[s]![b]!]] as const) {
        const sorted = Float64Array.from(losses).sort();
        for (const point of exceedanceCurve(sorted)) exceedance.push({ strategy, bearer, basis, ...point });
      }
    });
  });
  return { summaries, exceedance };
}
