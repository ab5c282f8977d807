import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunManifest } from '../../src/report/run-manifest.ts';
import type { PartialManifest } from '../../src/shard/partial-result.ts';
import { VERSION } from '../../src/version.ts';
import { reportDifferences } from '../helpers/report-files.ts';
import { CLI_BIN, makeTempFolder, parseCsv, PROJECT_ROOT, runCli, snapshotFolder, type CliResult } from '../helpers/run-cli.ts';
import { expectExit } from '../helpers/expect-exit.ts';

/**
 * `faultline run --shard i/n --partial DIR` and `faultline merge` end to end, as separate
 * processes: a merged report is byte for byte the report of a single run (run.json's execution
 * fields apart) whatever the order of the partial folders, with or without charts, strategies or
 * an event loss table; partials of different runs, missing or doubled shards and damaged partials
 * are refused (exit 2) naming the folder and the difference; bad shard flags are refused; a partial
 * folder is replaced only by a successful run.
 *
 * Scenario paths are given relative to the project root, the same way to every run, because
 * run.json records the path as given.
 */

const MARKETPLACE = 'scenarios/marketplace.yaml';
const FAILOVER = 'scenarios/marketplace-failover.yaml';
const STRATEGIES = 'scenarios/strategies.yaml';

const root = makeTempFolder('faultline-merge');
const running = new Set<ReturnType<typeof spawn>>();
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

/** Simulates shard `index`/`count` of a scenario into `folder`, on one worker thread. */
function shard(scenario: string, index: number, count: number, folder: string, flags: string[] = []): Promise<CliResult> {
  return runCli(['run', scenario, '--shard', `${index}/${count}`, '--partial', folder, '--workers', '1', '-q', ...flags]);
}

/** Simulates every shard of a run, concurrently, into `<folder>/1`, `<folder>/2`, …; returns the folders. */
async function allShards(scenario: string, count: number, folder: string, flags: string[] = []): Promise<string[]> {
  const folders = Array.from({ length: count }, (_, i) => join(folder, String(i + 1)));
  const results = await Promise.all(folders.map((partial, i) => shard(scenario, i + 1, count, partial, flags)));
  for (const result of results) expectExit(result, 0);
  return folders;
}

/** A single-process run of a scenario into `out`. */
async function singleRun(scenario: string, out: string, flags: string[]): Promise<void> {
  expectExit(await runCli(['run', scenario, '--out', out, '--workers', '2', '-q', ...flags]), 0);
}

