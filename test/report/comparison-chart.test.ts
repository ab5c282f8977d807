import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// ajv is CommonJS: its named export types cleanly under NodeNext (the default import does not construct).
import { Ajv } from 'ajv';
import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import type { YearLossTable } from '../../src/ledger/year-loss-table.ts';
import { strategyComparisonChart } from '../../src/report/charts/strategy-comparison-chart.ts';
import type { ComparisonRow } from '../../src/stats/compare-strategies.ts';
import { comparisonRecord } from '../helpers/comparison-record.ts';
import { specText, VEGA_LITE_SCHEMA, type VegaLiteSpec } from '../../src/report/charts/vega-lite-spec.ts';
import { compareStrategies } from '../../src/stats/compare-strategies.ts';
import { summarizeRun } from '../../src/stats/summarize-run.ts';
import { PROJECT_ROOT } from '../helpers/run-cli.ts';
import { perilCellCount, PerilLossTable } from '../../src/ledger/peril-losses.ts';
import { yearColumns } from '../helpers/year-loss-table.ts';

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
  years: yearColumns(
    [
      [Float64Array.of(5, 0, 10, 5), Float64Array.of(100, 20, 300, 180), Float64Array.of(0, 0, 100, 0)],
      [Float64Array.of(5, 0, 10, 5), Float64Array.of(40, 0, 260, 100), Float64Array.of(60, 0, 40, 100)],
      [Float64Array.of(5, 0, 10, 5), Float64Array.of(100, 20, 300, 180), Float64Array.of(0, 0, 100, 0)],
    ],
    [
      [Float64Array.of(5, 0, 10, 5), Float64Array.of(100, 20, 300, 180), Float64Array.of(0, 0, 100, 0)],
      [Float64Array.of(5, 0, 10, 5), Float64Array.of(40, 0, 260, 100), Float64Array.of(60, 0, 40, 100)],
      [Float64Array.of(5, 0, 10, 5), Float64Array.of(100, 20, 300, 180), Float64Array.of(0, 0, 100, 0)],
    ],
    [Float64Array.of(1, 0, 2, 1), Float64Array.of(1, 0, 2, 1), Float64Array.of(1, 0, 2, 1)],
  ),
  perils: [],
  perilLosses: new PerilLossTable(4, perilCellCount(3, 3)),
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
const comparisonChart = (compared: readonly ComparisonRow[], title: string, currency: string) => strategyComparisonChart(compared.map(comparisonRecord), title, currency);
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
