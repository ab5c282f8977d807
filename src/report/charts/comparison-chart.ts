import { NOISE_Z, type ComparisonRow } from '../../stats/compare-strategies.ts';
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from './vega-lite-spec.ts';

/**
 * The strategy comparison as a Vega-Lite spec: per bearer that pays for risk (insurers left out),
 * each strategy's total cost of risk as a bar split into retained loss, premiums and mitigation
 * costs, with a tick and error bar at the total ± 1.96 paired standard errors of its difference
 * from the baseline strategy.
 */
export function comparisonChart(rows: readonly ComparisonRow[], title: string, currency: string): VegaLiteSpec {
  const parties = rows.filter((row) => !row.bearer.startsWith('insurer:') && (row.totalCostOfRisk !== 0 || row.premiums !== 0));
  // One row per strategy, bearer and part of the total; the error bar reads the first part's row.
  const values = parties.flatMap((row) =>
    (
      [
        ['retained loss', row.meanLoss],
        ['premiums', row.premiums],
        ['mitigation costs', row.mitigationCosts],
      ] as const
    ).map(([part, amount]) => ({
      strategy: row.strategy,
      bearer: row.bearer,
      part,
      amount,
      total: row.totalCostOfRisk,
      low: row.totalCostOfRisk - NOISE_Z * row.sePaired,
      high: row.totalCostOfRisk + NOISE_Z * row.sePaired,
      difference: row.difference,
      within_noise: row.withinNoise,
    })),
  );
  const strategies = [...new Set(rows.map((row) => row.strategy))];
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `${title}: total cost of risk by strategy`, subtitle: `${currency} a year; error bars: ±1.96 paired SE of the difference from ${rows[0]?.baseline ?? 'baseline'}` },
    data: { values },
    facet: { row: { field: 'bearer', type: 'nominal', title: null } },
    resolve: { scale: { x: 'independent' } },
    spec: {
      width: 480,
      layer: [
        {
          mark: { type: 'bar', tooltip: true },
          encoding: {
            y: { field: 'strategy', type: 'nominal', sort: strategies, title: null },
            x: { field: 'amount', type: 'quantitative', stack: 'zero', title: `${currency} a year` },
            color: { field: 'part', type: 'nominal', sort: ['retained loss', 'premiums', 'mitigation costs'], title: null },
          },
        },
        {
          transform: [{ filter: "datum.part === 'retained loss'" }],
          mark: { type: 'errorbar', ticks: true },
          encoding: {
            y: { field: 'strategy', type: 'nominal', sort: strategies },
            x: { field: 'low', type: 'quantitative' },
            x2: { field: 'high' },
            tooltip: [
              { field: 'strategy' },
              { field: 'total', type: 'quantitative', format: ',.0f', title: 'total cost of risk' },
              { field: 'difference', type: 'quantitative', format: ',.0f' },
              { field: 'within_noise', title: 'within noise' },
            ],
          },
        },
      ],
    },
  };
}
