import { formatWhole } from '../format-amount.ts';
import type { ExceedanceRecord, RunData } from '../run-data.ts';
import { ALL_STRATEGIES, bearerOrder, chartStrategy, expressionLiteral, moneyAxis, moneyTooltip, partyPanels, strategyFilter, strategyParams, strategyTitle } from './chart-basics.ts';
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
  const strategy = chartStrategy(data);
  const currency = data.manifest.currency;
  const rows = data.exceedance.filter((row) => row.peril === 'all');
  const drawn = bearerOrder(
    data,
    rows.map((row) => row.bearer),
  ).filter((bearer) => rows.some((row) => row.bearer === bearer && row.loss > 0));
  const values = rows
    .filter((row) => drawn.includes(row.bearer))
    .map((row) => ({
      strategy: row.strategy,
      bearer: row.bearer,
      basis: row.basis,
      return_period: row.return_period,
      probability: 1 / row.return_period,
      loss: row.loss,
      interval: intervalText(row),
    }));
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
    transform: [strategyFilter(strategy, true), { calculate: `strategy === ${expressionLiteral(ALL_STRATEGIES)} ? datum.strategy : datum.basis`, as: 'series' }],
    ...partyPanels(drawn),
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
        strokeDash: {
          field: 'basis',
          type: 'nominal',
          scale: {
            domain: ['AEP', 'OEP'],
            range: [
              [1, 0],
              [5, 3],
            ],
          },
          legend: null,
        },
        tooltip: [
          { field: 'strategy', type: 'nominal' },
          { field: 'bearer', type: 'nominal', title: 'party' },
          { field: 'basis', type: 'nominal' },
          { field: 'return_period', type: 'quantitative', format: ',', title: 'return period (years)' },
          { field: 'probability', type: 'quantitative', format: '.2~%', title: 'probability a year' },
          moneyTooltip('loss', `loss (${currency})`),
          { field: 'interval', type: 'nominal', title: `90% interval (${currency})` },
        ],
      },
    },
  };
}

/** A point's 90% interval as text (`1,234 – 5,678`), `?` for a bound the trials cannot give, `–` for a folder written before intervals. */
function intervalText(row: ExceedanceRecord): string {
  if (row.loss_lo === undefined && row.loss_hi === undefined) return '–';
  const bound = (value: number | undefined) => (value === undefined ? '?' : formatWhole(value));
  return `${bound(row.loss_lo)} – ${bound(row.loss_hi)}`;
}
