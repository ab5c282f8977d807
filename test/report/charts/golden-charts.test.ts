import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCharts } from '../../../src/report/charts/run-charts.ts';
import { specText } from '../../../src/report/charts/vega-lite-spec.ts';
import { PROJECT_ROOT } from '../../helpers/run-cli.ts';
import { loadRunData } from './run-data-fixture.ts';

/**
 * Golden chart specs: the charts of the fixture run reproduce the committed `.vl.json` files byte
 * for byte. If a change to a chart is intended, regenerate with
 * `UPDATE_GOLDEN=1 npx vitest run test/report/charts` and look at the diff before committing.
 */
const GOLDEN = join(PROJECT_ROOT, 'test/golden/charts');
const update = process.env.UPDATE_GOLDEN === '1';
const charts = runCharts(loadRunData());

describe('golden chart specs', () => {
  if (update) {
    mkdirSync(GOLDEN, { recursive: true });
    for (const { name, spec } of charts) writeFileSync(join(GOLDEN, `${name}.vl.json`), specText(spec));
  }

  it.each(charts.map((chart) => [chart.name, chart.spec] as const))('reproduces %s.vl.json', (name, spec) => {
    const file = join(GOLDEN, `${name}.vl.json`);
    expect(existsSync(file), `no golden ${name}.vl.json: run UPDATE_GOLDEN=1 npx vitest run test/report/charts`).toBe(true);
    expect(specText(spec)).toBe(readFileSync(file, 'utf8'));
  });
});
