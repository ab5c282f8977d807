import type { ComparisonRow } from '../../stats/compare-strategies.ts';
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from './vega-lite-spec.ts';

/** One point of a sweep: a strategy's cost of risk for one bearer at one value of the swept field. */
export type SweepPoint = Pick<ComparisonRow, 'strategy' | 'bearer' | 'meanLoss' | 'premiums' | 'mitigationCosts' | 'totalCostOfRisk' | 'tvar99'> & {
  value: number | string;
  /** Standard error of the mean retained loss (fixed costs have none). */
  seMean: number;
};

/**
 * A sweep as a Vega-Lite spec: for one bearer, the retained loss, premiums, mitigation costs and
 * total cost of risk (with ±1.96 standard errors) against the swept value, one panel per
 * strategy; the lowest point of the total is where a control or a deductible breaks even.
 */
export function sweepChart(points: readonly SweepPoint[], field: string, bearer: string, currency: string): VegaLiteSpec {
  const numeric = points.every((point) => typeof point.value === 'number');
  const values = points
    .filter((point) => point.bearer === bearer)
    .flatMap((point) =>
      (
        [
          ['total cost of risk', point.totalCostOfRisk],
          ['retained loss', point.meanLoss],
          ['premiums', point.premiums],
          ['mitigation costs', point.mitigationCosts],
        ] as const
      ).map(([measure, amount]) => ({
        value: point.value,
        strategy: point.strategy,
        measure,
        amount,
        low: measure === 'total cost of risk' ? amount - 1.96 * point.seMean : amount,
        high: measure === 'total cost of risk' ? amount + 1.96 * point.seMean : amount,
      })),
    );
  const x = { field: 'value', type: numeric ? 'quantitative' : 'ordinal', title: field };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `${bearer}: cost of risk against ${field}`, subtitle: `${currency} a year; band: ±1.96 standard errors of the total` },
    data: { values },
    facet: { column: { field: 'strategy', type: 'nominal', title: null } },
    spec: {
      width: 360,
      height: 240,
      layer: [
        {
          transform: [{ filter: "datum.measure === 'total cost of risk'" }],
          mark: { type: 'errorband', opacity: 0.2 },
          encoding: { x, y: { field: 'low', type: 'quantitative', title: `${currency} a year` }, y2: { field: 'high' } },
        },
        {
          mark: { type: 'line', point: true, tooltip: true },
          encoding: {
            x,
            y: { field: 'amount', type: 'quantitative' },
            color: { field: 'measure', type: 'nominal', sort: ['total cost of risk', 'retained loss', 'premiums', 'mitigation costs'], title: null },
          },
        },
      ],
    },
  };
}
