import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeYearLossTable } from '../../src/ledger/year-loss-table.ts';
import { loadScenario, simulate } from '../../src/index.ts';
import { hashFolder } from '../golden/golden-manifest.ts';
import { expectExit } from '../helpers/expect-exit.ts';
import { makeTempFolder, PROJECT_ROOT, runCli, type CliResult } from '../helpers/run-cli.ts';

// Reports compared as the golden runs compare them (run.json without how it was executed).
// A scenario with strategies, so the table has a block per strategy, and several perils.
const SCENARIO = join(PROJECT_ROOT, 'test/fixtures/scenarios/strategies/good.yaml');
const simulation = [SCENARIO, '--trials', '700', '--seed', '3', '--workers', '2', '--chunk-size', '150', '--quiet'];

const tmpdir = process.env.TMPDIR;
afterEach(() => {
  if (tmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = tmpdir;
});

describe('faultline run --table-memory', () => {
  const out = makeTempFolder('faultline-table-memory');
  const folder = (name: string) => join(out, name);
  const runs: Record<string, CliResult> = {};

  beforeAll(async () => {
    const report = [...simulation, '--ylt', '--no-charts'];
    runs.memory = await runCli(['run', ...report, '--out', folder('memory')]);
    runs.file = await runCli(['run', ...report, '--table-memory', '0', '--out', folder('file')]);
    runs.shardMemory = await runCli(['run', ...simulation, '--shard', '1/2', '--partial', folder('shard-memory')]);
    runs.shardFile = await runCli(['run', ...simulation, '--shard', '1/2', '--table-memory', '0', '--partial', folder('shard-file')]);
  }, 300_000);

  it('writes the same report, ylt.csv included, whether the table is in memory or in the file', () => {
    expectExit(runs.memory!, 0);
    expectExit(runs.file!, 0);
    const memory = hashFolder(folder('memory'));
    expect(Object.keys(memory)).toContain('ylt.csv');
    expect(hashFolder(folder('file'))).toEqual(memory);
  });

  it('writes the same partial result of a shard either way', () => {
    expectExit(runs.shardMemory!, 0);
    expectExit(runs.shardFile!, 0);
    const binary = (name: string) =>
      Object.fromEntries(['annual.f64', 'largest.f64', 'occurrences.f64', 'perils.f64', 'perils.u32'].map((file) => [file, readFileSync(join(folder(name), file)).toString('hex')]));
    expect(binary('shard-file')).toEqual(binary('shard-memory'));
  });

  it.each(['-1', 'lots', '1.5', '2000000'])('refuses --table-memory %s with exit 2, naming the flag', async (value) => {
    const result = await runCli(['run', ...simulation, '--table-memory', value, '--out', folder(`bad-${value}`)]);
    expectExit(result, 2);
    expect(result.stderr).toMatch(/--table-memory: expected a whole number/);
  });

  it('fails with exit 1, saying why, when the temporary file cannot be made, and keeps the earlier report', async () => {
    const earlier = hashFolder(folder('memory'));
    process.env.TMPDIR = join(out, 'no-such-folder');
    const result = await runCli(['run', ...simulation, '--table-memory', '0', '--out', folder('memory')]);
    expectExit(result, 1);
    expect(result.stderr).toMatch(/could not create a temporary folder in .*no-such-folder for the year loss table \(ENOENT\)/);
    expect(hashFolder(folder('memory'))).toEqual(earlier);
  });
});

describe('simulate({ tableMemory })', () => {
  it('gives the same results from a table in the temporary file, and closeYearLossTable gives it back', async () => {
    const loaded = loadScenario(SCENARIO);
    const options = { trials: 400, seed: 3, workers: 1 };
    const memory = await simulate(loaded, options);
    const file = await simulate(loaded, { ...options, tableMemory: 0 });
    expect(memory.table.years.spilled).toBe(false);
    expect(file.table.years.spilled).toBe(true);
    expect(file.summary).toEqual(memory.summary);
    expect(file.perilSummary).toEqual(memory.perilSummary);
    expect(file.table.years.annual(1, 0)).toEqual(memory.table.years.annual(1, 0));
    closeYearLossTable(file.table);
    expect(() => file.table.years.annual(0, 0)).toThrow('after it was closed');
  });
});
