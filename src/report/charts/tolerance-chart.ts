import type { RunData, ToleranceRecord } from '../run-data.ts';
import { ALL_STRATEGIES, bearerOrder, expressionLiteral, moneyAxis, moneyTooltip, partyPanels } from './chart-basics.ts';
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from './vega-lite-spec.ts';

/**
 * The risk tolerance against the strategies (tolerance.csv), as a Vega-Lite spec: per bearer with
 * a `risk_tolerance`, every strategy's AEP curve and the tolerance curve as a dashed step line
 * with a diamond at each point (loss L at return period 1/q). Read on these axes, the step curve caps the loss at return
 * period R by the loss of the first point whose return period is ≥ R: a strategy whose curve
 * stays on or under the steps is within tolerance (tolerance.csv has the exact test, by counting
 * the years above each loss). The `strategy` param (the page's selector; all strategies in the
 * rendered files) highlights the chosen strategy's curve and fades the others'.
 */
export function toleranceChart(data: RunData, tolerance: readonly ToleranceRecord[]): VegaLiteSpec {
  const currency = data.manifest.currency;
  const strategies = data.manifest.strategies;
  const aep = data.exceedance.filter((row) => row.basis === 'AEP' && row.peril === 'all');
  const first = tolerance[0]!.strategy;
  const points = tolerance.filter((row) => row.strategy === first);
  const tolerated = [...new Set(points.map((row) => row.bearer))];
  // Only the bearers with a tolerance: each panel then has curves (ep.csv has every bearer's rows) and steps.
  const drawn = bearerOrder(data, tolerated).filter((bearer) => tolerated.includes(bearer) && aep.some((row) => row.bearer === bearer));
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
    ...partyPanels(drawn),
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
