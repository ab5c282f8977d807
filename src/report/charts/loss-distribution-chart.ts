import { formatWhole } from '../format-amount.ts';
import type { RunData } from '../run-data.ts';
import { ALL_STRATEGIES, bearerOrder, chartStrategy, decades, expressionLiteral, moneyAxis, moneyTooltip, strategyFilter, strategyParams, strategyTitle } from './chart-basics.ts';
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from './vega-lite-spec.ts';

/** Markers drawn over each histogram, from summary.csv. */
const MARKERS = ['mean', '99th percentile'] as const;

/**
 * The annual loss distribution of each bearer with any loss, as a Vega-Lite spec: one panel per
 * bearer, the histogram of distribution.csv (ten log-spaced bins per decade) as the share of
 * years against the annual net loss on a log axis, with the mean and the 99th percentile marked.
 * Each panel's axis spans its own bearer's losses, from the power of ten below its smallest to the
 * one above its largest, so that one insurer's 6-cent year does not stretch every panel to 0.01.
 * The first bin of a histogram (the years with no loss, or a net gain) cannot sit on a log axis:
 * the subtitle counts those years per bearer instead (for the baseline).
 *
 * Every strategy's bins and markers are in the data (field `strategy`); the `strategy` param (the
 * page's selector, the baseline in the rendered files) picks one, or overlays every strategy's
 * histogram, coloured by strategy and see-through, with every strategy's markers.
 */
export function lossDistributionChart(data: RunData): VegaLiteSpec {
  const strategy = chartStrategy(data);
  const currency = data.manifest.currency;
  const rows = data.distribution.filter((row) => row.strategy === strategy);
  const everyRow = data.distribution;
  const order = bearerOrder(
    data,
    everyRow.map((row) => row.bearer),
  );
  const yearsOf = (strategyName: string, bearer: string) => everyRow.filter((row) => row.strategy === strategyName && row.bearer === bearer).reduce((sum, row) => sum + row.years, 0);
  const noLossOf = (bearer: string) => rows.filter((row) => row.bearer === bearer && row.high <= 0).reduce((sum, row) => sum + row.years, 0);
  const drawn = order.filter((bearer) => everyRow.some((row) => row.bearer === bearer && row.low > 0 && row.years > 0));
  const undrawn = order.filter((bearer) => !drawn.includes(bearer) && everyRow.some((row) => row.bearer === bearer));

  const bins = everyRow
    .filter((row) => row.low > 0 && row.years > 0)
    .map((row) => ({ layer: 'bin', strategy: row.strategy, bearer: row.bearer, low: row.low, high: row.high, years: row.years, share: row.years / yearsOf(row.strategy, row.bearer) }));
  const markers = data.summary
    .filter((row) => drawn.includes(row.bearer))
    .flatMap((row) => [
      { layer: 'marker', strategy: row.strategy, bearer: row.bearer, marker: MARKERS[0], amount: row.mean },
      { layer: 'marker', strategy: row.strategy, bearer: row.bearer, marker: MARKERS[1], amount: row.p99 },
    ])
    .filter((marker) => marker.amount > 0);

  // Each panel's axis is fitted to its bearer's bins and markers, rounded out to powers of ten
  // (`nice` on a log scale); the tick values are every decade of the run, and Vega draws those
  // inside each panel's domain.
  const amounts = [...bins.flatMap((bin) => [bin.low, bin.high]), ...markers.map((marker) => marker.amount)];
  const x = {
    scale: { type: 'log', nice: true },
    axis: moneyAxis(`annual net loss, ${currency} (log scale)`, { values: decades(Math.min(...amounts), Math.max(...amounts)) }),
  };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      anchor: 'start',
      text: strategyTitle(`${data.manifest.scenario.name}: annual loss distribution by party`, strategy, true),
      subtitle: [
        `${formatWhole(data.manifest.trials)} simulated years; x: annual net loss in ${currency} on a log scale, each panel's fitted to its losses (ten bins per decade); y: share of years.`,
        ...noLossLines(
          strategy,
          drawn.map((bearer) => `${bearer} ${formatWhole(noLossOf(bearer))}`),
        ),
        ...(undrawn.length > 0 ? [`No loss in any year: ${undrawn.join(', ')}.`] : []),
      ],
    },
    params: strategyParams(data),
    data: { values: [...bins, ...markers] },
    // Only the panels of parties with a loss under the chosen strategy (an empty panel has no extent).
    transform: [strategyFilter(strategy, true)],
    facet: { field: 'bearer', type: 'nominal', sort: drawn, title: null },
    columns: 3,
    resolve: { scale: { x: 'independent', y: 'independent' } },
    spec: {
      width: 260,
      height: 140,
      layer: [
        {
          transform: [{ filter: "datum.layer === 'bin'" }],
          mark: { type: 'bar', strokeWidth: 1 },
          encoding: {
            fill: { field: 'strategy', type: 'nominal', title: 'strategy' },
            stroke: { field: 'strategy', type: 'nominal', title: 'strategy' },
            fillOpacity: { condition: { test: `strategy === ${expressionLiteral(ALL_STRATEGIES)}`, value: 0.3 }, value: 1 },
            x: { field: 'low', type: 'quantitative', ...x },
            x2: { field: 'high' },
            y2: { datum: 0 },
            y: { field: 'share', type: 'quantitative', axis: { title: 'share of years', format: '.1~%' } },
            tooltip: [
              { field: 'strategy', type: 'nominal' },
              { field: 'bearer', type: 'nominal', title: 'party' },
              moneyTooltip('low', `from (${currency})`),
              moneyTooltip('high', `to (${currency})`),
              { field: 'years', type: 'quantitative', format: ',' },
              { field: 'share', type: 'quantitative', format: '.2~%', title: 'share of years' },
            ],
          },
        },
        {
          transform: [{ filter: "datum.layer === 'marker'" }],
          mark: { type: 'rule', strokeWidth: 1.5 },
          encoding: {
            x: { field: 'amount', type: 'quantitative', ...x },
            color: { field: 'marker', type: 'nominal', scale: { domain: [...MARKERS], range: ['#e45756', '#54a24b'] }, title: null },
            tooltip: [
              { field: 'strategy', type: 'nominal' },
              { field: 'bearer', type: 'nominal', title: 'party' },
              { field: 'marker', type: 'nominal' },
              moneyTooltip('amount', `annual net loss (${currency})`),
            ],
          },
        },
      ],
    },
  };
}

/** The subtitle lines counting the years left off the log axis (of `strategy`), a few bearers a line. */
function noLossLines(strategy: string, counts: readonly string[]): string[] {
  const lines: string[] = [];
  for (let start = 0; start < counts.length; start += 5) lines.push(counts.slice(start, start + 5).join(', '));
  if (lines.length === 0) return [];
  lines[0] = `Years with no loss (or a net gain) under ${strategy}, not on the log axis: ${lines[0]}`;
  lines[lines.length - 1] += '.';
  return lines;
}
