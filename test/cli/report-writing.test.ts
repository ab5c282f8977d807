import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

/**
 * What happens after the simulation: a failure or an interrupt while the report is written leaves
 * the earlier report as it was and no staging folder behind; a second run into a folder another
 * run is writing is refused; what a killed run left is cleaned by the next one.
 */
const trouble = vi.hoisted(() => ({ kind: undefined as undefined | 'throw' | 'interrupt' }));
vi.mock('../../src/report/report-files.ts', async (original) => {
  const actual = await original<typeof import('../../src/report/report-files.ts')>();
  return {
    ...actual,
    reportFiles: async (...args: Parameters<typeof actual.reportFiles>) => {
      if (trouble.kind === 'throw') throw new Error('no space left on device (injected)');
      if (trouble.kind === 'interrupt') process.emit('SIGINT');
      return actual.reportFiles(...args);
    },
  };
});

// The test files of a vitest worker share their modules (isolate: false): the CLI is loaded
// afresh here, so that it sees the mock above.
vi.resetModules();
const { CLI_BIN, makeTempFolder, PROJECT_ROOT, runCli, snapshotFolder } = await import('../helpers/run-cli.ts');

const work = makeTempFolder('faultline-writing');
/** The smallest complete scenario; every run here gives its own trial count. */
const scenario = join(PROJECT_ROOT, 'test/fixtures/scenarios/good/loss-event.yaml');
const staged = () => readdirSync(work).filter((name) => name.includes('.partial-') || name.endsWith('.lock'));

afterEach(() => {
  trouble.kind = undefined;
});

describe('writing the report after the simulation', () => {
  it('a failure while writing (a full disk, say) exits 1, leaves the earlier report and no staging folder', async () => {
    const out = join(work, 'failing');
    expect((await runCli(['run', scenario, '-n', '200', '-w', '1', '-o', out, '-q', '--no-charts'])).status).toBe(0);
    const before = snapshotFolder(out);
    trouble.kind = 'throw';
    const result = await runCli(['run', scenario, '-n', '300', '-w', '1', '-o', out, '-q', '--no-charts']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no space left on device (injected)');
    expect(snapshotFolder(out)).toEqual(before);
    expect(staged()).toEqual([]);
  });

  it('an interrupt that comes after the simulation, while the report is written, exits 1 and replaces nothing', async () => {
    const out = join(work, 'late');
    expect((await runCli(['run', scenario, '-n', '200', '-w', '1', '-o', out, '-q', '--no-charts'])).status).toBe(0);
    const before = snapshotFolder(out);
    trouble.kind = 'interrupt';
    const result = await runCli(['run', scenario, '-n', '300', '-w', '1', '-o', out, '-q', '--no-charts']);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('faultline: interrupted before the report was complete; no report was written');
    expect(snapshotFolder(out)).toEqual(before);
    expect(staged()).toEqual([]);
  });
});

describe('one run at a time per report folder', () => {
  it('refuses a run into a folder a live run is writing (exit 2, naming it), and leaves that run alone', async () => {
    const out = join(work, 'busy');
    const lock = join(work, '.busy.lock');
    writeFileSync(lock, `${JSON.stringify({ pid: process.pid, host: hostname(), started_at: '2026-12-03T08:00:00.000Z' })}\n`);
    const result = await runCli(['run', scenario, '-n', '100', '-w', '1', '-o', out, '-q', '--no-charts']);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(
      `--out: expected a folder no other run is writing, got ${out}, which faultline (pid ${process.pid} on ${hostname()}, since 2026-12-03T08:00:00.000Z) is writing now: wait for it or choose another --out (if no such run exists, delete ${lock})`,
    );
    expect(existsSync(lock)).toBe(true);
    expect(existsSync(out)).toBe(false);
    rmSync(lock);
  });

  it('of two runs started together into one folder, one writes it and the other is refused', async () => {
    const out = join(work, 'race');
    const results = await Promise.all([1, 2].map((seed) => runCli(['run', scenario, '-n', '500', '-s', String(seed), '-w', '1', '-o', out, '-q', '--no-charts'])));
    expect(results.map((result) => result.status).sort()).toEqual([0, 2]);
    expect(results.find((result) => result.status === 2)!.stderr).toContain('--out: expected a folder no other run is writing');
    expect(staged()).toEqual([]);
  });

  it('takes over the lock of a run that died, and removes the staging folders it left', async () => {
    const out = join(work, 'orphan');
    const dead = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['-e', '0']);
      child.once('exit', () => resolve(child.pid!));
    });
    writeFileSync(join(work, '.orphan.lock'), `${JSON.stringify({ pid: dead, host: hostname(), started_at: '2026-12-03T08:00:00.000Z' })}\n`);
    mkdirSync(join(work, '.orphan.partial-AbC123', 'charts'), { recursive: true });
    writeFileSync(join(work, '.orphan.partial-AbC123', 'summary.csv'), 'half');
    writeFileSync(join(work, '.orphan.lock.junk'), 'not ours'); // another name: left alone
    const result = await runCli(['run', scenario, '-n', '100', '-w', '1', '-o', out, '-q', '--no-charts']);
    expect(result.status, result.stderr).toBe(0);
    expect(readdirSync(out)).toContain('summary.csv');
    expect(staged()).toEqual([]);
    expect(existsSync(join(work, '.orphan.lock.junk'))).toBe(true);
  });
});

describe('Ctrl-C', () => {
  it('while the process works ends it with exit 1 and a line saying so, never 130, and removes its lock', async () => {
    const result = await new Promise<{ status: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI_BIN, 'run', scenario, '-n', '5000000', '-w', '1', '-o', join(work, 'ctrl-c'), '-q', '--no-charts'], {
        cwd: PROJECT_ROOT,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
      // Sent once the run holds its folder's lock (it is simulating then), however slowly a loaded
      // machine started it: before Node runs bin.js's first line no handler can exist, so a fixed
      // delay would make this test depend on load.
      const lock = join(work, '.ctrl-c.lock');
      const poll = setInterval(() => {
        if (existsSync(lock)) {
          clearInterval(poll);
          child.kill('SIGINT');
        }
      }, 10);
      child.once('close', (status, signal) => {
        clearInterval(poll);
        resolve({ status, signal, stderr });
      });
    });
    expect(result.signal).toBeNull();
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^faultline: interrupted/);
    expect(existsSync(join(work, 'ctrl-c'))).toBe(false);
    expect(staged()).toEqual([]);
  });
});
