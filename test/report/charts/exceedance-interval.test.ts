import { describe, expect, it } from 'vitest';
import { exceedanceChart } from '../../../src/report/charts/exceedance-chart.ts';
import { loadRunData } from './run-data-fixture.ts';

/** The exceedance chart's tooltip gives each point's 90% interval from ep.csv (MODEL §10). */
describe('exceedance chart intervals', () => {
  it("puts each point's interval in its tooltip: both bounds, ? for a bound the trials cannot give, – for a folder without intervals", () => {
    const data = loadRunData();
    const [first, second, ...rest] = data.exceedance.filter((row) => row.peril === 'all' && row.loss > 0);
    const exceedance = data.exceedance.map((row) => (row === first ? { ...row, loss_lo: 1_234.4, loss_hi: 56_789 } : row === second ? { ...row, loss_lo: 10 } : row));
    const spec = exceedanceChart({ ...data, exceedance });
    const values = (spec.data as { values: { bearer: string; basis: string; strategy: string; return_period: number; interval: string }[] }).values;
    const find = (row: typeof first) =>
      values.find((value) => value.strategy === row!.strategy && value.bearer === row!.bearer && value.basis === row!.basis && value.return_period === row!.return_period)!;
    expect(find(first).interval).toBe('1,234 – 56,789');
    expect(find(second).interval).toBe('10 – ?');
    expect(find(rest[0]).interval).toBe('–');
    const tooltip = JSON.stringify((spec.spec as { encoding: { tooltip: unknown } }).encoding.tooltip);
    expect(tooltip).toContain('"field":"interval"');
    expect(tooltip).toContain(`90% interval (${data.manifest.currency})`);
  });
});
