import { describe, expect, it } from 'vitest';
import { convergenceChart } from '../../../src/report/charts/convergence-chart.ts';
import { runCharts } from '../../../src/report/charts/run-charts.ts';
import type { ConvergenceRecord, RunData } from '../../../src/report/run-data.ts';
import { compileWarnings, loadRunData, vegaLiteValidator } from './run-data-fixture.ts';

/** The fixture run with a convergence.csv: each bearer's mean settling on its summary.csv mean, the band narrowing as 1/√n. */
function withConvergence(): RunData {
  const data = loadRunData();
  const convergence: ConvergenceRecord[] = data.summary.flatMap((row) =>
    [1000, 2000].map((trials) => {
      const se = row.se_mean * Math.sqrt(2000 / trials);
      const mean = row.mean * (trials === 2000 ? 1 : 1.1);
      return { strategy: row.strategy, bearer: row.bearer, trials, mean, se, lower: mean - 2 * se, upper: mean + 2 * se };
    }),
  );
  return { ...data, convergence };
}

describe('convergence chart', () => {
  const data = withConvergence();
  const spec = convergenceChart(data);
  const values = (spec.data as { values: Record<string, unknown>[] }).values;

  it('comes last among the charts, and only for a folder with convergence.csv', () => {
    expect(
      runCharts(data)
        .map((chart) => chart.name)
        .at(-1),
    ).toBe('convergence');
    expect(runCharts(loadRunData()).map((chart) => chart.name)).not.toContain('convergence');
  });

  it('draws the running mean inside its band, per party with a loss, trials on a log axis; the strategy param picks the strategy (the baseline in the files)', () => {
    const baseline = data.manifest.strategies[0];
    const carrying = [...new Set(data.summary.filter((row) => row.mean !== 0).map((row) => row.bearer))];
    expect(new Set(values.map((row) => row.bearer))).toEqual(new Set(carrying));
    expect(values).toHaveLength(2 * carrying.length * data.manifest.strategies.length);
    expect(spec.params).toEqual([{ name: 'strategy', value: baseline }]);
    expect(spec.transform).toEqual([{ filter: expect.stringContaining('datum.strategy ===') }]);
    expect(spec.resolve).toMatchObject({ axis: { x: 'independent' } });
    for (const row of values) expect(row.lower as number).toBeLessThanOrEqual(row.upper as number);
    const inner = spec.spec as { encoding: { x: { scale: { type: string } } }; layer: { mark: { type: string }; encoding: { y: { field: string }; y2?: { field: string } } }[] };
    expect(inner.encoding.x.scale.type).toBe('log');
    expect(inner.layer.map((layer) => [layer.mark.type, layer.encoding.y.field, layer.encoding.y2?.field])).toEqual([
      ['area', 'lower', 'upper'],
      ['line', 'mean', undefined],
    ]);
  });

  it('validates against the Vega-Lite schema and compiles without warnings', () => {
    const validate = vegaLiteValidator();
    expect(validate(spec), JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toBe(true);
    expect(compileWarnings(spec)).toEqual([]);
  });
});
