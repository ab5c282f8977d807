import { formatWhole } from '../format-amount.ts';
import type { RunData } from '../run-data.ts';
import { bearerOrder, chartStrategy, moneyAxis, moneyTooltip, partyColorScale, partyPanels, strategyFilter, strategyParams, strategyTitle } from './chart-basics.ts';
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from './vega-lite-spec.ts';

/**
 * The convergence of convergence.csv as a Vega-Lite spec: per bearer with any loss, one panel
 * with the running mean annual loss of the first 1,000, 2,000, 4,000, … trials (and of all of
 * them) on a log axis, inside its band of ± 2 standard errors. A run has converged for a bearer
 * when the band is narrow beside the mean and the last points stay inside the earlier bands.
 * The caller draws it only for a folder that has convergence.csv.
 *
 * Every strategy's rows are in the data (field `strategy`); the `strategy` param (the page's
 * selector, the baseline in the rendered files) picks the one drawn, the baseline when all are
 * chosen (bands of several strategies would hide one another). Each panel labels its own x axis.
 */
export function convergenceChart(data: RunData): VegaLiteSpec {
  const strategy = chartStrategy(data);
  const currency = data.manifest.currency;
  const rows = data.convergence ?? [];
  const everyone = bearerOrder(
    data,
    rows.map((row) => row.bearer),
  );
  const drawn = everyone.filter((bearer) => rows.some((row) => row.bearer === bearer && row.mean !== 0));
  const values = rows
    .filter((row) => drawn.includes(row.bearer))
    .map((row) => ({ strategy: row.strategy, bearer: row.bearer, trials: row.trials, mean: row.mean, se: row.se, lower: row.lower, upper: row.upper }));
  const checkpoints = [...new Set(values.map((row) => row.trials))].sort((a, b) => a - b);
  const x = {
    field: 'trials',
    type: 'quantitative',
    scale: { type: 'log', ...(checkpoints.length > 0 ? { domain: [checkpoints[0], checkpoints[checkpoints.length - 1]] } : {}) },
    axis: { title: 'trials (simulated years, log scale)', values: checkpoints, format: '~s' },
  };
  const color = { field: 'bearer', type: 'nominal', scale: partyColorScale(everyone, drawn), legend: null };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      anchor: 'start',
      text: strategyTitle(`${data.manifest.scenario.name}: convergence of the mean annual loss by party`, strategy, false),
      subtitle: [
        `The mean annual net loss in ${currency} of the first 1,000, 2,000, 4,000, … of ${formatWhole(data.manifest.trials)} simulated years, with its band of ± 2 standard errors.`,
        'The band narrows as 1/√trials; an estimate has settled when later means stay inside the earlier bands.',
      ],
    },
    params: strategyParams(data),
    data: { values },
    transform: [strategyFilter(strategy, false)],
    ...partyPanels(drawn),
    spec: {
      width: 260,
      height: 160,
      encoding: {
        x,
        tooltip: [
          { field: 'bearer', type: 'nominal', title: 'party' },
          { field: 'trials', type: 'quantitative', format: ',' },
          moneyTooltip('mean', `mean (${currency})`),
          moneyTooltip('se', `standard error (${currency})`),
          moneyTooltip('lower', `mean − 2 SE (${currency})`),
          moneyTooltip('upper', `mean + 2 SE (${currency})`),
        ],
      },
      layer: [
        {
          mark: { type: 'area', opacity: 0.25 },
          encoding: { y: { field: 'lower', type: 'quantitative', axis: moneyAxis(`${currency} a year`) }, y2: { field: 'upper' }, color },
        },
        {
          mark: { type: 'line', point: true },
          encoding: { y: { field: 'mean', type: 'quantitative' }, color },
        },
      ],
    },
  };
}
