import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// ajv is CommonJS: its named export types cleanly under NodeNext (the default import does not construct).
import { Ajv } from 'ajv';
import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import type { YearLossTable } from '../../src/engine/run-simulation.ts';
import { comparisonChart } from '../../src/report/charts/comparison-chart.ts';
import { specText, VEGA_LITE_SCHEMA, type VegaLiteSpec } from '../../src/report/charts/vega-lite-spec.ts';
import { compareStrategies, NOISE_Z } from '../../src/stats/compare-strategies.ts';
import { summarizeRun } from '../../src/stats/summarize-run.ts';
import { PROJECT_ROOT } from '../helpers/run-cli.ts';

/**
 * The strategy comparison chart (charts/comparison.vl.json): a Vega-Lite 5 spec that validates
 * against the Vega-Lite JSON Schema shipped with the vega-lite package and compiles to Vega
 * without warnings; a deliberately broken spec fails the same check, so the check can fail.
 */

const schema = JSON.parse(readFileSync(join(PROJECT_ROOT, 'node_modules/vega-lite/build/vega-lite-schema.json'), 'utf8')) as Record<string, unknown>;
// Compiling the schema takes about a second: once for the file.
const validate = new Ajv({ strict: false, validateFormats: false, allErrors: true }).compile(schema);

function schemaErrors(spec: VegaLiteSpec): string[] {
  return validate(spec) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
}

/** Warnings and errors of compiling a spec to Vega. */
function compileProblems(spec: VegaLiteSpec): string[] {
  const problems: string[] = [];
  const logger = {
    level: () => logger,
    info: () => logger,
    debug: () => logger,
    warn: (...args: unknown[]) => (problems.push(args.join(' ')), logger),
    error: (...args: unknown[]) => (problems.push(`error: ${args.join(' ')}`), logger),
  };
  compile(spec as unknown as TopLevelSpec, { logger: logger as never });
  return problems;
}

/**
 * Three strategies × three bearers × 4 trials: the platform, its sellers, and an insurer (whose
 * rows the chart leaves out). alt differs from the baseline; same is the baseline again.
 */
const table: YearLossTable = {
  trials: 4,
  strategies: ['baseline', 'alt', 'same'],
  bearers: ['sellers', 'platform', 'insurer:cyber'],
  annual: [
    [Float64Array.of(5, 0, 10, 5), Float64Array.of(100, 20, 300, 180), Float64Array.of(0, 0, 100, 0)],
    [Float64Array.of(5, 0, 10, 5), Float64Array.of(40, 0, 260, 100), Float64Array.of(60, 0, 40, 100)],
    [Float64Array.of(5, 0, 10, 5), Float64Array.of(100, 20, 300, 180), Float64Array.of(0, 0, 100, 0)],
  ],
  largest: [
    [Float64Array.of(5, 0, 10, 5), Float64Array.of(100, 20, 300, 180), Float64Array.of(0, 0, 100, 0)],
    [Float64Array.of(5, 0, 10, 5), Float64Array.of(40, 0, 260, 100), Float64Array.of(60, 0, 40, 100)],
    [Float64Array.of(5, 0, 10, 5), Float64Array.of(100, 20, 300, 180), Float64Array.of(0, 0, 100, 0)],
  ],
  costs: [
    { mitigations: [], premiums: [{ name: 'cyber', amount: 30, payers: [{ bearer: 'platform', share: 1 }] }] },
    { mitigations: [{ name: 'mfa', amount: 10, payers: [{ bearer: 'platform', share: 1 }] }], premiums: [{ name: 'cyber', amount: 40, payers: [{ bearer: 'platform', share: 1 }] }] },
    { mitigations: [], premiums: [{ name: 'cyber', amount: 30, payers: [{ bearer: 'platform', share: 1 }] }] },
  ],
  allocationSums: new Map(),
  insuranceSums: new Map(),
  insurance: [],
};
const rows = compareStrategies(table, summarizeRun(table).summaries, 0);
const spec = comparisonChart(rows, 'three-strategies', 'EUR');

