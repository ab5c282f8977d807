import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTempFolder, parseCsv, PROJECT_ROOT, runCli } from '../helpers/run-cli.ts';

const SCENARIO = join(PROJECT_ROOT, 'test/fixtures/scenarios/market/small-market.yaml');

describe('allocation.csv', () => {
  const out = makeTempFolder('faultline-allocation');
  const folder = (name: string) => join(out, name);
  const file = (name: string, csv: string) => readFileSync(join(folder(name), csv), 'utf8');

  beforeAll(async () => {
    const common = ['run', SCENARIO, '--trials', '3000', '--seed', '4', '--quiet'];
    const runs = await Promise.all([runCli([...common, '--out', folder('two')]), runCli([...common, '--workers', '1', '--chunk-size', '333', '--out', folder('one')])]);
    for (const run of runs) expect(run.status, run.stderr).toBe(0);
  });

  it('has the documented columns and adds up, per bearer, to the mean of summary.csv', () => {
    const { header, rows } = parseCsv(file('two', 'allocation.csv'));
    expect(header).toEqual(['strategy', 'incident_type', 'component', 'bearer', 'mean_annual']);
    const summary = parseCsv(file('two', 'summary.csv')).rows;
    for (const { bearer, mean } of summary) {
      const total = rows.filter((row) => row.bearer === bearer).reduce((sum, row) => sum + Number(row.mean_annual), 0);
      // Each row is rounded to the cent: the total may move by half a cent a row.
      expect(Math.abs(total - Number(mean))).toBeLessThanOrEqual(0.01 + 0.005 * rows.length);
    }
    expect(rows.every((row) => Number(row.mean_annual) !== 0)).toBe(true);
    expect(new Set(rows.map((row) => row.incident_type))).toEqual(new Set(['outage', 'breach', 'seller_misconduct']));
  });

  it('is byte-identical for any worker count and chunk size', () => {
    expect(file('one', 'allocation.csv')).toBe(file('two', 'allocation.csv'));
  });
});