function merge(folders: readonly string[], out: string, flags: string[] = ['-q']): Promise<CliResult> {
  return runCli(['merge', ...folders, '--out', out, ...flags]);
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** Names in a folder that look like the staging folder of a write in progress. */
function strayStaging(folder: string): string[] {
  return readdirSync(folder).filter((name) => name.includes('.partial-'));
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe('the report comparison used below', () => {
  const folder = join(root, 'comparison');
  const [base, copy] = [join(folder, 'base'), join(folder, 'copy')];
  beforeAll(() => {
    mkdirSync(join(base, 'charts'), { recursive: true });
    writeFileSync(join(base, 'summary.csv'), 'strategy,bearer\r\nbaseline,platform\r\n');
    writeFileSync(join(base, 'charts', 'ep.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]));
    writeFileSync(
      join(base, 'run.json'),
      `${JSON.stringify({ faultline_version: VERSION, trials: 10, execution: { mode: 'threads' }, workers: 2, started_at: 'a', timings_ms: { total: 1 } }, null, 2)}\n`,
    );
  });
  const fresh = () => {
    rmSync(copy, { recursive: true, force: true });
    cpSync(base, copy, { recursive: true });
  };

  it('finds no difference between a folder and its copy', () => {
    fresh();
    expect(reportDifferences(copy, base)).toEqual([]);
  });

  it('notices a one-byte change in a CSV and in a PNG under charts/', () => {
    fresh();
    const png = readFileSync(join(copy, 'charts', 'ep.png'));
    png[7] = png[7]! ^ 1;
    writeFileSync(join(copy, 'charts', 'ep.png'), png);
    writeFileSync(join(copy, 'summary.csv'), 'strategy,bearer\r\nbaseline,platforn\r\n');
    expect(reportDifferences(copy, base)).toEqual([
      expect.stringMatching(new RegExp(`^${escape(join('charts', 'ep.png'))} differs from byte 7 `)),
      expect.stringMatching(/^summary\.csv differs from byte \d+ /),
    ]);
  });

  it('notices a missing and an extra file', () => {
    fresh();
    rmSync(join(copy, 'summary.csv'));
    writeFileSync(join(copy, 'charts', 'extra.svg'), '<svg/>');
    expect(reportDifferences(copy, base)).toEqual([`${join('charts', 'extra.svg')} only in ${copy}`, `summary.csv only in ${base}`]);
  });

  it("ignores run.json's execution fields but not the others", () => {
    fresh();
    const manifest = readJson<Record<string, unknown>>(join(copy, 'run.json'));
    writeFileSync(join(copy, 'run.json'), `${JSON.stringify({ ...manifest, execution: { mode: 'merge', shards: 3 }, workers: 7, started_at: 'b', timings_ms: { total: 2 } }, null, 2)}\n`);
    expect(reportDifferences(copy, base)).toEqual([]);
    writeFileSync(join(copy, 'run.json'), `${JSON.stringify({ ...manifest, trials: 11 }, null, 2)}\n`);
    expect(reportDifferences(copy, base)).toEqual([expect.stringMatching(/^run\.json differs outside EXECUTION_FIELDS/)]);
  });
});

describe('merge: marketplace.yaml, 3,000 trials in 3 shards (and in 1)', () => {
  const folder = join(root, 'marketplace');
  const single = join(folder, 'single');
  const singleCharts = join(folder, 'single-charts');
  const orders = permutations([1, 2, 3]);
  const outs = orders.map((order) => join(folder, `merged-${order.join('')}`));
  const mergedCharts = join(folder, 'merged-charts');
  const mergedOne = join(folder, 'merged-one');
  let partials: string[] = [];
  let mergeResults: CliResult[] = [];
  let chartsResult: CliResult;
  let oneResult: CliResult;

  beforeAll(async () => {
    let one: string[];
    [partials, one] = await Promise.all([
      allShards(MARKETPLACE, 3, join(folder, 'partials'), ['--trials', '3000']),
      allShards(MARKETPLACE, 1, join(folder, 'one-shard'), ['--trials', '3000']),
      singleRun(MARKETPLACE, single, ['--trials', '3000', '--no-charts']),
      singleRun(MARKETPLACE, singleCharts, ['--trials', '3000']),
    ]);
    // One merge goes into an earlier report (with charts): it must be replaced whole.
    cpSync(singleCharts, outs[4]!, { recursive: true });
    [chartsResult, oneResult, ...mergeResults] = await Promise.all([
      merge([partials[2]!, partials[0]!, partials[1]!], mergedCharts, []),
      merge(one, mergedOne, ['--no-charts', '-q']),
      ...orders.map((order, i) =>
        merge(
          order.map((index) => partials[index - 1]!),
          outs[i]!,
          ['--no-charts', '-q'],
        ),
      ),
    ]);
  }, 300_000);

  it('wrote partial folders of the documented form', () => {
    for (const [i, partial] of partials.entries()) {
      expect(readdirSync(partial).sort()).toEqual(['annual.f64', 'largest.f64', 'model.json', 'occurrences.f64', 'partial.json', 'perils.f64', 'perils.u32']);
      const manifest = readJson<PartialManifest>(join(partial, 'partial.json'));
      expect(manifest).toMatchObject({
        format: 'faultline-partial/3',
        faultline_version: VERSION,
        seed: 2027,
        trials: 3000,
        shard: { index: i + 1, count: 3 },
        first_trial: 1000 * i + 1,
        trial_count: 1000,
        strategies: ['baseline'],
        elt: null,
        workers: 1,
      });
      expect(manifest.scenario).toMatchObject({ name: 'marketplace', file: MARKETPLACE });
      expect(manifest.model_hash).toMatch(/^sha256:[0-9a-f]{64}$/);
      const bytes = manifest.strategies.length * manifest.bearers.length * manifest.trial_count * 8;
      expect(readFileSync(join(partial, 'annual.f64')).length).toBe(bytes);
      expect(readFileSync(join(partial, 'largest.f64')).length).toBe(bytes);
      expect(Object.keys(manifest.allocation_sums).length).toBeGreaterThan(0);
      expect(Object.values(manifest.allocation_sums).every((units) => /^-?\d+$/.test(units))).toBe(true);
      expect(Object.values(manifest.insurance_sums).every((units) => /^-?\d+$/.test(units))).toBe(true);
    }
  });

  it("the partials' annual losses are the single run's years, in trial order", () => {
    const manifest = readJson<PartialManifest>(join(partials[0]!, 'partial.json'));
    const platform = manifest.bearers.indexOf('platform');
    const annual = partials.flatMap((partial) => {
      const bytes = readFileSync(join(partial, 'annual.f64'));
      return Array.from({ length: 1000 }, (_, t) => bytes.readDoubleLE((platform * 1000 + t) * 8));
    });
    const row = parseCsv(readFileSync(join(single, 'summary.csv'), 'utf8')).rows.find((r) => r.bearer === 'platform')!;
    const mean = annual.reduce((a, b) => a + b, 0) / annual.length;
    expect(Math.abs(mean - Number(row.mean))).toBeLessThan(0.01);
    // The year explain.json explains is one of them, with the loss summary.csv ranks it by.
    const explained = readJson<{ trial: number }>(join(single, 'explain.json')).trial;
    expect(explained).toBeGreaterThanOrEqual(1);
    expect(explained).toBeLessThanOrEqual(3000);
  });

  it.each(orders.map((order, i) => [order.join(', '), i] as const))('merged in the order %s: byte-identical to the single run', (_, i) => {
    expectExit(mergeResults[i]!, 0);
    expect(mergeResults[i]!.stdout).toBe('');
    expect(reportDifferences(outs[i]!, single)).toEqual([]);
  });

  it('replaced the earlier report it was merged into whole (its rendered charts are gone)', () => {
    expect(readdirSync(join(outs[4]!, 'charts')).filter((name) => name.endsWith('.svg') || name.endsWith('.png'))).toEqual([]);
    expect(strayStaging(folder)).toEqual([]);
  });

  it('merged with charts: byte-identical to the single run with charts, report.html, SVG and PNG included', () => {
    expectExit(chartsResult, 0);
    const charts = readdirSync(join(mergedCharts, 'charts'));
    expect(charts.some((name) => name.endsWith('.svg'))).toBe(true);
    expect(charts.some((name) => name.endsWith('.png'))).toBe(true);
    expect(existsSync(join(mergedCharts, 'report.html'))).toBe(true);
    expect(reportDifferences(mergedCharts, singleCharts)).toEqual([]);
  });

  it('prints the summary, saying the run was merged from 3 shards', () => {
    expect(chartsResult.stdout).toContain('marketplace: 3,000 simulated years, seed 2027, merged from 3 shards');
    expect(chartsResult.stdout).toContain(`Report: ${mergedCharts}`);
  });

  it("run.json records the merge: execution {mode: merge, shards: 3}, the shards' workers", () => {
    const merged = readJson<RunManifest>(join(outs[0]!, 'run.json'));
    expect(merged.execution).toEqual({ mode: 'merge', shards: 3 });
    expect(merged.workers).toBe(3);
    expect(readJson<RunManifest>(join(single, 'run.json')).execution).toEqual({ mode: 'threads' });
    expect(merged).toMatchObject({ trials: 3000, seed: 2027, scenario: { file: MARKETPLACE } });
  });

  it('--shard 1/1 merged alone: byte-identical to the single run', () => {
    expectExit(oneResult, 0);
    expect(reportDifferences(mergedOne, single)).toEqual([]);
    expect(readJson<RunManifest>(join(mergedOne, 'run.json')).execution).toEqual({ mode: 'merge', shards: 1 });
  });
});

describe('merge: another --seed given to every shard', () => {
  const folder = join(root, 'seeded');
  let result: CliResult;

  beforeAll(async () => {
    const [partials] = await Promise.all([
      allShards(MARKETPLACE, 3, join(folder, 'partials'), ['--trials', '300', '--seed', 'shard-seed']),
      singleRun(MARKETPLACE, join(folder, 'single'), ['--trials', '300', '--seed', 'shard-seed', '--no-charts']),
    ]);
    result = await merge([partials[1]!, partials[2]!, partials[0]!], join(folder, 'merged'), ['--no-charts', '-q']);
  }, 300_000);

  it('byte-identical to the single run with that seed', () => {
    expectExit(result, 0);
    expect(reportDifferences(join(folder, 'merged'), join(folder, 'single'))).toEqual([]);
    expect(readJson<RunManifest>(join(folder, 'merged', 'run.json')).seed).toBe('shard-seed');
    expect(readJson<PartialManifest>(join(folder, 'partials', '2', 'partial.json')).seed).toBe('shard-seed');
  });
});

describe('merge: strategies.yaml (four strategies) with an event loss table', () => {
  const folder = join(root, 'strategies');
  const runs = {
    rows300: { flags: ['--trials', '2003', '--elt', '300'], shards: 4 },
    all: { flags: ['--trials', '2003', '--elt'], shards: 4 },
    // 7 trials in shards of 1, 2, 2, 2: 450 ground-up rows end inside the third shard (net rows inside the second).
    across: { flags: ['--trials', '7', '--elt', '450'], shards: 4 },
  };
  type Name = keyof typeof runs;
  const partials = {} as Record<Name, string[]>;
  const merged = {} as Record<Name, CliResult>;
  const out = (name: string, kind: 'single' | 'merged') => join(folder, `${name}-${kind}`);
  const rebasedSingle = join(folder, 'across-rebased-single');
  const rebasedMerged = join(folder, 'across-rebased-merged');
  let rebased: CliResult;
  let unknownBaseline: CliResult;

  beforeAll(async () => {
    await Promise.all(
      Object.entries(runs).map(async ([name, run]) => {
        const [folders] = await Promise.all([
          allShards(STRATEGIES, run.shards, join(folder, `${name}-partials`), run.flags),
          singleRun(STRATEGIES, out(name, 'single'), [...run.flags, '--no-charts']),
        ]);
        partials[name as Name] = folders;
      }),
    );
    const [, ...results] = await Promise.all([
      singleRun(STRATEGIES, rebasedSingle, [...runs.across.flags, '--no-charts', '--baseline', 'more-cyber']),
      merge([...partials.rows300].reverse(), out('rows300', 'merged'), ['--no-charts', '-q']),
      merge([partials.all[1]!, partials.all[3]!, partials.all[0]!, partials.all[2]!], out('all', 'merged'), ['--no-charts', '-q']),
      merge([partials.across[2]!, partials.across[0]!, partials.across[3]!, partials.across[1]!], out('across', 'merged'), ['--no-charts', '-q']),
      merge(partials.across, rebasedMerged, ['--no-charts', '-q', '--baseline', 'more-cyber']),
      merge(partials.across, join(folder, 'unknown-baseline'), ['--no-charts', '-q', '--baseline', 'nope']),
    ]);
    [merged.rows300, merged.all, merged.across, rebased, unknownBaseline] = results as [CliResult, CliResult, CliResult, CliResult, CliResult];
  }, 300_000);

  it('the shards split 2,003 trials unevenly (500, 501, 501, 501)', () => {
    expect(partials.rows300.map((partial) => readJson<PartialManifest>(join(partial, 'partial.json')).trial_count)).toEqual([500, 501, 501, 501]);
  });

  it.each(['rows300', 'all'] as const)('--elt %s: byte-identical to the single run, elt.csv and comparison.csv included', (name) => {
    expectExit(merged[name], 0);
    const files = readdirSync(out(name, 'merged'));
    expect(files).toContain('elt.csv');
    expect(files).toContain('comparison.csv');
    expect(reportDifferences(out(name, 'merged'), out(name, 'single'))).toEqual([]);
    const manifest = readJson<RunManifest>(join(out(name, 'merged'), 'run.json'));
    expect(manifest.strategies).toEqual(['baseline', 'no-failover', 'more-cyber', 'higher-eo-retention']);
    expect(manifest.execution).toEqual({ mode: 'merge', shards: 4 });
  });

  it("--elt 300 keeps the first 300 rows; --elt keeps every shard's rows", () => {
    expect(readJson<RunManifest>(join(out('rows300', 'merged'), 'run.json')).elt_rows).toBe(300);
    const rows = partials.all.map((partial) => readJson<PartialManifest>(join(partial, 'partial.json')).elt!.rows);
    expect(rows.every((count) => count > 0)).toBe(true);
    const total = rows.reduce((a, b) => a + b, 0);
    expect(readJson<RunManifest>(join(out('all', 'merged'), 'run.json')).elt_rows).toBe(total);
    const text = readFileSync(join(out('all', 'merged'), 'elt.csv'), 'utf8');
    expect(text.split('\r\n').length - 2).toBe(total); // less the header and the empty string after the last line end
  });

  it('an --elt limit reached inside the third shard: byte-identical to the single run', () => {
    const rows = partials.across.map((partial) => readJson<PartialManifest>(join(partial, 'partial.json')).elt!.rows);
    // The limit is crossed in shard 3: shards 1 and 2 give all their rows, shard 4 none.
    expect(rows[0]! + rows[1]!).toBeLessThan(450);
    expect(rows[0]! + rows[1]! + rows[2]!).toBeGreaterThan(450);
    expectExit(merged.across, 0);
    expect(readJson<RunManifest>(join(out('across', 'merged'), 'run.json')).elt_rows).toBe(450);
    expect(reportDifferences(out('across', 'merged'), out('across', 'single'))).toEqual([]);
  });

  it('merge --baseline more-cyber: byte-identical to the single run with that baseline', () => {
    expectExit(rebased, 0);
    const comparison = parseCsv(readFileSync(join(rebasedMerged, 'comparison.csv'), 'utf8'));
    expect(comparison.rows.length).toBeGreaterThan(0);
    expect(comparison.rows.every((row) => row.baseline === 'more-cyber')).toBe(true);
    expect(reportDifferences(rebasedMerged, rebasedSingle)).toEqual([]);
  });

  it('merge --baseline naming a strategy the run does not have: exit 2 with the list, no report', () => {
    expectExit(unknownBaseline, 2);
    expect(unknownBaseline.stderr.trim()).toBe(`--baseline: expected one of the run's strategies (baseline, no-failover, more-cyber, higher-eo-retention), got "nope"`);
    expect(existsSync(join(folder, 'unknown-baseline'))).toBe(false);
    expect(strayStaging(folder)).toEqual([]);
  });
});

describe('merge: refusals', () => {
  const folder = join(root, 'refusals');
  const base = [1, 2, 3].map((i) => join(folder, 'base', String(i)));
  const variant = (name: string) => join(folder, 'variants', name);
  const out = (name: string) => join(folder, 'out', name);
  const documents = join(folder, 'documents');
  const results: Record<string, CliResult> = {};
  /** Each merge: its partial folders (shard numbers distinct, so that each difference shows alone), and its --out. */
  const cases: Record<string, { folders: () => string[]; out?: () => string }> = {
    control: { folders: () => [base[2]!, variant('copy-of-2'), base[0]!] },
    // seed: shard 2/3 with --seed 8; failover: shard 3/3 of marketplace-failover.yaml.
    seedAndScenario: { folders: () => [base[0]!, variant('seed'), variant('failover')] },
    // trials: shard 2/3 of 31 trials; of-4: shard 3/4.
    trialsAndShards: { folders: () => [base[0]!, variant('trials'), variant('of-4')] },
    // elt: shard 2/3 with --elt 5; version: shard 3/3 whose partial.json says 0.0.9.
    eltAndVersion: { folders: () => [base[0]!, variant('elt'), variant('version')] },
    versionFirst: { folders: () => [variant('version'), base[0]!, base[1]!] },
    twice: { folders: () => [base[0]!, variant('copy-of-1')] },
    missingOne: { folders: () => [base[2]!, base[0]!] },
    noPartialJson: { folders: () => [base[0]!, variant('no-partial-json'), base[2]!] },
    truncated: { folders: () => [base[0]!, variant('truncated'), base[2]!] },
    noOccurrences: { folders: () => [base[0]!, variant('no-occurrences'), base[2]!] },
    modelEdited: { folders: () => [base[0]!, variant('model-edited'), base[2]!] },
    wrongTypes: { folders: () => [base[0]!, variant('wrong-types'), base[2]!] },
    notJson: { folders: () => [base[0]!, variant('not-json'), base[2]!] },
    oldFormat: { folders: () => [base[0]!, variant('old-format'), base[2]!] },
    perilsTruncated: { folders: () => [base[0]!, variant('perils-truncated'), base[2]!] },
    perilsUnordered: { folders: () => [base[0]!, variant('perils-unordered'), base[2]!] },
    outOfOtherFiles: { folders: () => base, out: () => documents },
    outIsAPartial: { folders: () => base, out: () => base[0]! },
  };

  /** A copy of base shard `index` with `change` applied. */
  function damaged(name: string, index: number, change: (copy: string) => void): void {
    cpSync(base[index - 1]!, variant(name), { recursive: true });
    change(variant(name));
  }
  function editPartialJson(copy: string, edit: (manifest: Record<string, any>) => void): void {
    const manifest = readJson<Record<string, any>>(join(copy, 'partial.json'));
    edit(manifest);
    writeFileSync(join(copy, 'partial.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  }

  beforeAll(async () => {
    const tiny = ['--trials', '30'];
    const runs = await Promise.all([
      ...base.map((partial, i) => shard(MARKETPLACE, i + 1, 3, partial, tiny)),
      shard(MARKETPLACE, 2, 3, variant('seed'), [...tiny, '--seed', '8']),
      shard(FAILOVER, 3, 3, variant('failover'), tiny),
      shard(MARKETPLACE, 2, 3, variant('trials'), ['--trials', '31']),
      shard(MARKETPLACE, 3, 4, variant('of-4'), tiny),
      shard(MARKETPLACE, 2, 3, variant('elt'), [...tiny, '--elt', '5']),
    ]);
    for (const run of runs) expectExit(run, 0);
    cpSync(base[0]!, variant('copy-of-1'), { recursive: true });
    cpSync(base[1]!, variant('copy-of-2'), { recursive: true });
    damaged('version', 3, (copy) => editPartialJson(copy, (manifest) => (manifest.faultline_version = '0.0.9')));
    damaged('no-partial-json', 2, (copy) => rmSync(join(copy, 'partial.json')));
    damaged('truncated', 2, (copy) => truncateSync(join(copy, 'annual.f64'), readFileSync(join(copy, 'annual.f64')).length - 8));
    damaged('no-occurrences', 2, (copy) => rmSync(join(copy, 'occurrences.f64')));
    damaged('model-edited', 2, (copy) => {
      const text = readFileSync(join(copy, 'model.json'), 'utf8');
      expect(text).toContain('"seed":2027');
      writeFileSync(join(copy, 'model.json'), text.replace('"seed":2027', '"seed":2028'));
    });
    damaged('wrong-types', 2, (copy) =>
      editPartialJson(copy, (manifest) => {
        manifest.trials = '30';
        manifest.shard.index = 'two';
      }),
    );
    damaged('not-json', 2, (copy) => writeFileSync(join(copy, 'partial.json'), readFileSync(join(copy, 'partial.json'), 'utf8').slice(0, 100)));
    // A partial as Faultline wrote them before per-peril losses: format 2, no perils files.
    damaged('old-format', 2, (copy) => {
      editPartialJson(copy, (manifest) => {
        manifest.format = 'faultline-partial/2';
        delete manifest.peril_entries;
      });
      rmSync(join(copy, 'perils.f64'));
      rmSync(join(copy, 'perils.u32'));
    });
    damaged('perils-truncated', 2, (copy) => truncateSync(join(copy, 'perils.u32'), readFileSync(join(copy, 'perils.u32')).length - 4));
    damaged('perils-unordered', 2, (copy) => {
      // The last entry's trial set past the shard's 10 trials.
      const bytes = readFileSync(join(copy, 'perils.u32'));
      bytes.writeUInt32LE(10, bytes.length - 4);
      writeFileSync(join(copy, 'perils.u32'), bytes);
    });
    mkdirSync(documents, { recursive: true });
    writeFileSync(join(documents, 'notes.txt'), 'keep me');
    await Promise.all(
      Object.entries(cases).map(async ([name, run]) => {
        results[name] = await merge(run.folders(), run.out?.() ?? out(name), ['--no-charts', '-q']);
      }),
    );
  }, 300_000);

  /** The refusal of case `name`: exit 2, nothing on stdout, no report folder, no staging left; its stderr lines. */
  function refusal(name: string): string[] {
    const result = results[name]!;
    expectExit(result, 2);
    expect(result.stdout).toBe('');
    expect(existsSync(out(name)), 'no report folder').toBe(false);
    expect(existsSync(join(folder, 'out')) ? strayStaging(join(folder, 'out')) : []).toEqual([]);
    expect(strayStaging(folder)).toEqual([]);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    return result.stderr.trim().split('\n');
  }

  it('the base shards merge, with a copied folder among them (so each refusal is about its difference)', () => {
    expectExit(results.control!, 0);
    expect(existsSync(join(out('control'), 'run.json'))).toBe(true);
  });

  it('a different seed and a different scenario (marketplace-failover.yaml), naming the folders and both values', () => {
    const same = `expected a shard of the same run as ${base[0]}, got a different`;
    const lines = refusal('seedAndScenario');
    expect(lines[0]).toBe(`${variant('seed')}: ${same} seed: 8 here, 2027 there`);
    expect(lines[1]).toMatch(
      new RegExp(`^${escape(`${variant('failover')}: ${same} scenario content: marketplace-failover (${FAILOVER}, `)}.*${escape(`) here, marketplace (${MARKETPLACE}, `)}.*\\) there$`),
    );
    expect(lines[2]).toBe('2 problems found.');
  });

  it('a different number of trials, and shards of 3 mixed with a shard of 4', () => {
    const same = `expected a shard of the same run as ${base[0]}, got a different`;
    expect(refusal('trialsAndShards')).toEqual([
      `${variant('trials')}: ${same} number of trials: 31 here, 30 there`,
      `${variant('of-4')}: ${same} number of shards: 4 shards here, 3 shards there`,
      '2 problems found.',
    ]);
  });

  it('--elt on some shards only, and another Faultline version', () => {
    const same = `expected a shard of the same run as ${base[0]}, got a different`;
    expect(refusal('eltAndVersion')).toEqual([
      `${variant('elt')}: ${same} --elt setting: --elt 5 here, no --elt there`,
      `${variant('version')}: ${same} Faultline version: "0.0.9" here, "${VERSION}" there`,
      '2 problems found.',
    ]);
  });

  it('a partial of another Faultline version given first', () => {
    expect(refusal('versionFirst')[0]).toBe(`${variant('version')}: expected a partial result of Faultline ${VERSION} (this merge), got one of 0.0.9; merge with the version that simulated it`);
  });

  it('a shard given twice (a copy of its folder), and the shards missing, listed', () => {
    expect(refusal('twice')).toEqual([
      `${variant('copy-of-1')}: expected each shard once, got shard 1/3 again (also ${base[0]})`,
      'merge: expected all 3 shards of the run, got none for shards 2–3',
      '2 problems found.',
    ]);
    expect(refusal('missingOne')).toEqual(['merge: expected all 3 shards of the run, got none for shard 2']);
  });

  it('a folder without partial.json', () => {
    expect(refusal('noPartialJson')).toEqual([`${variant('no-partial-json')}: expected a partial result folder (faultline run --shard i/n --partial DIR writes one), got no partial.json`]);
  });

  it('an annual.f64 cut short, naming the file and both sizes', () => {
    const manifest = readJson<PartialManifest>(join(base[1]!, 'partial.json'));
    const bytes = manifest.bearers.length * manifest.trial_count * 8;
    expect(refusal('truncated')).toEqual([
      `${join(variant('truncated'), 'annual.f64')}: expected ${bytes} bytes (1 strategies × ${manifest.bearers.length} bearers × 10 trials × 8), got ${bytes - 8}`,
    ]);
  });

  it('a partial without its occurrences.f64, naming the file', () => {
    expect(refusal('noOccurrences')).toEqual([`${join(variant('no-occurrences'), 'occurrences.f64')}: expected this file of a partial result, got no file (was the folder copied whole?)`]);
  });

  it('a partial of the format before per-peril losses, naming its partial.json and both formats', () => {
    expect(refusal('oldFormat')).toEqual([
      `${join(variant('old-format'), 'partial.json')}: format: expected a partial result of format faultline-partial/3 (this Faultline), got faultline-partial/2, written by an older Faultline without per-peril losses: run the shard again with this version`,
    ]);
  });

  it('a perils.u32 cut short, or with a trial outside the shard, naming the file', () => {
    const manifest = readJson<PartialManifest>(join(base[1]!, 'partial.json'));
    const cells = manifest.bearers.length * 7;
    const bytes = (cells + 1 + manifest.peril_entries) * 4;
    expect(manifest.peril_entries).toBeGreaterThan(0);
    expect(refusal('perilsTruncated')).toEqual([
      `${join(variant('perils-truncated'), 'perils.u32')}: expected ${bytes} bytes ((${cells} cells + 1 + ${manifest.peril_entries} entries) × 4), got ${bytes - 4}`,
    ]);
    expect(refusal('perilsUnordered')).toEqual([
      `${join(variant('perils-unordered'), 'perils.u32')}: expected cell offsets and ascending trials below 10 as faultline run --shard writes them, got others`,
    ]);
  });

  it('a model.json that no longer matches its hash', () => {
    const manifest = readJson<PartialManifest>(join(base[1]!, 'partial.json'));
    expect(refusal('modelEdited')).toEqual([`${join(variant('model-edited'), 'model.json')}: expected the model text whose hash partial.json records (${manifest.model_hash}), got other text`]);
  });

  it('a partial.json with fields of the wrong type, naming each field', () => {
    const file = join(variant('wrong-types'), 'partial.json');
    const lines = refusal('wrongTypes');
    expect(lines.find((line) => line.startsWith(`${file}: trials: expected partial.json as faultline run --shard writes it: `))).toMatch(/number/);
    expect(lines.some((line) => line.startsWith(`${file}: shard.index: expected partial.json as faultline run --shard writes it: `))).toBe(true);
    expect(lines.at(-1)).toBe('2 problems found.');
  });

  it('a partial.json that is not JSON', () => {
    expect(refusal('notJson')[0]).toMatch(
      new RegExp(`^${escape(`${join(variant('not-json'), 'partial.json')}: expected partial.json as faultline run --shard writes it, got text that is not JSON (`)}`),
    );
  });

  it('--out naming a folder of other files: exit 2, the folder untouched', () => {
    const result = results.outOfOtherFiles!;
    expectExit(result, 2);
    expect(result.stderr.trim()).toBe(`--out: expected a new or empty folder or an earlier report (with run.json), got a folder of other files at ${documents} (it would be replaced)`);
    expect(result.stdout).toBe('');
    expect(readdirSync(documents)).toEqual(['notes.txt']);
    expect(readFileSync(join(documents, 'notes.txt'), 'utf8')).toBe('keep me');
  });

  it('--out naming one of its own partial folders: exit 2, the partial untouched', () => {
    const result = results.outIsAPartial!;
    expectExit(result, 2);
    expect(result.stderr.trim()).toBe(`--out: expected a new or empty folder or an earlier report (with run.json), got a folder of other files at ${base[0]} (it would be replaced)`);
  });

  it('left every partial folder as it was', () => {
    for (const partial of base) expect(readdirSync(partial).sort()).toEqual(['annual.f64', 'largest.f64', 'model.json', 'occurrences.f64', 'partial.json', 'perils.f64', 'perils.u32']);
    expect(strayStaging(join(folder, 'base'))).toEqual([]);
  });
});

describe('run --shard: flag errors', () => {
  const folder = join(root, 'flags');
  const partial = join(folder, 'partial');
  const others = join(folder, 'others');
  const results: Record<string, CliResult> = {};
  const cases: Record<string, string[]> = {
    zero: ['--shard', '0/3', '--partial', partial],
    beyond: ['--shard', '4/3', '--partial', partial],
    text: ['--shard', 'abc', '--partial', partial],
    noShards: ['--shard', '1/0', '--partial', partial],
    shardAlone: ['--shard', '1/3', '--workers', '1'],
    partialAlone: ['--partial', partial, '--workers', '1'],
    reportFlags: ['--shard', '1/3', '--partial', partial, '--out', join(folder, 'out'), '--baseline', 'baseline', '--no-charts'],
    redis: ['--shard', '1/3', '--partial', partial, '--redis', 'redis://127.0.0.1:6379'],
    moreShardsThanTrials: ['--shard', '1/6', '--partial', partial, '--trials', '5'],
    folderOfOtherFiles: ['--shard', '1/3', '--partial', others],
  };

  beforeAll(async () => {
    mkdirSync(others, { recursive: true });
    writeFileSync(join(others, 'thesis.txt'), 'my only copy');
    await Promise.all(
      Object.entries(cases).map(async ([name, flags]) => {
        results[name] = await runCli(['run', MARKETPLACE, ...(flags.includes('--trials') ? [] : ['--trials', '30']), ...flags]);
      }),
    );
  }, 300_000);

  const malformed = (value: string) => `--shard: expected i/n with 1 ≤ i ≤ n (e.g. 3/8), got "${value}"`;
  const notWithShard = (flag: string) => `${flag}: expected no ${flag} with --shard (a shard writes a partial result, not a report: give ${flag} to faultline merge), got both`;

  it.each([
    ['zero', [malformed('0/3')]],
    ['beyond', [malformed('4/3')]],
    ['text', [malformed('abc')]],
    ['noShards', [malformed('1/0')]],
    ['shardAlone', ["--shard: expected --partial DIR with it (the folder of the shard's partial result), got --shard alone"]],
    ['partialAlone', ['--partial: expected --shard i/n with it, got --partial alone']],
    ['reportFlags', [notWithShard('--out'), notWithShard('--baseline'), notWithShard('--no-charts'), '3 problems found.']],
    ['redis', ["--redis: expected no --redis with --shard (a shard runs on this machine's threads; a cluster run needs no shards), got both"]],
    ['moreShardsThanTrials', ['--shard: expected at most as many shards as trials (5), got 6']],
  ])('%s: exit 2, naming the flag', (name, lines) => {
    const result = results[name]!;
    expectExit(result, 2);
    expect(result.stderr.trim().split('\n')).toEqual(lines);
    expect(result.stdout).toBe('');
  });

  it('refuses a --partial folder that holds other files, and leaves it untouched', () => {
    const result = results.folderOfOtherFiles!;
    expectExit(result, 2);
    expect(result.stderr.trim()).toBe(`--partial: expected a new or empty folder or an earlier partial result (with partial.json), got a folder of other files at ${others} (it would be replaced)`);
    expect(readdirSync(others)).toEqual(['thesis.txt']);
    expect(readFileSync(join(others, 'thesis.txt'), 'utf8')).toBe('my only copy');
  });

  it('wrote no partial folder and no report for any refused run', () => {
    expect(existsSync(partial)).toBe(false);
    expect(existsSync(join(folder, 'out'))).toBe(false);
    expect(strayStaging(folder)).toEqual([]);
  });
});

describe('run --shard: an earlier partial folder', () => {
  const folder = join(root, 'replace');
  const partial = join(folder, 'shard-1');
  const fresh = join(folder, 'fresh');
  let before: Map<string, Buffer>;

  beforeAll(async () => {
    expectExit(await shard(MARKETPLACE, 1, 3, partial, ['--trials', '30', '--seed', '1', '--elt', '5']), 0);
    before = snapshotFolder(partial);
  }, 120_000);

  function expectUnchanged(): void {
    const now = snapshotFolder(partial);
    expect([...now.keys()]).toEqual([...before.keys()]);
    for (const [name, bytes] of before) expect(now.get(name)?.equals(bytes), name).toBe(true);
    expect(strayStaging(folder)).toEqual([]);
  }

  it('survives a refused re-run unchanged', async () => {
    expect([...before.keys()].sort()).toEqual(['annual.f64', 'elt.csv', 'elt_net.csv', 'largest.f64', 'model.json', 'occurrences.f64', 'partial.json', 'perils.f64', 'perils.u32']);
    const result = await shard(MARKETPLACE, 1, 3, partial, ['--trials', '0', '--out', join(folder, 'out')]);
    expectExit(result, 2);
    expect(result.stderr).toContain('--trials: ');
    expect(result.stderr).toContain('--out: ');
    expectUnchanged();
  });

  it('survives an interrupted re-run unchanged (Ctrl-C: exit 1, no staging folder left)', async () => {
    const child = spawn(process.execPath, [CLI_BIN, 'run', MARKETPLACE, '--shard', '1/2', '--partial', partial, '--trials', '2000000', '--workers', '1', '-q'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exit = new Promise<number | null>((resolve) => child.on('close', (status) => resolve(status)));
    // Wait until it is simulating: its staging folder appears beside the partial folder.
    const staging = `.${basename(partial)}.partial-`;
    const deadline = Date.now() + 60_000;
    while (!readdirSync(folder).some((name) => name.startsWith(staging)) && Date.now() < deadline && child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(
      readdirSync(folder).some((name) => name.startsWith(staging)),
      `staging folder, stderr: ${stderr}`,
    ).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 500));
    child.kill('SIGINT');
    const status = await exit;
    running.delete(child);
    expect(status, stderr).toBe(1);
    expect(stderr).toContain('interrupted');
    expectUnchanged();
  });

  it('is replaced whole by a successful re-run into it', async () => {
    const [rerun, other] = await Promise.all([shard(MARKETPLACE, 1, 3, partial, ['--trials', '30', '--seed', '2']), shard(MARKETPLACE, 1, 3, fresh, ['--trials', '30', '--seed', '2'])]);
    expectExit(rerun, 0);
    expectExit(other, 0);
    const now = snapshotFolder(partial);
    expect([...now.keys()].sort()).toEqual(['annual.f64', 'largest.f64', 'model.json', 'occurrences.f64', 'partial.json', 'perils.f64', 'perils.u32']); // elt.csv is gone
    const manifest = readJson<PartialManifest>(join(partial, 'partial.json'));
    expect(manifest).toMatchObject({ seed: 2, elt: null, shard: { index: 1, count: 3 } });
    const expected = snapshotFolder(fresh);
    for (const name of ['annual.f64', 'largest.f64', 'occurrences.f64', 'perils.f64', 'perils.u32', 'model.json']) expect(now.get(name)!.equals(expected.get(name)!), name).toBe(true);
    expect(now.get('annual.f64')!.equals(before.get('annual.f64')!)).toBe(false); // another seed: other numbers
    const strip = (m: PartialManifest) => ({ ...m, started_at: '', simulate_ms: 0 });
    expect(strip(manifest)).toEqual(strip(readJson<PartialManifest>(join(fresh, 'partial.json'))));
    expect(strayStaging(folder)).toEqual([]);
  });
});

/** A string as a literal part of a regular expression. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('merge: the event loss tables and scenario paths of the partials', () => {
  const folder = join(root, 'elt-and-paths');
  const base = [1, 2, 3].map((i) => join(folder, 'base', String(i)));
  const variant = (name: string) => join(folder, 'variants', name);
  const results: Record<string, CliResult> = {};

  beforeAll(async () => {
    const flags = ['--trials', '30', '--elt'];
    const runs = await Promise.all([
      ...base.map((partial, i) => shard(MARKETPLACE, i + 1, 3, partial, flags)),
      // The same scenario named by another path, as on a machine whose command said ./scenarios/…
      shard(`./${MARKETPLACE}`, 2, 3, variant('dotted'), flags),
    ]);
    for (const run of runs) expectExit(run, 0);
    const copy = (name: string, change: (elt: string) => void) => {
      cpSync(base[1]!, variant(name), { recursive: true });
      change(join(variant(name), 'elt.csv'));
    };
    const rows = readJson<PartialManifest>(join(base[1]!, 'partial.json')).elt!.rows;
    expect(rows).toBeGreaterThan(2);
    copy('no-elt', (elt) => rmSync(elt));
    copy('short-elt', (elt) => writeFileSync(elt, readFileSync(elt, 'utf8').split('\r\n').slice(0, -3).join('\r\n') + '\r\n'));
    copy('long-elt', (elt) => writeFileSync(elt, readFileSync(elt, 'utf8') + readFileSync(elt, 'utf8').split('\r\n')[1] + '\r\n'));
    const cases: Record<string, string[]> = {
      noElt: [base[0]!, variant('no-elt'), base[2]!],
      shortElt: [base[0]!, variant('short-elt'), base[2]!],
      longElt: [base[0]!, variant('long-elt'), base[2]!],
      dottedFirst: [variant('dotted'), base[2]!, base[0]!],
      dottedLast: [base[0]!, base[2]!, variant('dotted')],
    };
    await Promise.all(Object.entries(cases).map(async ([name, folders]) => (results[name] = await merge(folders, join(folder, 'out', name), ['--no-charts', '-q']))));
  }, 300_000);

  it.each([
    ['noElt', 'no-elt', /expected the event loss table partial\.json records \(\d+ rows\), got no file/],
    ['shortElt', 'short-elt', /expected the \d+ rows partial\.json records, got \d+/],
    ['longElt', 'long-elt', /expected the \d+ rows partial\.json records, got more/],
  ])('%s: a partial whose elt.csv is missing or disagrees with partial.json is refused (exit 2, the file named), no report', (name, damaged, message) => {
    const result = results[name]!;
    expectExit(result, 2);
    expect(result.stderr).toContain(join(variant(damaged), 'elt.csv'));
    expect(result.stderr).toMatch(message);
    expect(existsSync(join(folder, 'out', name))).toBe(false);
  });

  it('shards that named the scenario by different paths merge to the same bytes in any order, named as shard 1 named it', () => {
    expectExit(results.dottedFirst!, 0);
    expectExit(results.dottedLast!, 0);
    expect(reportDifferences(join(folder, 'out', 'dottedFirst'), join(folder, 'out', 'dottedLast'))).toEqual([]);
    expect(readJson<RunManifest>(join(folder, 'out', 'dottedFirst', 'run.json')).scenario.file).toBe(MARKETPLACE);
  });
});
