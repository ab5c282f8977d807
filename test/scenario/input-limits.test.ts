import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectExit } from '../helpers/expect-exit.ts';
import { makeTempFolder, PROJECT_ROOT, runCli } from '../helpers/run-cli.ts';

/**
 * The limits of the scenario language (scenarios/README.md, "Limits"), each as the fault trials
 * of issue 14 found it unbounded: every one is now a located exit 2 from `validate`, quickly, and
 * never exit 1 "unexpected error", a hang, a crash or a quote of a file that is not a scenario.
 */

const root = makeTempFolder('faultline-limits');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const LOSS_EVENT = readFileSync(join(PROJECT_ROOT, 'test/fixtures/scenarios/good/loss-event.yaml'), 'utf8');
const MARKET = readFileSync(join(PROJECT_ROOT, 'test/fixtures/scenarios/good/market-every-type.yaml'), 'utf8');
const MARKETPLACE = readFileSync(join(PROJECT_ROOT, 'scenarios/marketplace.yaml'), 'utf8');

let written = 0;
/** Writes a scenario text to a fresh file and returns its path. */
function scenarioFile(text: string, extension = '.yaml'): string {
  const file = join(root, `case-${++written}${extension}`);
  writeFileSync(file, text);
  return file;
}

/** Replaces one exact piece of a scenario's text, failing if it is not there. */
function edit(text: string, from: string, to: string): string {
  expect(text, `the fixture holds ${from}`).toContain(from);
  return text.replace(from, to);
}

