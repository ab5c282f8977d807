import { NOISE_Z } from '../../stats/compare-strategies.ts';
import type { ComparisonRecord } from '../run-data.ts';
import { ALL_STRATEGIES, expressionLiteral, isInsurer, moneyAxis, moneyTooltip } from './chart-basics.ts';
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from './vega-lite-spec.ts';

const PANELS = ['total cost of risk', 'TVaR 99 of annual net loss'] as const;
const PARTS = ['retained loss', 'premiums', 'mitigation costs', 'TVaR 99'] as const;

/**
 * The strategy comparison of comparison.csv as a Vega-Lite spec: one row of panels per bearer
 * that pays for risk (insurers left out). Left, each strategy's total cost of risk as a bar split
 * into retained (mean) loss, premiums and mitigation costs, with an error bar at the total ± 1.96
 * paired standard errors of its difference from the baseline; right, its TVaR 99 of the annual
 * net loss. The layout of `comparisonChart`, read back from the run folder. Every row of panels
 * has its own x-axis labels.
 *
 * The `strategy` param (the page's selector; all strategies in the rendered files) highlights the
 * chosen strategy's bars and fades the others'; with all chosen, none is faded.
 */
export function strategyComparisonChart(records: readonly ComparisonRecord[], title: string, currency: string): VegaLiteSpec {
  const bearers = [...new Set(records.map((record) => record.bearer))].filter(
    (bearer) => !isInsurer(bearer) && records.some((record) => record.bearer === bearer && (record.total_cost_of_risk !== 0 || record.premiums !== 0 || record.tvar_99 !== 0)),
  );
  const strategies = [...new Set(records.map((record) => record.strategy))];
  const values = records
    .filter((record) => bearers.includes(record.bearer))
    .flatMap((record) => {
      const shared = {
        strategy: record.strategy,
        bearer: record.bearer,
        total: record.total_cost_of_risk,
        low: record.total_cost_of_risk - NOISE_Z * record.se_difference,
        high: record.total_cost_of_risk + NOISE_Z * record.se_difference,
        difference: record.difference,
        se_difference: record.se_difference,
        within_noise: record.within_noise,
      };
      return (
        [
          [PANELS[0], record.mean_loss],
          [PANELS[0], record.premiums],
          [PANELS[0], record.mitigation_costs],
          [PANELS[1], record.tvar_99],
        ] as const
      ).map(([panel, amount], index) =>
        // The TVaR panel's error layer is a plain tick at the TVaR: a layer with no rows in a facet
        // would have an infinite extent (a warning in every browser).
        panel === PANELS[1] ? { ...shared, low: amount, high: amount, panel, part: PARTS[index], part_order: index, amount } : { ...shared, panel, part: PARTS[index], part_order: index, amount },
      );
    });
  const y = { field: 'strategy', type: 'nominal', sort: strategies, title: null };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      anchor: 'start',
      text: `${title}: strategies compared`,
      subtitle: [
        `${currency} a year. Left: total cost of risk = mean retained loss + premiums + mitigation costs;`,
        `error bars: ±${NOISE_Z} paired standard errors of the difference from ${records[0]?.baseline ?? 'the baseline'}. Right: TVaR 99 of the annual net loss.`,
      ],
    },
    params: [{ name: 'strategy', value: ALL_STRATEGIES }],
    data: { values },
    facet: {
      row: { field: 'bearer', type: 'nominal', sort: bearers, title: null, header: { labelAngle: 0, labelAlign: 'left' } },
      column: { field: 'panel', type: 'nominal', sort: [...PANELS], title: null },
    },
    resolve: { scale: { x: 'independent' }, axis: { x: 'independent' } },
    spec: {
      width: 300,
      height: { step: 22 },
      layer: [
        {
          mark: { type: 'bar' },
          encoding: {
            y,
            x: { field: 'amount', type: 'quantitative', stack: 'zero', axis: moneyAxis(`${currency} a year`) },
            order: { field: 'part_order', type: 'quantitative' },
            color: { field: 'part', type: 'nominal', scale: { domain: [...PARTS], range: ['#4c78a8', '#f58518', '#54a24b', '#9d755d'] }, title: null },
            opacity: { condition: { test: `strategy === ${expressionLiteral(ALL_STRATEGIES)} || datum.strategy === strategy`, value: 1 }, value: 0.25 },
            tooltip: [{ field: 'strategy', type: 'nominal' }, { field: 'bearer', type: 'nominal' }, { field: 'part', type: 'nominal' }, moneyTooltip('amount', `${currency} a year`)],
          },
        },
        {
          transform: [{ filter: `datum.part === '${PARTS[0]}' || datum.part === '${PARTS[3]}'` }],
          mark: { type: 'errorbar', ticks: true },
          encoding: {
            y,
            x: { field: 'low', type: 'quantitative', title: `${currency} a year` },
            x2: { field: 'high' },
            tooltip: [
              { field: 'strategy', type: 'nominal' },
              moneyTooltip('total', `total cost of risk (${currency} a year)`),
              moneyTooltip('difference', 'difference from the baseline'),
              moneyTooltip('se_difference', 'paired standard error'),
              { field: 'within_noise', type: 'nominal', title: 'within noise' },
            ],
          },
        },
      ],
    },
  };
}
