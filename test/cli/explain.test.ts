import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSimulation } from '../../src/engine/run-simulation.ts';
import type { YearExplanation } from '../../src/report/year-explanation.ts';
import { loadScenario } from '../../src/scenario/load-scenario.ts';
import { explainGoldenArgs, explainGoldenFile } from '../golden/golden-runs.ts';
import { makeTempFolder, PROJECT_ROOT, runCli, type CliResult } from '../helpers/run-cli.ts';
import { expectExit } from '../helpers/expect-exit.ts';

/**
 * `faultline explain` end to end: an explicit trial, the default (99th-percentile) trial, JSON
 * output, bad input, and the golden explanation of a fixed year of the default scenario.
 */

const MARKETPLACE = 'scenarios/marketplace.yaml';
const LOSS_EVENT = 'test/fixtures/scenarios/good/loss-event.yaml';
const BROKEN = 'test/fixtures/scenarios/bad/many-problems.yaml';

const root = makeTempFolder('faultline-explain');
afterAll(() => rmSync(root, { recursive: true, force: true }));

// The golden year (EXPLAIN_GOLDEN): trial 9 of the default scenario, committed as text and JSON in
// test/golden/explain/; `npm run golden:update` rewrites it.
describe('faultline explain: golden year', () => {
  const runs: Record<'txt' | 'json', CliResult> = {} as never;
  beforeAll(async () => {
    [runs.txt, runs.json] = await Promise.all([runCli(explainGoldenArgs('txt')), runCli(explainGoldenArgs('json'))]);
  });

  it.each(['txt', 'json'] as const)('reproduces %s byte for byte', (format) => {
    expectExit(runs[format], 0);
    const file = explainGoldenFile(format);
    expect(existsSync(file), `no golden ${file}: run npm run golden:update`).toBe(true);
    expect(runs[format].stdout, 'if the change is intended, run npm run golden:update and review the diff').toBe(readFileSync(file, 'utf8'));
    expect(runs[format].stderr).toBe('');
  });

  it('tells the year in time order, with a header, the trails and the totals', () => {
    const text = runs.txt.stdout;
    expect(text).toContain('  scenario  marketplace\n  seed      2027\n  trial     9 of 2,000\n  strategy  baseline\n  year      2027-01-01 to 2027-12-31 (times in UTC)\n');
    expect(text).toContain('Trial 9 of 2,000, chosen with --trial.');
    expect(text).toMatch(/Started by incident \d+ \(platform-breach, breach at 2027-/);
    expect(text).toMatch(/The platform was (not )?found negligent: the draw 0\.\d{3} was (not )?below the 0\.\d+ chance of negligence\./);
    expect(text).toMatch(/\n {2}party +suffered \(USD\) +carried \(USD\) +insurance \(USD\) +net \(USD\)\n/);
    expect(text).toMatch(/\nWho paid most: \S+, USD [\d,]+ net \(\d+% of what all parties lost\)\.\n\nWhy some rows read as they do:\n( {2}\S+: .+\.\n)+$/);
    expect(text).toContain('\n  processor:payments: no incident reached it this year.\n');
    const times = [...text.matchAll(/^ *\d+\. (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC/gm)].map((match) => match[1]!);
    expect(times.length).toBeGreaterThan(5);
    expect([...times].sort()).toEqual(times);
    expect(text).not.toMatch(/\x1b\[/);
  });

  it('gives the same year as JSON data', () => {
    const explanation = JSON.parse(runs.json.stdout) as YearExplanation;
    expect(explanation).toMatchObject({ scenario: 'marketplace', seed: 2027, trial: 9, trials: 2000, strategy: 'baseline', currency: 'USD', selection: { method: 'given' } });
    expect(new Set(explanation.incidents.map((incident) => incident.type)).size).toBeGreaterThanOrEqual(5);
    expect(runs.txt.stdout).toContain(`${explanation.incidents.length} incidents, in time order:`);
    const most = explanation.paid_most!;
    expect(runs.txt.stdout).toContain(`Who paid most: ${most.bearer}, USD ${Math.round(most.net).toLocaleString('en-US')} net`);
  });
});

describe('faultline explain: the default year', () => {
  const trials = 1000;
  let json: CliResult;
  let text: CliResult;
  beforeAll(async () => {
    [json, text] = await Promise.all([
      runCli(['explain', MARKETPLACE, '--trials', String(trials), '--format', 'json', '--workers', '2']),
      runCli(['explain', MARKETPLACE, '--trials', String(trials), '--seed', '5', '--workers', '1']),
    ]);
  });

  it('is the trial at the 99th percentile of platform loss, the smallest trial number among ties', async () => {
    expectExit(json, 0);
    const explanation = JSON.parse(json.stdout) as YearExplanation;
    const { scenario } = loadScenario(join(PROJECT_ROOT, MARKETPLACE));
    const table = await runSimulation(scenario, { trials, seed: scenario.seed, workers: 2 });
    const losses = table.years.annual(0, table.bearers.indexOf('platform'));
    const loss = Float64Array.from(losses).sort()[Math.ceil(0.99 * trials) - 1]!;
    const trial = losses.indexOf(loss) + 1;
    expect(explanation.trial).toBe(trial);
    expect(explanation.trials).toBe(trials);
    expect(explanation.selection).toMatchObject({ method: 'percentile', bearer: 'platform', probability: 0.99, rank: 990 });
    expect(Math.abs((explanation.selection as { loss: number }).loss - loss)).toBeLessThanOrEqual(0.005);
    expect(explanation.selection.reason).toBe(`Trial ${trial.toLocaleString('en-US')} of 1,000: the 99th-percentile year of platform loss (USD ${Math.round(loss).toLocaleString('en-US')}).`);
    // The explained year's platform total is what the run booked for it.
    const platform = explanation.totals.find((total) => total.bearer === 'platform')!;
    expect(Math.abs(platform.net - loss)).toBeLessThanOrEqual(0.005);
  });

  it('says which trial it explains and why, in text', () => {
    expectExit(text, 0);
    expect(text.stdout).toMatch(/\nTrial [\d,]+ of 1,000: the 99th-percentile year of platform loss \(USD [\d,]+\)\.\n/);
    expect(text.stdout).toContain('  seed      5\n');
  });

  it('ranks the first bearer of the model when there is no platform', async () => {
    const file = join(root, 'buyers-only.yaml');
    writeFileSync(
      file,
      [
        'name: buyers-only',
        'seed: 3',
        'trials: 200',
        'incidents:',
        '  - type: loss_event',
        '    name: scam',
        '    frequency: { dist: poisson, mean: 1 }',
        '    loss: { dist: lognormal, p05: 10, p95: 1000 }',
        '    bearer: buyers',
        '',
      ].join('\n'),
    );
    const result = await runCli(['explain', file, '--format', 'json', '--workers', '1']);
    expectExit(result, 0);
    const explanation = JSON.parse(result.stdout) as YearExplanation;
    expect(explanation.selection).toMatchObject({ method: 'percentile', bearer: 'buyers', rank: 198 });
    expect(explanation.trials).toBe(200);
    expect(explanation.totals.map((total) => total.bearer)).toEqual(['buyers']);
  });
});

describe('faultline explain: bad input', () => {
  const cases: Record<string, string[]> = {
    trialZero: ['explain', LOSS_EVENT, '--trial', '0'],
    trialBeyond: ['explain', LOSS_EVENT, '--trial', '2001', '--trials', '2000'],
    trialText: ['explain', LOSS_EVENT, '--trial', 'last'],
    formatXml: ['explain', LOSS_EVENT, '--trial', '1', '--format', 'xml'],
    strategy: ['explain', LOSS_EVENT, '--trial', '1', '--strategy', 'cheapest'],
    all: ['explain', LOSS_EVENT, '--trial', '0', '--format', 'xml', '--workers', '0', '--strategy', 'x'],
    missing: ['explain', 'no-such-scenario.yaml', '--trial', '1'],
    broken: ['explain', BROKEN, '--trial', '1'],
    brokenRun: ['run', BROKEN],
  };
  const runs: Record<string, CliResult> = {};
  beforeAll(async () => {
    await Promise.all(Object.entries(cases).map(async ([name, args]) => (runs[name] = await runCli(args))));
  });

  it.each([
    ['trialZero', '--trial: expected a whole number from 1 to 100,000,000, got "0"'],
    ['trialBeyond', '--trial: expected a whole number from 1 to 2,000, got "2001"'],
    ['trialText', '--trial: expected a whole number from 1 to 100,000,000, got "last"'],
    ['formatXml', '--format: expected text or json, got "xml"'],
    ['strategy', '--strategy: expected one of baseline, got "cheapest"'],
    ['missing', 'no-such-scenario.yaml: expected a scenario file, got no file at this path'],
  ])('%s exits 2 naming the problem and the valid range', (name, line) => {
    const result = runs[name]!;
    expectExit(result, 2);
    expect(result.stderr.trim()).toBe(line);
    expect(result.stdout).toBe('');
  });

  it('lists every bad flag at once', () => {
    expectExit(runs.all!, 2);
    expect(runs.all!.stderr.trim().split('\n')).toEqual([
      '--trial: expected a whole number from 1 to 100,000,000, got "0"',
      '--workers: expected a whole number from 1 to 256, got "0"',
      '--format: expected text or json, got "xml"',
      '--strategy: expected one of baseline, got "x"',
      '4 problems found.',
    ]);
  });

  it('reports an invalid scenario exactly as `run` does', () => {
    expectExit(runs.broken!, 2);
    expectExit(runs.brokenRun!, 2);
    expect(runs.broken!.stderr).toBe(runs.brokenRun!.stderr);
    expect(runs.broken!.stderr).toContain('many-problems.yaml:');
    expect(runs.broken!.stdout).toBe('');
  });
});

describe('faultline explain --glossary', () => {
  const cases: Record<string, string[]> = {
    text: ['explain', '--glossary'],
    json: ['explain', '--glossary', '--format', 'json'],
    withScenario: ['explain', LOSS_EVENT, '--glossary'],
    withTrial: ['explain', '--glossary', '--trial', '3', '--seed', '4'],
    badFormat: ['explain', '--glossary', '--format', 'yaml'],
    noScenario: ['explain'],
  };
  const runs: Record<string, CliResult> = {};
  beforeAll(async () => {
    await Promise.all(Object.entries(cases).map(async ([name, args]) => (runs[name] = await runCli(args))));
  });

  it('prints every term and its definition as text, without a scenario', () => {
    expectExit(runs.text!, 0);
    const text = runs.text!.stdout;
    expect(text.startsWith('Faultline glossary: the words of its outputs\n\n')).toBe(true);
    for (const term of ['draw', 'retention', 'attachment (also: xs)', 'AEP', 'OEP', 'TVaR 99 (also: TVaR)', 'ground-up loss (also: ground-up, suffered)']) expect(text).toContain(`\n${term}\n  `);
    expect(text).toMatch(/\nretention\n {2}The first part of each occurrence’s loss that the insured keeps/);
    expect(runs.text!.stderr).toBe('');
  });

  it('gives the same terms as JSON', () => {
    expectExit(runs.json!, 0);
    const { terms } = JSON.parse(runs.json!.stdout) as { terms: { id: string; term: string; aliases: string[]; definition: string }[] };
    expect(terms.length).toBeGreaterThan(25);
    expect(terms.find((entry) => entry.id === 'tvar-99')).toMatchObject({ term: 'TVaR 99', aliases: ['TVaR'] });
    for (const entry of terms) expect(runs.text!.stdout).toContain(`\n${entry.term}`);
  });

  it.each([
    ['withScenario', ['--glossary: expected no scenario (the glossary is the same for all), got "test/fixtures/scenarios/good/loss-event.yaml"']],
    [
      'withTrial',
      [
        '--glossary: expected only --format beside it, got --trial (it chooses a year, and the glossary explains none)',
        '--glossary: expected only --format beside it, got --seed (it chooses a year, and the glossary explains none)',
        '2 problems found.',
      ],
    ],
    ['badFormat', ['--format: expected text or json, got "yaml"']],
    ['noScenario', ['<scenario>: expected a scenario file to explain a year of (or --glossary for the glossary), got none']],
  ])('%s exits 2 naming the problem', (name, lines) => {
    expectExit(runs[name]!, 2);
    expect(runs[name]!.stderr.trim().split('\n')).toEqual(lines);
    expect(runs[name]!.stdout).toBe('');
  });
});
