import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTempFolder, PROJECT_ROOT, runCli, type CliResult } from '../helpers/run-cli.ts';

/**
 * Golden runs: example scenarios at their own seed reproduce committed outputs byte for byte.
 * A change that moves any number fails here; if the change is intended, regenerate with
 * `UPDATE_GOLDEN=1 npx vitest run test/golden` and say why in the commit.
 */
const GOLDEN = [{ scenario: 'scenarios/marketplace.yaml', folder: 'marketplace', trials: 2000, eltRows: 400 }];
const update = process.env.UPDATE_GOLDEN === '1';
/** The files compared: the CSVs, and the chart specs of the default scenario at its seed. */
const FILES = [
  'summary.csv',
  'insurance.csv',
  'elt.csv',
  'charts/loss-distribution.vl.json',
  'charts/exceedance.vl.json',
  'charts/allocation.vl.json',
  'charts/insurance.vl.json',
  'charts/timeline.vl.json',
];

describe.each(GOLDEN)('golden run of $scenario', ({ scenario, folder, trials, eltRows }) => {
  const out = join(makeTempFolder('faultline-golden'), folder);
  const expected = join(PROJECT_ROOT, 'test/golden', folder);
  let run: CliResult;

  beforeAll(async () => {
    run = await runCli(['run', join(PROJECT_ROOT, scenario), '--trials', String(trials), '--elt', String(eltRows), '--out', out, '--quiet', '--no-charts']);
    if (update && run.status === 0) {
      mkdirSync(join(expected, 'charts'), { recursive: true });
      for (const file of FILES) writeFileSync(join(expected, file), readFileSync(join(out, file)));
    }
  });

  it.each(FILES)('reproduces %s', (file) => {
    expect(run.status, run.stderr).toBe(0);
    expect(existsSync(join(expected, file)), `no golden ${file}: run UPDATE_GOLDEN=1 npx vitest run test/golden`).toBe(true);
    expect(readFileSync(join(out, file), 'utf8')).toBe(readFileSync(join(expected, file), 'utf8'));
  });
});
