import { roundCents } from '../format-amount.ts';
import type { RunData } from '../run-data.ts';
import { bearerOrder, chartStrategy, isInsurer, moneyAxis, moneyTooltip, partyColorScale, partyLegendSelection, partyOpacity, strategyFilter, strategyParams, strategyTitle } from './chart-basics.ts';
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from './vega-lite-spec.ts';

/** The component allocation.csv books insurance payments under. */
const RECOVERY = 'insurance_recovery';
/** Parts of a bearer's segment: what it carries (an insurer's payments included), and what insurance paid it back. */
const PARTS = ['loss carried', 'insurance recovery'] as const;
/** The segment legend's symbols: a neutral grey, full for a party's loss and lighter for its recovery (not black: the net-total tick is). */
const SEGMENT_GREY = '#79706e';
/** The segment legend's labels, in the caption's words. */
const SEGMENT_LABELS = "datum.label === 'insurance recovery' ? 'insurance recovery (lighter)' : 'loss carried (full colour)'";

/**
 * Who pays for what, as a Vega-Lite spec: per incident type, a bar of the mean annual amount
 * each final bearer carries (allocation.csv summed over loss components), stacked by bearer.
 * Insurance recoveries are kept apart: a lighter segment below zero for the insured, and part
 * of the insurer's segment above zero; a black tick marks the net total of the incident type.
 * The segment legend shows the two parts in a neutral grey, full and lighter, as the caption
 * says: black is the net-total tick's alone.
 *
 * Every strategy's rows are in the data (field `strategy`); the `strategy` param (the page's
 * selector, the baseline in the rendered files) picks one (the baseline when all are chosen).
 * A click on a party in the legend picks it out (`partyLegendSelection`).
 */
export function allocationChart(data: RunData): VegaLiteSpec {
  const strategy = chartStrategy(data);
  const currency = data.manifest.currency;
  const rows = data.allocation;
  const bearers = bearerOrder(
    data,
    rows.map((row) => row.bearer),
  );

  const segments = new Map<string, { strategy: string; incident_type: string; bearer: string; part: (typeof PARTS)[number]; amount: number; components: string[] }>();
  for (const row of rows) {
    const part = row.component === RECOVERY && !isInsurer(row.bearer) ? PARTS[1] : PARTS[0];
    const key = JSON.stringify([row.strategy, row.incident_type, row.bearer, part]);
    const segment = segments.get(key) ?? { strategy: row.strategy, incident_type: row.incident_type, bearer: row.bearer, part, amount: 0, components: [] };
    segment.amount += row.mean_annual;
    segment.components.push(row.component);
    segments.set(key, segment);
  }
  const values = [...segments.values()]
    .map((segment) => ({
      strategy: segment.strategy,
      incident_type: segment.incident_type,
      bearer: segment.bearer,
      part: segment.part,
      amount: roundCents(segment.amount),
      components: segment.components.join(', '),
      stack_order: bearers.indexOf(segment.bearer) * PARTS.length + PARTS.indexOf(segment.part),
    }))
    .filter((segment) => segment.amount !== 0);
  const drawnBearers = bearers.filter((bearer) => values.some((segment) => segment.bearer === bearer));

  const netByType = new Map<string, number>();
  for (const segment of values.filter((row) => row.strategy === strategy)) netByType.set(segment.incident_type, (netByType.get(segment.incident_type) ?? 0) + segment.amount);
  const types = [...netByType].sort(([a, netA], [b, netB]) => netB - netA || (a < b ? -1 : 1)).map(([type]) => type);
  // Types only other strategies have go last.
  for (const segment of values) if (!types.includes(segment.incident_type)) types.push(segment.incident_type);

  const y = { field: 'incident_type', type: 'nominal', sort: types, title: 'incident type' };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      anchor: 'start',
      text: strategyTitle(`${data.manifest.scenario.name}: who pays, by incident type`, strategy, false),
      subtitle: [
        `Mean annual amount in ${currency} each party finally carries, summed over loss components.`,
        "Insurance recoveries: lighter segments below zero for the insured, within the insurer's segment above zero; black tick: net total.",
        'Click a party in the legend to pick it out (again to put it back).',
      ],
    },
    params: strategyParams(data),
    data: { values },
    transform: [strategyFilter(strategy, false)],
    width: 640,
    height: { step: 28 },
    layer: [
      {
        params: [partyLegendSelection('bearer')],
        mark: { type: 'bar' },
        encoding: {
          y,
          x: { field: 'amount', type: 'quantitative', stack: 'zero', axis: moneyAxis(`${currency} a year`) },
          color: { field: 'bearer', type: 'nominal', sort: drawnBearers, scale: partyColorScale(bearerOrder(data), drawnBearers), title: 'party', legend: { labelLimit: 280, symbolOpacity: 1 } },
          opacity: partyOpacity({
            field: 'part',
            type: 'ordinal',
            sort: [...PARTS],
            scale: { domain: [...PARTS], range: [1, 0.45] },
            title: 'segment',
            legend: { symbolType: 'square', labelLimit: 280, symbolFillColor: SEGMENT_GREY, symbolStrokeColor: SEGMENT_GREY, labelExpr: SEGMENT_LABELS },
          }),
          order: { field: 'stack_order', type: 'quantitative' },
          tooltip: [
            { field: 'strategy', type: 'nominal' },
            { field: 'incident_type', type: 'nominal', title: 'incident type' },
            { field: 'bearer', type: 'nominal', title: 'party' },
            { field: 'part', type: 'nominal' },
            moneyTooltip('amount', `mean annual (${currency})`),
            { field: 'components', type: 'nominal', title: 'loss components' },
          ],
        },
      },
      {
        mark: { type: 'tick', color: 'black', thickness: 2 },
        encoding: {
          y,
          x: { aggregate: 'sum', field: 'amount', type: 'quantitative' },
          tooltip: [
            { field: 'incident_type', type: 'nominal', title: 'incident type' },
            { aggregate: 'sum', field: 'amount', type: 'quantitative', format: ',.0f', title: `net total (${currency} a year)` },
          ],
        },
      },
    ],
  };
}
