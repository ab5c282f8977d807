import { beforeAll, describe, expect, it } from 'vitest';
import type { ValidateFunction } from 'ajv';
import { NOISE_Z } from '../../../src/stats/compare-strategies.ts';
import { runCharts } from '../../../src/report/charts/run-charts.ts';
import { cumulativeNetLines } from '../../../src/report/charts/timeline-chart.ts';
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from '../../../src/report/charts/vega-lite-spec.ts';
import type { RunData } from '../../../src/report/run-data.ts';
import { compileWarnings, loadRunData, vegaLiteValidator } from './run-data-fixture.ts';

type Row = Record<string, unknown>;

const data = loadRunData();
const charts = runCharts(data);
const specOf = (name: string): VegaLiteSpec => {
  const chart = charts.find((candidate) => candidate.name === name);
  if (!chart) throw new Error(`no ${name} chart`);
  return chart.spec;
};
/** The inline data of a spec, or of its concatenated views by position. */
const valuesOf = (spec: unknown): Row[] => (spec as { data: { values: Row[] } }).data.values;
/** The rows of one strategy: every chart carries all of them, and the page's selector (the rendered files: the baseline) picks one. */
const ofStrategy = (rows: Row[], strategy = 'baseline'): Row[] => rows.filter((row) => row.strategy === strategy);
const concatValues = (spec: VegaLiteSpec, key: 'hconcat' | 'vconcat', index: number): Row[] => valuesOf((spec[key] as unknown[])[index]);
const subtitleOf = (spec: VegaLiteSpec): string => (spec.title as { subtitle: string[] }).subtitle.join('\n');
const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);

describe('runCharts', () => {
  it('lists the charts of a run in report order', () => {
    expect(charts.map((chart) => chart.name)).toEqual(['loss-distribution', 'exceedance', 'allocation', 'insurance', 'comparison', 'timeline']);
  });

  it('leaves out insurance, comparison and timeline when the run has no such data', () => {
    const bare: RunData = { ...data, insurance: [] };
    delete bare.comparison;
    delete bare.explanation;
    expect(runCharts(bare).map((chart) => chart.name)).toEqual(['loss-distribution', 'exceedance', 'allocation']);
  });

  it('names the currency and the Vega-Lite schema in every spec, with tooltips', () => {
    for (const { name, spec } of charts) {
      expect(spec.$schema, name).toBe(VEGA_LITE_SCHEMA);
      const text = JSON.stringify(spec.title);
      expect(text, name).toContain('USD');
      expect(JSON.stringify(spec), name).toContain('"tooltip"');
    }
  });

  it('keeps scenario text as data: a name with markup reaches the spec as the same string', () => {
    const marked = loadRunData();
    marked.manifest.scenario.name = '<b>bold</b> & co';
    const explanation = marked.explanation!;
    explanation.scenario = marked.manifest.scenario.name;
    explanation.incidents[0]!.summary = '<img src=x onerror=alert(1)>';
    const specs = runCharts(marked);
    for (const { spec } of specs) expect(JSON.stringify(spec.title)).toContain('<b>bold</b> & co');
    const timeline = specs.find((chart) => chart.name === 'timeline')!.spec;
    expect(concatValues(timeline, 'vconcat', 0).some((row) => row.summary === '<img src=x onerror=alert(1)>')).toBe(true);
  });
});

