import type { RunData, ToleranceRecord } from '../run-data.ts';
import { ALL_STRATEGIES, bearerOrder, chartStrategy, expressionLiteral, moneyAxis, moneyTooltip, strategyFilter, strategyParams, strategyTitle } from './chart-basics.ts';
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from './vega-lite-spec.ts';

/**
 * The exceedance-probability curves of ep.csv as a Vega-Lite spec: per bearer with any loss, one
 * panel with the AEP (annual aggregate) and OEP (largest single occurrence) loss against the
 * return period on a log axis. A point at return period R is the loss exceeded once in R years
 * on average (probability 1/R a year).
 *
 * Every strategy's curves are in the data (field `strategy`); the `strategy` param (the page's
 * selector, the baseline in the rendered files) picks one, or overlays all of them, coloured by
 * strategy, AEP solid and OEP dashed. Each panel has its own x-axis labels, whichever row it is on.
 */
export function exceedanceChart(data: RunData): VegaLiteSpec {
  if (data.tolerance && data.tolerance.length > 0) return toleranceExceedanceChart(data, data.tolerance);
  const strategy = chartStrategy(data);
  const currency = data.manifest.currency;
  const rows = data.exceedance.filter((row) => row.peril === 'all');
  const drawn = bearerOrder(data, rows.map((row) => row.bearer)).filter((bearer) => rows.some((row) => row.bearer === bearer && row.loss > 0));
  const values = rows
    .filter((row) => drawn.includes(row.bearer))
    .map((row) => ({ strategy: row.strategy, bearer: row.bearer, basis: row.basis, return_period: row.return_period, probability: 1 / row.return_period, loss: row.loss }));
  const periods = [...new Set(values.map((row) => row.return_period))].sort((a, b) => a - b);
  // 200 and 250 would print on top of each other: ticks at the others only.
  const ticks = periods.filter((period) => period !== 200 || !periods.includes(250));
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      anchor: 'start',
      text: strategyTitle(`${data.manifest.scenario.name}: exceedance probability curves by party`, strategy, true),
      subtitle: [
        `Loss in ${currency} exceeded once in R years on average (probability 1/R a year), R on a log scale.`,
        'AEP (solid): the annual aggregate loss; OEP (dashed): the largest single occurrence of the year.',
      ],
    },
    params: strategyParams(data),
    data: { values },
    transform: [
      strategyFilter(strategy, true),
      { calculate: `strategy === ${expressionLiteral(ALL_STRATEGIES)} ? datum.strategy : datum.basis`, as: 'series' },
    ],
    facet: { field: 'bearer', type: 'nominal', sort: drawn, title: null },
    columns: 3,
    resolve: { scale: { y: 'independent' }, axis: { x: 'independent' } },
    spec: {
      width: 260,
      height: 160,
      mark: { type: 'line', point: true },
      encoding: {
        x: {
          field: 'return_period',
          type: 'quantitative',
          scale: { type: 'log', ...(periods.length > 0 ? { domain: [periods[0], periods[periods.length - 1]] } : {}) },
          axis: { title: 'return period (years, log scale)', values: ticks, format: '~s' },
        },
        y: { field: 'loss', type: 'quantitative', axis: moneyAxis(currency) },
        color: { field: 'series', type: 'nominal', title: null },
        strokeDash: { field: 'basis', type: 'nominal', scale: { domain: ['AEP', 'OEP'], range: [[1, 0], [5, 3]] }, legend: null },
        tooltip: [
          { field: 'strategy', type: 'nominal' },
          { field: 'bearer', type: 'nominal', title: 'party' },
          { field: 'basis', type: 'nominal' },
          { field: 'return_period', type: 'quantitative', format: ',', title: 'return period (years)' },
          { field: 'probability', type: 'quantitative', format: '.2~%', title: 'probability a year' },
          moneyTooltip('loss', `loss (${currency})`),
        ],
      },
    },
  };
}

/**
 * With a `risk_tolerance` (tolerance.csv): per bearer, every strategy's AEP curve and, for a
 * bearer with a tolerance, its tolerance curve as a dashed step line with a diamond at each point
 * (loss L at return period 1/q). Read on these axes, the step curve caps the loss at return
 * period R by the loss of the first point whose return period is ≥ R: a strategy whose curve
 * stays on or under the steps is within tolerance (tolerance.csv has the exact test, by counting
 * the years above each loss). The `strategy` param (the page's selector; all strategies in the
 * rendered files) highlights the chosen strategy's curve and fades the others'.
 */
