import type { ComparisonRow } from '../../stats/compare-strategies.ts';
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from './vega-lite-spec.ts';

/** One point of a sweep: a strategy's cost of risk for one bearer at one point of the swept fields. */
export type SweepPoint = Pick<ComparisonRow, 'strategy' | 'bearer' | 'meanLoss' | 'premiums' | 'mitigationCosts' | 'totalCostOfRisk' | 'tvar99'> & {
  /** The value of each swept field at this point, in --set order. */
  values: (number | string)[];
  /** Standard error of the mean retained loss (fixed costs have none). */
  seMean: number;
  /**
   * Total cost of risk minus that of the sweep's first point (same strategy and bearer), from the
   * paired per-trial differences; undefined when the point cannot be paired (other trials).
   */
  difference?: number;
  /** Standard error of `difference`: sd of the per-trial differences / √trials. */
  sePaired?: number;
  /** The point's report folder, relative to the sweep folder. */
  report: string;
};

/**
 * A sweep as a Vega-Lite spec: for one bearer, the retained loss, premiums, mitigation costs and
 * total cost of risk (with ±1.96 paired standard errors of its difference from the first point)
 * against the last swept field, one panel per strategy (and per value of the first field in a
 * grid of two); where the total crosses the first point's level is the break-even.
 */
export function sweepChart(points: readonly SweepPoint[], fields: readonly string[], bearer: string, currency: string): VegaLiteSpec {
  const numeric = points.every((point) => typeof point.values.at(-1) === 'number');
  const grid = fields.length > 1;
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
      ).map(([measure, amount]) => {
        const band = measure === 'total cost of risk' ? 1.96 * (point.sePaired ?? point.seMean) : 0;
        return {
          value: point.values.at(-1)!,
          ...(grid ? { group: `${fields[0]}=${String(point.values[0])}` } : {}),
          strategy: point.strategy,
          measure,
          amount,
          low: amount - band,
          high: amount + band,
        };
      }),
    );
  const x = { field: 'value', type: numeric ? 'quantitative' : 'ordinal', title: fields.at(-1)! };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: `${bearer}: cost of risk against ${fields.at(-1)!}`,
      subtitle: `${currency} a year; band: ±1.96 paired standard errors of the total's difference from the sweep's first point`,
    },
    data: { values },
    facet: { column: { field: 'strategy', type: 'nominal', title: null }, ...(grid ? { row: { field: 'group', type: 'nominal', title: null } } : {}) },
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