/** `faultline validate file`: exit 2 and one message at `file:line:column: path: …` holding `expected`. */
async function expectRefused(file: string, path: string, expected: string): Promise<string> {
  const result = await runCli(['validate', file]);
  expectExit(result, 2);
  const located = result.stderr.split('\n').find((line) => line.startsWith(`${file}:`) && line.includes(`: ${path}: `));
  expect(located, result.stderr).toBeDefined();
  expect(located).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+: `));
  expect(located).toContain(expected);
  return result.stderr;
}

const name = (length: number) => `n${'x'.repeat(length - 1)}`;

describe('strings are bounded', () => {
  it('a name of 65 characters is refused (names are folder names); one of 64 runs', async () => {
    await expectRefused(scenarioFile(edit(LOSS_EVENT, 'name: loss-event', `name: ${name(65)}`)), 'name', 'expected a name of at most 64 characters, got 65 characters');
    await expectRefused(scenarioFile(edit(LOSS_EVENT, 'name: breach', `name: ${name(65)}`)), 'incidents[0].name', 'at most 64 characters');
    const out = join(root, 'long-name');
    const ran = await runCli(['run', scenarioFile(edit(LOSS_EVENT, 'name: loss-event', `name: ${name(64)}`)), '-n', '50', '-w', '1', '-o', out, '-q']);
    expectExit(ran, 0);
  });

  it('a description of more than 2,000 characters is refused, quoting only its start', async () => {
    const stderr = await expectRefused(scenarioFile(`description: ${'d'.repeat(2001)}\n${LOSS_EVENT}`), 'description', 'expected text of at most 2,000 characters, got 2,001 characters');
    expect(stderr.length).toBeLessThan(1_000);
  });
});

describe('extends names only YAML or JSON scenario files, and never shows what another file holds', () => {
  const base = (path: string) => `extends: ${JSON.stringify(path)}\n${LOSS_EVENT}`;

  it('refuses a .txt file without quoting it', async () => {
    writeFileSync(join(root, 'notes.txt'), 'root:topsecret-hash:19000:0:99999:7:::\n');
    const stderr = await expectRefused(scenarioFile(base('notes.txt')), 'extends', 'expected the path of a YAML or JSON scenario file (.yaml, .yml, .json), got "notes.txt"');
    expect(stderr).not.toContain('topsecret');
  });

  it('never quotes a base .yaml that is not valid YAML', async () => {
    writeFileSync(join(root, 'broken-base.yaml'), 'topsecret: [unclosed\n  - x: y: z\n');
    const result = await runCli(['validate', scenarioFile(base('broken-base.yaml'))]);
    expectExit(result, 2);
    expect(result.stderr).toContain('broken-base.yaml');
    expect(result.stderr).not.toContain('topsecret');
  });

  it('refuses a folder, a named pipe and a device, naming each', async () => {
    mkdirSync(join(root, 'a-folder.yaml'));
    spawnSync('mkfifo', [join(root, 'pipe.yaml')]);
    await expectRefused(scenarioFile(base('a-folder.yaml')), 'extends', '(a folder at');
    await expectRefused(scenarioFile(base('pipe.yaml')), 'extends', '(a named pipe (FIFO), not a regular file at');
    await expectRefused(scenarioFile(base('/dev/zero')), 'extends', '(a device, not a regular file at /dev/zero)');
  });

  it('refuses a path with a NUL character or of more than 1,024 characters', async () => {
    await expectRefused(scenarioFile(base('a\u0000b.yaml')), 'extends', 'expected a path without control characters');
    await expectRefused(scenarioFile(base(`${'p'.repeat(5000)}.yaml`)), 'extends', 'expected a path of at most 1,024 characters, got 5,005 characters');
  });

  it('refuses a chain of more than 32 files', async () => {
    const chain = join(root, 'chain');
    mkdirSync(chain);
    writeFileSync(join(chain, 'base-0.yaml'), LOSS_EVENT);
    for (let i = 1; i <= 40; i++) writeFileSync(join(chain, `base-${i}.yaml`), `extends: base-${i - 1}.yaml\n`);
    const result = await runCli(['validate', join(chain, 'base-40.yaml')]);
    expectExit(result, 2);
    expect(result.stderr).toContain('extends: expected a chain of at most 32 files');
  });
});

describe('the scenario file itself', () => {
  it('a named pipe and /dev/zero are named at once, not read (validate used to hang)', async () => {
    const pipe = join(root, 'scenario-pipe.yaml');
    spawnSync('mkfifo', [pipe]);
    for (const [file, kind] of [
      [pipe, 'a named pipe (FIFO), not a regular file'],
      ['/dev/zero', 'a device, not a regular file'],
    ] as const) {
      const result = await runCli(['validate', file]);
      expectExit(result, 2);
      expect(result.stderr.trim()).toBe(`${file}: expected a readable scenario file, got ${kind}`);
    }
  });

  it('a file over 10 MB is refused before it is read', async () => {
    const result = await runCli(['validate', scenarioFile(`${LOSS_EVENT}# ${'x'.repeat(10 * 1024 * 1024)}\n`)]);
    expectExit(result, 2);
    expect(result.stderr).toContain('(scenario files are at most 10,485,760 bytes, 10 MB)');
  });

  it.each([
    ['a self-referencing alias', 'x-loop: &loop [*loop]\n', 'an alias inside the value its anchor names (an endless loop)'],
    ['a list nested 3,000 deep', `x-deep: ${'['.repeat(3000)}${']'.repeat(3000)}\n`, 'expected lists and mappings nested at most 64 deep'],
    // The YAML parser itself overflowed its stack on these, before any depth check could run.
    ['a block list nested 3,000 deep', `x-deep:\n${Array.from({ length: 3000 }, (_, i) => `${'  '.repeat(i)}-`).join('\n')} 1\n`, 'expected lists and mappings nested at most 64 deep'],
    ['3,000 block lists opened on one line', `x-deep:\n  ${'- '.repeat(3000)}1\n`, 'expected lists and mappings nested at most 64 deep'],
    [
      'an alias bomb',
      `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n`,
      'expected valid YAML or JSON',
    ],
  ])('%s is a located exit 2, not a crash', async (_case, yaml, expected) => {
    const file = scenarioFile(`${yaml}${LOSS_EVENT}`);
    const result = await runCli(['validate', file]);
    expectExit(result, 2);
    expect(result.stderr).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+: `));
    expect(result.stderr).toContain(expected);
  });
});

describe('numbers are bounded so that every result is finite', () => {
  it.each([
    ['gmv of 1e308', MARKET, '  gmv: 50000000', '  gmv: 1e308', 'market.gmv', 'at most 10^13 currency units, got 1e+308'],
    ['gmv just over 10^13', MARKET, '  gmv: 50000000', '  gmv: 10000000000001', 'market.gmv', 'at most 10^13 currency units'],
    ['an order value of 1e-320', MARKETPLACE, 'average_order_value: 60', 'average_order_value: 1e-320', 'market.average_order_value', 'of at least 0.0001'],
    ['a premium of 1e-320', MARKETPLACE, 'premium: 487000', 'premium: 1e-320', 'insurance.policies[0].premium', 'at least 0.0001'],
    ['a loss percentile of 1e308', LOSS_EVENT, 'p95: 250000', 'p95: 1e308', 'incidents[0].loss.p95', 'from -10^13 to 10^13, got 1e+308'],
  ])('%s is refused, naming the bound', async (_case, text, from, to, path, expected) => {
    await expectRefused(scenarioFile(edit(text, from, to)), path, expected);
  });

  it('accepts the bounds themselves: an amount of exactly 10^13 and of exactly 0.0001', async () => {
    expectExit(await runCli(['validate', scenarioFile(edit(MARKET, '  gmv: 50000000', '  gmv: 10000000000000'))]), 0);
    expectExit(await runCli(['validate', scenarioFile(edit(MARKETPLACE, 'premium: 487000', 'premium: 0.0001'))]), 0);
  });

  it('a Pareto tail so heavy its draws would overflow is refused unless a max clamps it', async () => {
    const pareto = (extra: string) => edit(LOSS_EVENT, 'loss: { dist: lognormal, p05: 10000, p95: 250000 }', `loss: { dist: pareto, scale: 1000, shape: 0.01${extra} }`);
    const result = await runCli(['validate', scenarioFile(pareto(''))]);
    expectExit(result, 2);
    expect(result.stderr).toContain('incidents[0].loss');
    expectExit(await runCli(['validate', scenarioFile(pareto(', max: 1000000000'))]), 0);
  });

  it('the largest losses the bounds allow give a report of finite numbers', async () => {
    const file = scenarioFile(edit(edit(LOSS_EVENT, 'loss: { dist: lognormal, p05: 10000, p95: 250000 }', 'loss: { dist: constant, value: 10000000000000 }'), 'mean: 2', 'mean: 1000'));
    const out = join(root, 'largest');
    expectExit(await runCli(['run', file, '-n', '200', '-w', '1', '-o', out, '-q', '--no-charts']), 0);
    for (const csv of ['summary.csv', 'ep.csv', 'allocation.csv', 'distribution.csv']) {
      expect(readFileSync(join(out, csv), 'utf8'), csv).not.toMatch(/NaN|Infinity/);
    }
  });
});

describe('names that are keys are unique', () => {
  it('a peak named twice is refused at the second', async () => {
    const text = edit(MARKETPLACE, '      - { name: cyber-monday,', '      - { name: black-friday,');
    await expectRefused(scenarioFile(text), 'market.seasonality.peaks[2].name', 'black-friday');
  });
});
