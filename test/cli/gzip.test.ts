import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectExit } from '../helpers/expect-exit.ts';
import { makeTempFolder, PROJECT_ROOT, runCli, type CliResult } from '../helpers/run-cli.ts';

const SCENARIO = join(PROJECT_ROOT, 'test/fixtures/scenarios/strategies/good.yaml');
/** Enough years for ylt.csv to pass 50,000 rows, so that it has more than one gzip member. */
const TRIALS = 8000;
/** The start of each gzip member Node writes: magic, deflate, no flags, no time. */
const MEMBER_START = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00]);

describe('--gzip on run and merge', () => {
  const out = makeTempFolder('faultline-gzip');
  const folder = (name: string) => join(out, name);
  const runs: Record<string, CliResult> = {};

  beforeAll(async () => {
    const simulation = [SCENARIO, '--trials', String(TRIALS), '--seed', '8', '--quiet'];
    const report = [...simulation, '--no-charts', '--elt', '--ylt'];
    const [two, one, plain, alone] = await Promise.all([
      runCli(['run', ...report, '--gzip', '--workers', '2', '--out', folder('two')]),
      runCli(['run', ...report, '--gzip', '--workers', '1', '--chunk-size', '777', '--out', folder('one')]),
      runCli(['run', ...report, '--out', folder('plain')]),
      runCli(['run', ...simulation, '--no-charts', '--gzip', '--out', folder('alone')]),
    ]);
    const shards = await Promise.all([1, 2, 3].map((i) => runCli(['run', ...simulation, '--elt', '--shard', `${i}/3`, '--partial', folder(`part-${i}`)])));
    const [merged, onShard] = await Promise.all([
      runCli(['merge', folder('part-3'), folder('part-1'), folder('part-2'), '--ylt', '--gzip', '--no-charts', '--quiet', '--out', folder('merged')]),
      runCli(['run', ...simulation, '--elt', '--gzip', '--shard', '1/3', '--partial', folder('bad-shard')]),
    ]);
    Object.assign(runs, { two, one, plain, alone, merged, onShard });
    shards.forEach((shard, i) => (runs[`shard${i}`] = shard));
  }, 300_000);

  const bytes = (name: string, file: string) => readFileSync(join(folder(name), file));

  it('writes elt.csv.gz and ylt.csv.gz instead of the plain files, holding exactly their text', () => {
    for (const name of ['two', 'one', 'plain']) expectExit(runs[name]!, 0);
    for (const table of ['elt.csv', 'ylt.csv']) {
      expect(existsSync(join(folder('two'), table))).toBe(false);
      expect(gunzipSync(bytes('two', `${table}.gz`)).equals(bytes('plain', table)), table).toBe(true);
      expect(bytes('two', `${table}.gz`).length).toBeLessThan(bytes('plain', table).length / 3);
    }
    const ylt = bytes('two', 'ylt.csv.gz');
    expect(ylt.subarray(0, MEMBER_START.length).equals(MEMBER_START)).toBe(true);
    expect(ylt.indexOf(MEMBER_START, 1)).toBeGreaterThan(0); // more than one member
  });

  it('writes the same bytes on 1 or 2 workers, another chunk size and merged from shards', () => {
    for (const table of ['elt.csv.gz', 'ylt.csv.gz']) {
      expect(bytes('one', table).equals(bytes('two', table)), table).toBe(true);
    }
    for (let i = 0; i < 3; i++) expectExit(runs[`shard${i}`]!, 0);
    expectExit(runs.merged!, 0);
    for (const table of ['elt.csv.gz', 'ylt.csv.gz']) expect(bytes('merged', table).equals(bytes('two', table)), table).toBe(true);
  });

  it('refuses --gzip without a table to compress, and on a shard, with exit 2 and nothing written', () => {
    expectExit(runs.alone!, 2);
    expect(runs.alone!.stderr).toContain('--gzip: expected --elt or --ylt with it (it compresses elt.csv and ylt.csv), got --gzip without either table');
    expect(existsSync(folder('alone'))).toBe(false);
    expectExit(runs.onShard!, 2);
    expect(runs.onShard!.stderr).toContain('expected no --gzip with --shard');
    expect(existsSync(folder('bad-shard'))).toBe(false);
  });
});
