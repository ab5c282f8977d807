import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectExit } from '../helpers/expect-exit.ts';
import { makeTempFolder, parseCsv, PROJECT_ROOT, runCli, type CliResult } from '../helpers/run-cli.ts';

const MARKETPLACE = join(PROJECT_ROOT, 'scenarios/marketplace.yaml');
const STRATEGIES = join(PROJECT_ROOT, 'scenarios/strategies.yaml');
const FIXTURE = join(PROJECT_ROOT, 'test/fixtures/scenarios/strategies/good.yaml');
const NET_COLUMNS = ['strategy', 'trial', 'incident_id', 'bearer', 'ground_up', 'transfers_in', 'transfers_out', 'legal_costs', 'recoveries_received', 'recoveries_paid', 'rounding', 'net'];

/** Cents of a CSV money field (or of ylt.csv's float net, rounded half up as the net table rounds it). */
const cents = (text: string | undefined) => Math.round(Number(text) * 100);

describe('the event loss tables: elt.csv (ground-up) and elt_net.csv (net), as CSV and Parquet', () => {
  const out = makeTempFolder('faultline-elt-net');
  const folder = (name: string) => join(out, name);
  const runs: Record<string, CliResult> = {};

  beforeAll(async () => {
    const tables = ['--elt', '--ylt', '--no-charts', '--quiet'];
    const market = [MARKETPLACE, '--trials', '1500', '--seed', '3', ...tables];
    const fixture = [FIXTURE, '--trials', '600', '--seed', '5', ...tables];
    const strategies = [STRATEGIES, '--trials', '300', '--seed', '4', '--quiet'];
    Object.assign(runs, {
      market: await runCli(['run', ...market, '--workers', '2', '--out', folder('market')]),
      marketOne: await runCli(['run', ...market, '--workers', '1', '--chunk-size', '333', '--out', folder('market-one')]),
      fixture: await runCli(['run', ...fixture, '--workers', '2', '--out', folder('fixture')]),
      strategies: await runCli(['run', ...strategies, ...tables.slice(0, 3), '--workers', '2', '--out', folder('strategies')]),
      parquet: await runCli(['run', ...strategies, ...tables.slice(0, 3), '--format', 'parquet', '--workers', '2', '--out', folder('parquet')]),
      parquetOne: await runCli(['run', ...strategies, ...tables.slice(0, 3), '--format', 'parquet', '--workers', '1', '--chunk-size', '37', '--out', folder('parquet-one')]),
      limited: await runCli(['run', ...strategies.slice(0, -1), '--elt', '100', '--no-charts', '--out', folder('limited')]),
    });
    const shards = await Promise.all([1, 2, 3].map((i) => runCli(['run', ...strategies, '--elt', '--shard', `${i}/3`, '--partial', folder(`part-${i}`)])));
    shards.forEach((shard, i) => (runs[`shard${i + 1}`] = shard));
    Object.assign(runs, {
      merged: await runCli(['merge', folder('part-3'), folder('part-1'), folder('part-2'), '--ylt', '--no-charts', '--quiet', '--out', folder('merged')]),
      mergedParquet: await runCli(['merge', folder('part-2'), folder('part-3'), folder('part-1'), '--ylt', '--format', 'parquet', '--no-charts', '--quiet', '--out', folder('merged-parquet')]),
      unknownFormat: await runCli(['run', ...strategies, '--ylt', '--format', 'xlsx', '--out', folder('bad-1')]),
      parquetAlone: await runCli(['run', ...strategies, '--format', 'parquet', '--out', folder('bad-2')]),
      parquetGzip: await runCli(['run', ...strategies, '--ylt', '--format', 'parquet', '--gzip', '--out', folder('bad-3')]),
      parquetShard: await runCli(['run', ...strategies, '--elt', '--format', 'parquet', '--shard', '1/3', '--partial', folder('bad-4')]),
      mergeParquetGzip: await runCli(['merge', folder('part-1'), folder('part-2'), folder('part-3'), '--ylt', '--format', 'parquet', '--gzip', '--out', folder('bad-5')]),
    });
  }, 600_000);

  const text = (name: string, file: string) => readFileSync(join(folder(name), file), 'utf8');
  const table = (name: string, file: string) => parseCsv(text(name, file));

  describe.each([
    ['the default scenario (marketplace.yaml)', 'market'],
    ['the strategies fixture', 'fixture'],
  ])('elt_net.csv of %s', (_, name) => {
    it('has the documented columns, and every row adds up to its net to the cent', () => {
      expectExit(runs[name]!, 0);
      const { header, rows } = table(name, 'elt_net.csv');
      expect(header).toEqual(NET_COLUMNS);
      expect(rows.length).toBeGreaterThan(1000);
      const wrong = rows.filter((row) => {
        if (!NET_COLUMNS.slice(4).every((column) => /^-?\d+\.\d\d$/.test(row[column]!))) return true;
        const flows = cents(row.ground_up) - cents(row.transfers_out) + cents(row.transfers_in) + cents(row.legal_costs) - cents(row.recoveries_received) + cents(row.recoveries_paid);
        return flows + cents(row.rounding) !== cents(row.net);
      });
      expect(wrong.slice(0, 5)).toEqual([]);
      // rounding is the exception: 0 on most rows
      expect(rows.filter((row) => row.rounding !== '0.00').length).toBeLessThan(rows.length / 5);
    });

    it("sums per strategy, trial and bearer to ylt.csv's net, to the cent, for every strategy and bearer", () => {
      const sums = new Map<string, number>();
      for (const row of table(name, 'elt_net.csv').rows) {
        const key = `${row.strategy} ${row.trial} ${row.bearer}`;
        sums.set(key, (sums.get(key) ?? 0) + cents(row.net));
      }
      const ylt = table(name, 'ylt.csv').rows;
      const strategies = new Set<string>();
      let nonZero = 0;
      const wrong: string[] = [];
      for (const row of ylt) {
        const key = `${row.strategy} ${row.trial} ${row.bearer}`;
        if ((sums.get(key) ?? 0) !== cents(row.net)) wrong.push(`${key}: ${sums.get(key) ?? 0} cents in elt_net.csv, ${row.net} in ylt.csv`);
        sums.delete(key);
        strategies.add(row.strategy!);
        if (cents(row.net) !== 0) nonZero++;
      }
      expect(wrong.slice(0, 5)).toEqual([]);
      expect([...sums.keys()]).toEqual([]); // no row for a strategy, trial or bearer ylt.csv lacks
      expect(nonZero).toBeGreaterThan(100);
      const manifest = JSON.parse(text(name, 'run.json')) as { strategies: string[] };
      expect([...strategies]).toEqual(manifest.strategies);
    });

    it('conserves loss per incident: transfers in = out, recoveries received = paid; net = ground-up + legal costs (+ rounding)', () => {
      const incidents = new Map<string, number[]>();
      let transfers = 0;
      let recoveries = 0;
      let legal = 0;
      for (const row of table(name, 'elt_net.csv').rows) {
        const key = `${row.strategy} ${row.trial} ${row.incident_id}`;
        const sums = incidents.get(key) ?? [0, 0, 0];
        sums[0]! += cents(row.transfers_in) - cents(row.transfers_out);
        sums[1]! += cents(row.recoveries_received) - cents(row.recoveries_paid);
        sums[2]! += cents(row.net) - cents(row.rounding) - cents(row.ground_up) - cents(row.legal_costs);
        incidents.set(key, sums);
        transfers += cents(row.transfers_in);
        recoveries += cents(row.recoveries_paid);
        legal += cents(row.legal_costs);
      }
      expect([...incidents].filter(([, sums]) => sums.some((sum) => sum !== 0)).slice(0, 5)).toEqual([]);
      expect(recoveries).toBeGreaterThan(0);
      // The fixture's loss events stay with their bearers; the default scenario moves losses by liability and pays legal costs.
      if (name === 'market') expect([transfers > 0, legal > 0]).toEqual([true, true]);
    });

    it("has each strategy's ground-up per incident as elt.csv has it (to the rounding of its components)", () => {
      const groundUp = new Map<string, number>();
      const components = new Map<string, number>();
      const manifest = JSON.parse(text(name, 'run.json')) as { strategies: string[] };
      for (const row of table(name, 'elt.csv').rows) {
        const strategies = row.strategy === '*' ? manifest.strategies : [row.strategy!];
        for (const strategy of strategies) {
          const key = `${strategy} ${row.trial} ${row.incident_id}`;
          groundUp.set(key, (groundUp.get(key) ?? 0) - cents(row.amount));
          components.set(key, (components.get(key) ?? 0) + 1);
        }
      }
      for (const row of table(name, 'elt_net.csv').rows) {
        const key = `${row.strategy} ${row.trial} ${row.incident_id}`;
        groundUp.set(key, (groundUp.get(key) ?? 0) + cents(row.ground_up));
      }
      // Each component is rounded once in elt.csv and its allocations once each in elt_net.csv.
      expect([...groundUp].filter(([key, difference]) => Math.abs(difference) > 2 * (components.get(key) ?? 1)).slice(0, 5)).toEqual([]);
      expect(groundUp.size).toBeGreaterThan(100);
    });
  });

  it('writes the ground-up rows once: strategy * when every strategy has them, else one block per strategy', () => {
    expectExit(runs.strategies!, 0);
    const manifest = JSON.parse(text('strategies', 'run.json')) as { strategies: string[]; elt_rows: number };
    expect(manifest.strategies.length).toBe(4);
    const byTrial = new Map<string, Map<string, string[]>>();
    const lines = text('strategies', 'elt.csv').split('\r\n').slice(1, -1);
    expect(lines.length).toBe(manifest.elt_rows);
    for (const line of lines) {
      const [strategy, trial] = line.split(',');
      const blocks = byTrial.get(trial!) ?? new Map<string, string[]>();
      blocks.set(strategy!, [...(blocks.get(strategy!) ?? []), line.slice(strategy!.length)]);
      byTrial.set(trial!, blocks);
    }
    let shared = 0;
    let apart = 0;
    for (const [trial, blocks] of byTrial) {
      if (blocks.has('*')) {
        expect([...blocks.keys()], trial).toEqual(['*']);
        shared++;
      } else {
        expect([...blocks.keys()], trial).toEqual(manifest.strategies);
        const texts = [...blocks.values()].map((rows) => rows.join('\n'));
        expect(new Set(texts).size, trial).toBeGreaterThan(1);
        apart++;
      }
    }
    expect(shared).toBeGreaterThan(0); // mitigations change some trials' incidents only
    expect(apart).toBeGreaterThan(0);
  });

  it('keeps the first N rows of each table with --elt N, and says so in run.json and the summary', () => {
    expectExit(runs.limited!, 0);
    expect(text('limited', 'elt.csv')).toBe(text('strategies', 'elt.csv').split('\r\n').slice(0, 101).join('\r\n') + '\r\n');
    expect(text('limited', 'elt_net.csv')).toBe(text('strategies', 'elt_net.csv').split('\r\n').slice(0, 101).join('\r\n') + '\r\n');
    const manifest = JSON.parse(text('limited', 'run.json')) as { elt_rows: number; elt_net_rows: number };
    expect([manifest.elt_rows, manifest.elt_net_rows]).toEqual([100, 100]);
    expect(runs.limited!.stdout).toContain('elt_net.csv (100 rows)');
  });

  it('writes the same bytes on 1 or 2 workers, any chunk size, and merged from shards in any order', () => {
    expectExit(runs.marketOne!, 0);
    for (const file of ['elt.csv', 'elt_net.csv', 'ylt.csv']) expect(text('market-one', file) === text('market', file), file).toBe(true);
    for (let i = 1; i <= 3; i++) expectExit(runs[`shard${i}`]!, 0);
    expectExit(runs.merged!, 0);
    for (const file of ['elt.csv', 'elt_net.csv', 'ylt.csv']) expect(text('merged', file) === text('strategies', file), file).toBe(true);
  });

  it('--format parquet writes elt.parquet, elt_net.parquet and ylt.parquet instead, byte-identical across workers, chunks and shards', () => {
    for (const name of ['parquet', 'parquetOne', 'mergedParquet']) expectExit(runs[name]!, 0);
    for (const file of ['elt', 'elt_net', 'ylt']) {
      expect(existsSync(join(folder('parquet'), `${file}.csv`)), file).toBe(false);
      const bytes = readFileSync(join(folder('parquet'), `${file}.parquet`));
      expect(bytes.subarray(0, 4).toString('latin1')).toBe('PAR1');
      expect(readFileSync(join(folder('parquet-one'), `${file}.parquet`)).equals(bytes), file).toBe(true);
      expect(readFileSync(join(folder('merged-parquet'), `${file}.parquet`)).equals(bytes), file).toBe(true);
    }
  });

  it('the Parquet files read back (hyparquet) equal the CSVs: columns, types and every value', async () => {
    for (const file of ['elt', 'elt_net', 'ylt']) {
      const bytes = readFileSync(join(folder('parquet'), `${file}.parquet`));
      const records = (await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) })) as Record<string, unknown>[];
      const { header, rows } = table('strategies', `${file}.csv`);
      expect(records.length, file).toBe(rows.length);
      expect(Object.keys(records[0]!), file).toEqual(header);
      const wrong: string[] = [];
      records.forEach((record, i) => {
        for (const column of header) {
          const value = record[column];
          const expected = rows[i]![column]!;
          const same = typeof value === 'string' ? value === expected : typeof value === 'number' && value === Number(expected);
          if (!same) wrong.push(`${file} row ${i + 1} ${column}: ${JSON.stringify(value)} in Parquet, ${expected} in the CSV`);
        }
      });
      expect(wrong.slice(0, 5), file).toEqual([]);
      for (const column of ['trial', 'amount', 'net', 'occurrences', 'ground_up']) {
        if (header.includes(column)) expect(typeof records[0]![column], `${file} ${column}`).toBe('number');
      }
    }
  });

  it('refuses an unknown --format, --format parquet without a table, with --gzip or on a shard (exit 2, the flag named, nothing written)', () => {
    expectExit(runs.unknownFormat!, 2);
    expect(runs.unknownFormat!.stderr).toContain('--format: expected csv or parquet, got "xlsx"');
    expectExit(runs.parquetAlone!, 2);
    expect(runs.parquetAlone!.stderr).toContain('--format: expected --elt or --ylt with --format parquet');
    expectExit(runs.parquetGzip!, 2);
    expect(runs.parquetGzip!.stderr).toContain('--format: expected --format parquet or --gzip, got both');
    expectExit(runs.parquetShard!, 2);
    expect(runs.parquetShard!.stderr).toContain('expected no --format with --shard');
    expectExit(runs.mergeParquetGzip!, 2);
    expect(runs.mergeParquetGzip!.stderr).toContain('--format: expected --format parquet or --gzip, got both');
    for (let i = 1; i <= 5; i++) expect(existsSync(folder(`bad-${i}`)), `bad-${i}`).toBe(false);
  });
});
