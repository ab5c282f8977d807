import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTempFolder, runCli, snapshotFolder, type CliResult } from '../helpers/run-cli.ts';

/**
 * `faultline report <run-folder>` rebuilds a run's charts and report.html from its files alone,
 * exactly as the run drew them, and refuses anything that is not a run, leaving it untouched.
 */
const SCENARIO = `
name: report-rebuild
seed: 5
incidents:
  - type: loss_event
    name: claim
    frequency: { dist: poisson, mean: 1.5 }
    loss: { dist: lognormal, p05: 10000, p95: 900000 }
    bearer: platform
    coverage: forensics
insurance:
  policies:
    - { name: cyber, insured: platform, covers: [forensics], retention: 50000, limit: 500000, premium: 90000 }
`;

const work = makeTempFolder('faultline-report');
const scenario = join(work, 'scenario.yaml');
const run = join(work, 'run');
let ran: CliResult;
let drawn: Map<string, Buffer>;

beforeAll(async () => {
  writeFileSync(scenario, SCENARIO);
  ran = await runCli(['run', scenario, '--trials', '3000', '--out', run, '--quiet']);
  drawn = snapshotFolder(run);
});

describe('faultline report on a run folder', () => {
  it('rebuilds, byte for byte, the charts (specs, SVG, PNG) and report.html that the run drew', async () => {
    expect(ran.status, ran.stderr).toBe(0);
    const charts = [...drawn.keys()].filter((name) => name.startsWith('charts/'));
    expect(charts).toEqual(expect.arrayContaining(['charts/exceedance.vl.json', 'charts/exceedance.svg', 'charts/exceedance.png', 'charts/insurance.vl.json', 'charts/timeline.png']));
    rmSync(join(run, 'charts'), { recursive: true });
    rmSync(join(run, 'report.html'));
    const rebuilt = await runCli(['report', run]);
    expect(rebuilt.status, rebuilt.stderr).toBe(0);
    expect(rebuilt.stdout).toContain(join(run, 'report.html'));
    const after = snapshotFolder(run);
    expect([...after.keys()]).toEqual([...drawn.keys()]);
    for (const [name, bytes] of drawn) expect(after.get(name)!.equals(bytes), name).toBe(true);
  });

  it('with --no-charts writes the specs and the page but renders no SVG or PNG', async () => {
    const copy = join(work, 'no-charts');
    await runCli(['run', scenario, '--trials', '3000', '--out', copy, '--quiet', '--no-charts']);
    const charts = readdirSync(join(copy, 'charts'));
    expect(charts.every((name) => name.endsWith('.vl.json'))).toBe(true);
    const result = await runCli(['report', copy, '--no-charts', '--quiet']);
    expect(result.status, result.stderr).toBe(0);
    expect(readdirSync(join(copy, 'charts')).sort()).toEqual(charts.sort());
    expect(readFileSync(join(copy, 'report.html'), 'utf8')).toContain('<!doctype html>');
  });
});

describe('faultline report refuses what is not a run, and writes nothing', () => {
  it('names what is missing in a folder that is not a run (exit 2)', async () => {
    const folder = join(work, 'documents');
    rmSync(folder, { recursive: true, force: true });
    await runCli(['run', scenario, '--trials', '100', '--out', folder, '--quiet', '--no-charts', '-w', '1']);
    rmSync(join(folder, 'ep.csv'));
    rmSync(join(folder, 'distribution.csv'));
    const before = snapshotFolder(folder);
    const result = await runCli(['report', folder]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(`${folder}: expected a Faultline run folder (run.json, summary.csv, ep.csv, allocation.csv, insurance.csv, distribution.csv), got no ep.csv, distribution.csv`);
    expect(snapshotFolder(folder)).toEqual(before);
  });

  it('refuses a run from a newer Faultline (exit 2)', async () => {
    const folder = join(work, 'newer');
    await runCli(['run', scenario, '--trials', '100', '--out', folder, '--quiet', '--no-charts', '-w', '1']);
    const manifest = JSON.parse(readFileSync(join(folder, 'run.json'), 'utf8')) as { faultline_version: string };
    manifest.faultline_version = '99.0.0';
    writeFileSync(join(folder, 'run.json'), JSON.stringify(manifest));
    const before = snapshotFolder(folder);
    const result = await runCli(['report', folder]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('faultline_version: expected a run from Faultline');
    expect(result.stderr).toContain('got one from 99.0.0');
    expect(snapshotFolder(folder)).toEqual(before);
  });

  it('names the fields of a damaged run.json and refuses a malformed explain.json (exit 2)', async () => {
    const folder = join(work, 'damaged-json');
    await runCli(['run', scenario, '--trials', '100', '--out', folder, '--quiet', '--no-charts', '-w', '1']);
    const manifest = JSON.parse(readFileSync(join(folder, 'run.json'), 'utf8')) as Record<string, unknown>;
    delete manifest.strategies;
    manifest.timings_ms = null;
    writeFileSync(join(folder, 'run.json'), JSON.stringify(manifest));
    const result = await runCli(['report', folder]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(`${join(folder, 'run.json')}: strategies, timings_ms: expected run.json as faultline run writes it, got these fields missing or of the wrong kind`);

    const other = join(work, 'damaged-explain');
    await runCli(['run', scenario, '--trials', '100', '--out', other, '--quiet', '--no-charts', '-w', '1']);
    writeFileSync(join(other, 'explain.json'), '{"incidents":[{}],"totals":[]}');
    const explained = await runCli(['report', other]);
    expect(explained.status).toBe(2);
    expect(explained.stderr).toContain(`${join(other, 'explain.json')}: expected an explanation with incidents and totals`);
  });

  it('locates a damaged CSV cell by file and line (exit 2)', async () => {
    const folder = join(work, 'damaged');
    await runCli(['run', scenario, '--trials', '100', '--out', folder, '--quiet', '--no-charts', '-w', '1']);
    const summary = readFileSync(join(folder, 'summary.csv'), 'utf8').split('\r\n');
    summary[2] = summary[2]!.replace(/,\d+\.\d\d,/, ',lots,');
    writeFileSync(join(folder, 'summary.csv'), summary.join('\r\n'));
    const result = await runCli(['report', folder]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^${join(folder, 'summary.csv').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:1: mean: expected a number, got "lots"`, 'm'));
  });

  it('fails at run time (exit 1) when the folder cannot be written, leaving it as it was', async () => {
    // A folder whose name is so long that the staging folder beside it (".<name>.partial-XXXXXX")
    // exceeds the file-name limit: writing fails for any user, root included.
    const short = join(work, 'short');
    await runCli(['run', scenario, '--trials', '100', '--out', short, '--quiet', '--no-charts', '-w', '1']);
    const folder = join(work, 'r'.repeat(245));
    renameSync(short, folder);
    const before = snapshotFolder(folder);
    const result = await runCli(['report', folder]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('could not write the report');
    expect(snapshotFolder(folder)).toEqual(before);
    expect(readdirSync(work).filter((name) => name.includes('.partial-'))).toEqual([]);
  });
});