function toleranceExceedanceChart(data: RunData, tolerance: readonly ToleranceRecord[]): VegaLiteSpec {
  const currency = data.manifest.currency;
  const strategies = data.manifest.strategies;
  const aep = data.exceedance.filter((row) => row.basis === 'AEP' && row.peril === 'all');
  const first = tolerance[0]!.strategy;
  const points = tolerance.filter((row) => row.strategy === first);
  const tolerated = [...new Set(points.map((row) => row.bearer))];
  const drawn = bearerOrder(data, [...aep.map((row) => row.bearer), ...tolerated]).filter(
    (bearer) => tolerated.includes(bearer) || aep.some((row) => row.bearer === bearer && row.loss > 0),
  );
  const periods = [...new Set(aep.filter((row) => drawn.includes(row.bearer)).map((row) => row.return_period))].sort((a, b) => a - b);
  const toleranceValues = drawn.flatMap((bearer) => {
    const curve = points.filter((row) => row.bearer === bearer).map((row) => ({ loss: row.loss, acceptable: row.acceptable_probability, return_period: 1 / row.acceptable_probability }));
    return curve.map((point) => ({ layer: 'tolerance', bearer, ...point }));
  });
  const allPeriods = [...periods, ...toleranceValues.map((row) => row.return_period)];
  const low = Math.min(...allPeriods);
  const high = Math.max(...allPeriods);
  // The step line starts at the left edge, at the first point's loss (the cap below its return period).
  const steps = drawn.flatMap((bearer) => {
    const curve = toleranceValues.filter((row) => row.bearer === bearer);
    const start = curve[0] && curve[0].return_period > low ? [{ ...curve[0], layer: 'steps', return_period: low }] : [];
    return [...start, ...curve.map((row) => ({ ...row, layer: 'steps' }))];
  });
  const curves = aep
    .filter((row) => drawn.includes(row.bearer))
    .map((row) => ({ layer: 'aep', bearer: row.bearer, strategy: row.strategy, return_period: row.return_period, probability: 1 / row.return_period, loss: row.loss }));
  const ticks = periods.filter((period) => period !== 200 || !periods.includes(250));
  const x = {
    field: 'return_period',
    type: 'quantitative',
    scale: { type: 'log', domain: [low, high] },
    axis: { title: 'return period (years, log scale)', values: ticks, format: '~s' },
  };
  const y = { field: 'loss', type: 'quantitative', axis: moneyAxis(currency) };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      anchor: 'start',
      text: `${data.manifest.scenario.name}: annual loss exceedance by strategy, against the risk tolerance`,
      subtitle: [
        `AEP of every strategy: the annual loss in ${currency} exceeded once in R years on average (probability 1/R a year), R on a log scale.`,
        'Dashed steps: the risk tolerance, a loss L acceptable with probability q at most (diamond at R = 1/q); tolerance.csv has the test.',
      ],
    },
    params: [{ name: 'strategy', value: ALL_STRATEGIES }],
    data: { values: [...curves, ...steps, ...toleranceValues] },
    facet: { field: 'bearer', type: 'nominal', sort: drawn, title: null },
    columns: 3,
    resolve: { scale: { y: 'independent' }, axis: { x: 'independent' } },
    spec: {
      width: 260,
      height: 160,
      layer: [
        {
          transform: [{ filter: "datum.layer === 'aep'" }],
          mark: { type: 'line', point: true },
          encoding: {
            x,
            y,
            color: { field: 'strategy', type: 'nominal', scale: { domain: strategies }, title: 'strategy' },
            opacity: { condition: { test: `strategy === ${expressionLiteral(ALL_STRATEGIES)} || datum.strategy === strategy`, value: 1 }, value: 0.25 },
            tooltip: [
              { field: 'bearer', type: 'nominal', title: 'party' },
              { field: 'strategy', type: 'nominal' },
              { field: 'return_period', type: 'quantitative', format: ',', title: 'return period (years)' },
              { field: 'probability', type: 'quantitative', format: '.2~%', title: 'probability a year' },
              moneyTooltip('loss', `loss (${currency})`),
            ],
          },
        },
        {
          transform: [{ filter: "datum.layer === 'steps'" }],
          mark: { type: 'line', interpolate: 'step-before', strokeDash: [6, 4], color: '#333333', clip: true },
          encoding: { x, y },
        },
        {
          transform: [{ filter: "datum.layer === 'tolerance'" }],
          mark: { type: 'point', shape: 'diamond', filled: true, size: 60, color: '#333333' },
          encoding: {
            x,
            y,
            tooltip: [
              { field: 'bearer', type: 'nominal', title: 'party' },
              moneyTooltip('loss', `tolerated loss (${currency})`),
              { field: 'acceptable', type: 'quantitative', format: '.3~%', title: 'acceptable probability a year' },
              { field: 'return_period', type: 'quantitative', format: ',.0f', title: 'return period (years)' },
            ],
          },
        },
      ],
    },
  };
}
