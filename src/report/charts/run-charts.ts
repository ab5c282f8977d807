import type { RunData } from '../run-data.ts';
import { bearerOrder } from './chart-basics.ts';
import { allocationChart } from './allocation-chart.ts';
import { convergenceChart } from './convergence-chart.ts';
import { exceedanceChart } from './exceedance-chart.ts';
import { insuranceChart } from './insurance-chart.ts';
import { lossDistributionChart } from './loss-distribution-chart.ts';
import { strategyComparisonChart } from './strategy-comparison-chart.ts';
import { timelineChart } from './timeline-chart.ts';
import { toleranceChart } from './tolerance-chart.ts';
import type { VegaLiteSpec } from './vega-lite-spec.ts';

/** A chart of a run: its file name without extension (`charts/<name>.vl.json`) and its spec. */
export interface NamedChart {
  name: string;
  spec: VegaLiteSpec;
}

/**
 * The charts of a finished run, in the order the report shows them: `loss-distribution`,
 * `exceedance`, `tolerance` (with a risk tolerance), `allocation`, then `insurance` (with insurance rows), `comparison` (with
 * strategies) and `timeline` (with an explained year).
 *
 * @example
 * for (const { name, spec } of runCharts(data)) staging.write(`charts/${name}.vl.json`, specText(spec));
 */
export function runCharts(data: RunData): NamedChart[] {
  const charts: NamedChart[] = [
    { name: 'loss-distribution', spec: lossDistributionChart(data) },
    { name: 'exceedance', spec: exceedanceChart(data) },
    ...(data.tolerance && data.tolerance.length > 0 ? [{ name: 'tolerance', spec: toleranceChart(data, data.tolerance) }] : []),
    { name: 'allocation', spec: allocationChart(data) },
  ];
  if (data.insurance.length > 0) charts.push({ name: 'insurance', spec: insuranceChart(data) });
  if (data.comparison) charts.push({ name: 'comparison', spec: strategyComparisonChart(data.comparison, data.manifest.scenario.name, data.manifest.currency) });
  if (data.explanation) charts.push({ name: 'timeline', spec: timelineChart(data.explanation, bearerOrder(data), data.strategyExplanations) });
  if (data.convergence) charts.push({ name: 'convergence', spec: convergenceChart(data) }); // convergence.csv: not in folders written before it
  return charts;
}