describe('every chart spec', () => {
  let validate: ValidateFunction;
  beforeAll(() => {
    validate = vegaLiteValidator();
  });

  it.each(charts.map((chart) => [chart.name, chart.spec] as const))('%s validates against the Vega-Lite schema', (_name, spec) => {
    expect(validate(spec), JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toBe(true);
  });

  it.each(charts.map((chart) => [chart.name, chart.spec] as const))('%s compiles without warnings', (_name, spec) => {
    expect(compileWarnings(spec)).toEqual([]);
  });
});

describe('loss-distribution', () => {
  const spec = specOf('loss-distribution');
  const layers = (spec.spec as { layer: { encoding: { x: { scale: { type: string } } } }[] }).layer;
  const bins = ofStrategy(valuesOf(spec)).filter((row) => row.layer === 'bin');

  it('puts the annual loss on a log axis and leaves the no-loss bin off it', () => {
    for (const layer of layers) expect(layer.encoding.x.scale.type).toBe('log');
    expect(bins.length).toBeGreaterThan(0);
    expect(bins.every((bin) => (bin.low as number) > 0)).toBe(true);
  });

  it('says in the subtitle how many years had no loss, per bearer', () => {
    const subtitle = subtitleOf(spec);
    expect(subtitle).toContain('sellers:enterprise 303');
    expect(subtitle).toContain('platform 1,');
    expect(subtitle).toContain('insurer:cyber-excess-2 2,000');
    expect(subtitle).toMatch(/No loss in any year: buyers\./);
  });

  it("carries every strategy's bins, and the baseline's shares of years that add up with the no-loss years to 1", () => {
    const platform = data.distribution.filter((row) => row.strategy === 'baseline' && row.bearer === 'platform');
    const noLoss = sum(platform.filter((row) => row.high <= 0).map((row) => row.years));
    const shares = bins.filter((bin) => bin.bearer === 'platform').map((bin) => bin.share as number);
    expect(sum(shares) + noLoss / data.manifest.trials).toBeCloseTo(1, 12);
    expect(bins.filter((bin) => bin.bearer === 'platform')).toHaveLength(platform.filter((row) => row.low > 0 && row.years > 0).length);
  });
});

describe('exceedance', () => {
  const spec = specOf('exceedance');
  const values = valuesOf(spec);

  it('draws AEP and OEP per bearer against the return period on a log axis', () => {
    const encoding = (spec.spec as { encoding: { x: { field: string; scale: { type: string } } } }).encoding;
    expect(encoding.x).toMatchObject({ field: 'return_period', scale: { type: 'log' } });
    for (const bearer of new Set(values.map((row) => row.bearer))) {
      expect(new Set(values.filter((row) => row.bearer === bearer).map((row) => row.basis)), String(bearer)).toEqual(new Set(['AEP', 'OEP']));
    }
  });

  it('holds the rows of ep.csv of every strategy for every bearer with a loss', () => {
    const baseline = data.exceedance.filter((row) => row.strategy === 'baseline' && row.bearer === 'platform');
    expect(new Set(values.map((row) => row.strategy))).toEqual(new Set(data.manifest.strategies));
    expect(
      ofStrategy(values)
        .filter((row) => row.bearer === 'platform')
        .map((row) => [row.basis, row.return_period, row.loss]),
    ).toEqual(baseline.map((row) => [row.basis, row.return_period, row.loss]));
    expect(values.some((row) => row.bearer === 'buyers')).toBe(false);
  });
});

describe('allocation', () => {
  const spec = specOf('allocation');
  const values = ofStrategy(valuesOf(spec));

  it('adds up to the baseline allocation, recoveries included', () => {
    const baseline = data.allocation.filter((row) => row.strategy === 'baseline');
    expect(sum(values.map((row) => row.amount as number))).toBeCloseTo(sum(baseline.map((row) => row.mean_annual)), 0);
  });

  it('shows insurance recoveries negative for the insured and positive for the insurer', () => {
    const recoveries = values.filter((row) => row.part === 'insurance recovery');
    expect(recoveries.length).toBeGreaterThan(0);
    expect(recoveries.every((row) => (row.amount as number) < 0 && !String(row.bearer).startsWith('insurer:'))).toBe(true);
    const insurers = values.filter((row) => String(row.bearer).startsWith('insurer:'));
    expect(insurers.length).toBeGreaterThan(0);
    expect(insurers.every((row) => (row.amount as number) > 0)).toBe(true);
    const recovered = -sum(recoveries.map((row) => row.amount as number));
    expect(recovered).toBeCloseTo(sum(insurers.map((row) => row.amount as number)), -1);
    expect(subtitleOf(spec)).toMatch(/below zero for the insured/);
  });
});

describe('insurance', () => {
  const spec = specOf('insurance');
  const money = ofStrategy(concatValues(spec, 'hconcat', 0));
  const probabilities = ofStrategy(concatValues(spec, 'hconcat', 1));
  const baseline = data.insurance.filter((row) => row.strategy === 'baseline');

  it('has a row per policy and layer of the baseline, with expected loss and premium', () => {
    expect(money.map((row) => row.policy)).toEqual(baseline.map((row) => row.policy));
    expect(money.map((row) => [row.expected_loss, row.premium])).toEqual(baseline.map((row) => [row.expected_loss, row.premium]));
    expect(money.find((row) => row.kind === 'layer')?.label).toBe('cyber-excess (over platform-cyber)');
  });

  it('shows P(attach) and P(exhaust) of each', () => {
    for (const row of baseline) {
      const of = probabilities.filter((point) => point.label === money[baseline.indexOf(row)]!.label);
      expect(of.map((point) => [point.event, point.probability])).toEqual([
        ['P(attach)', row.prob_attach],
        ['P(exhaust)', row.prob_exhaust],
      ]);
    }
  });
});

describe('comparison', () => {
  const spec = specOf('comparison');
  const values = valuesOf(spec);

  it('puts error bars at the total cost of risk ± 1.96 paired standard errors', () => {
    const row = data.comparison!.find((record) => record.strategy === 'no-failover' && record.bearer === 'platform')!;
    const drawn = values.find((value) => value.strategy === 'no-failover' && value.bearer === 'platform' && value.part === 'retained loss')!;
    expect(drawn.low).toBeCloseTo(row.total_cost_of_risk - NOISE_Z * row.se_difference, 6);
    expect(drawn.high).toBeCloseTo(row.total_cost_of_risk + NOISE_Z * row.se_difference, 6);
  });

  it('shows mean loss, premiums, mitigation costs and TVaR 99 per strategy, insurers left out', () => {
    const platform = values.filter((value) => value.bearer === 'platform' && value.strategy === 'more-cyber');
    const record = data.comparison!.find((row) => row.strategy === 'more-cyber' && row.bearer === 'platform')!;
    expect(platform.map((value) => [value.part, value.amount])).toEqual([
      ['retained loss', record.mean_loss],
      ['premiums', record.premiums],
      ['mitigation costs', record.mitigation_costs],
      ['TVaR 99', record.tvar_99],
    ]);
    expect(values.some((value) => String(value.bearer).startsWith('insurer:') || value.bearer === 'buyers')).toBe(false);
    expect(new Set(values.map((value) => value.strategy))).toEqual(new Set(data.manifest.strategies));
  });
});

describe('timeline', () => {
  const spec = specOf('timeline');
  const explanation = data.explanation!;
  const incidents = concatValues(spec, 'vconcat', 0);
  const lines = concatValues(spec, 'vconcat', 1);

  it('places every incident of the year at its time, by type', () => {
    expect(incidents.map((row) => [row.number, row.time, row.type])).toEqual(explanation.incidents.map((incident) => [incident.number, incident.time, incident.type]));
    expect(incidents.every((row) => typeof row.summary === 'string' && row.summary !== '')).toBe(true);
  });

  it("ends each party's cumulative line at its year total", () => {
    const parties = explanation.totals.filter((total) => total.net !== 0);
    expect(new Set(lines.map((point) => point.bearer))).toEqual(new Set(parties.map((party) => party.bearer)));
    for (const party of parties) {
      const line = lines.filter((point) => point.bearer === party.bearer);
      expect(line[0]).toMatchObject({ cumulative: 0, incident: 'start of year' });
      expect(line.at(-1)).toMatchObject({ cumulative: party.net, incident: 'end of year', time: '2028-01-01T00:00:00Z' });
      // The incident steps add up to the total, to the cent the per-incident rounding can cost.
      expect(Math.abs((line.at(-2)!.cumulative as number) - party.net)).toBeLessThanOrEqual(0.01 * explanation.incidents.length);
    }
  });

  it("accumulates in time order: each step adds the party's net for that incident", () => {
    const points = cumulativeNetLines(explanation).filter((point) => point.bearer === 'platform');
    const nets = explanation.incidents.flatMap((incident) => incident.net.filter((entry) => entry.bearer === 'platform').map((entry) => entry.amount));
    expect(points.slice(1, -1).map((point) => point.change)).toEqual(nets);
    expect(points.map((point) => point.step)).toEqual(points.map((_, index) => index));
    const times = points.map((point) => Date.parse(point.time));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});

describe('insurance without baseline cover', () => {
  it('draws the first strategy that buys insurance', () => {
    const data = loadRunData();
    data.insurance = data.insurance.filter((row) => row.strategy === 'more-cyber');
    const spec = runCharts(data).find((chart) => chart.name === 'insurance')!.spec;
    expect(concatValues(spec, 'hconcat', 0).map((row) => row.policy)).toContain('cyber-excess-2');
    expect(JSON.stringify(spec.title)).toContain('more-cyber');
  });
});
