import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { compile, type TopLevelSpec } from 'vega-lite';
import { vi } from 'vitest';
import type { RunData } from '../../../src/report/run-data.ts';
import type { VegaLiteSpec } from '../../../src/report/charts/vega-lite-spec.ts';
import { PROJECT_ROOT } from '../../helpers/run-cli.ts';

/**
 * The run folder the chart tests draw: `scenarios/strategies.yaml` (four strategies, insurance)
 * at its seed with 2,000 trials, its CSV files read back as `RunData`, and the baseline's
 * 99th-percentile year of platform loss explained. Kept as JSON so that chart goldens move only
 * when the charts change, not when the simulation does.
 */
export const FIXTURE_FILE = join(PROJECT_ROOT, 'test/fixtures/run-data/marketplace-strategies.json');

/**
 * Reads the fixture; `inf` (an unlimited aggregate, as insurance.csv writes it) becomes Infinity.
 * Its ep.csv rows predate the `peril` column: they are the `all` rows, as readRunData reads such a file.
 */
export function loadRunData(): RunData {
  const data = JSON.parse(readFileSync(FIXTURE_FILE, 'utf8'), (key, value: unknown) => (key === 'aggregate_limit' && value === 'inf' ? Infinity : value)) as RunData;
  data.exceedance = data.exceedance.map((row) => ({ ...row, peril: row.peril ?? 'all' }));
  return data;
}

/** A validator of the Vega-Lite JSON Schema shipped with vega-lite (compiling it takes a few seconds: once per file). */
export function vegaLiteValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(join(PROJECT_ROOT, 'node_modules/vega-lite/build/vega-lite-schema.json'), 'utf8')) as object;
  return new Ajv({ strict: false, validateFormats: false, allErrors: true }).compile(schema);
}

/** Compiles a spec with vega-lite and returns the warnings it printed (vega-lite warns through console.warn). */
export function compileWarnings(spec: VegaLiteSpec): string[] {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    compile(spec as unknown as TopLevelSpec);
    return warn.mock.calls.map((call) => call.map(String).join(' '));
  } finally {
    warn.mockRestore();
  }
}