describe('the comparison chart against the Vega-Lite JSON Schema', () => {
  it('names the Vega-Lite 5 schema the package ships', () => {
    expect(spec.$schema).toBe(VEGA_LITE_SCHEMA);
    expect(String(schema.$schema)).toContain('json-schema.org');
    const version = JSON.parse(readFileSync(join(PROJECT_ROOT, 'node_modules/vega-lite/package.json'), 'utf8')) as { version: string };
    expect(version.version.startsWith('5.')).toBe(true);
  });

  it('validates, as written to the file', () => {
    expect(schemaErrors(spec)).toEqual([]);
    expect(schemaErrors(JSON.parse(specText(spec)) as VegaLiteSpec)).toEqual([]);
  });

  it('compiles to Vega without warnings', () => {
    expect(compileProblems(spec)).toEqual([]);
  });

  it('rejects a broken spec (so the check can fail): an unknown mark, an unknown encoding type, a missing facet field', () => {
    const bogusMark = structuredClone(spec) as { spec: { layer: { mark: { type: string } }[] } };
    bogusMark.spec.layer[0]!.mark.type = 'bogus';
    expect(schemaErrors(bogusMark as unknown as VegaLiteSpec).length).toBeGreaterThan(0);

    const bogusType = structuredClone(spec) as { spec: { layer: { encoding: { x: { type: string } } }[] } };
    bogusType.spec.layer[0]!.encoding.x.type = 'numeric';
    expect(schemaErrors(bogusType as unknown as VegaLiteSpec).length).toBeGreaterThan(0);

    const { facet: _facet, ...withoutFacet } = spec;
    expect(schemaErrors(withoutFacet).length).toBeGreaterThan(0);
  });

  it('validates with a single strategy row set and with rows compared against another baseline', () => {
    expect(schemaErrors(comparisonChart(compareStrategies(table, summarizeRun(table).summaries, 1), 'rebased', 'USD'))).toEqual([]);
    expect(schemaErrors(comparisonChart([], 'empty', 'USD'))).toEqual([]);
  });
});

describe('what the comparison chart shows', () => {
  const values = (spec.data as { values: Record<string, unknown>[] }).values;

  it('has, per strategy and paying bearer, the retained loss, premiums and mitigation costs, insurers left out', () => {
    expect(values).toHaveLength(3 * 2 * 3); // strategies × {sellers, platform} × parts
    expect(new Set(values.map((value) => value.bearer))).toEqual(new Set(['sellers', 'platform']));
    const parts = (strategy: string, bearer: string) =>
      values.filter((value) => value.strategy === strategy && value.bearer === bearer).map((value) => [value.part, value.amount]);
    expect(parts('alt', 'platform')).toEqual([
      ['retained loss', 100],
      ['premiums', 40],
      ['mitigation costs', 10],
    ]);
    expect(parts('baseline', 'sellers')).toEqual([
      ['retained loss', 5],
      ['premiums', 0],
      ['mitigation costs', 0],
    ]);
  });

  it('spans each error bar over the total ± 1.96 paired standard errors of the difference from the baseline', () => {
    for (const row of rows.filter((r) => !r.bearer.startsWith('insurer:'))) {
      const value = values.find((v) => v.strategy === row.strategy && v.bearer === row.bearer && v.part === 'retained loss')!;
      expect(value).toMatchObject({ total: row.totalCostOfRisk, difference: row.difference, within_noise: row.withinNoise });
      expect(value.low).toBeCloseTo(row.totalCostOfRisk - NOISE_Z * row.sePaired, 9);
      expect(value.high).toBeCloseTo(row.totalCostOfRisk + NOISE_Z * row.sePaired, 9);
    }
    // alt's platform total 150 ± 1.96 × 12.910; the baseline's and its copy's bars have no width.
    const alt = values.find((v) => v.strategy === 'alt' && v.bearer === 'platform')!;
    expect(alt.low).toBeCloseTo(150 - 1.96 * Math.sqrt(2000 / 3) / 2, 9);
    for (const strategy of ['baseline', 'same']) {
      const flat = values.find((v) => v.strategy === strategy && v.bearer === 'platform')!;
      expect([flat.low, flat.high]).toEqual([180, 180]);
    }
  });

  it('titles the chart with the scenario, the currency and the baseline, and keeps the strategies in run order', () => {
    expect(spec.title).toEqual({
      text: 'three-strategies: total cost of risk by strategy',
      subtitle: 'EUR a year; error bars: ±1.96 paired SE of the difference from baseline',
    });
    expect(JSON.stringify(spec)).toContain('"sort":["baseline","alt","same"]');
  });
});
