import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempFolder, PROJECT_ROOT } from '../helpers/run-cli.ts';

/**
 * The README's first command on a fresh copy of the project, as a newcomer types it:
 * `npm install && npm start` in a clone of the committed tree (uncommitted edits are not in it;
 * without git, a copy of the tree without node_modules/ and reports/). It must install (the
 * `prepare` script compiles src/), run the default scenario and write reports/marketplace/.
 */

const root = makeTempFolder('faultline-readme');
const clone = join(root, 'faultline');

interface Step {
  command: string;
  status: number | null;
  stdout: string;
  stderr: string;
}
const steps: Step[] = [];

/** The environment of a newcomer's shell: none of the npm variables of the `npm run` this test runs under, nor the test's own. */
function newcomerEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(npm_|FAULTLINE_|VITEST|NODE_OPTIONS$|INIT_CWD$)/i.test(name)));
}

/** Runs a shell command line in the clone, as typed. */
function shell(command: string): Promise<Step> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { cwd: clone, env: newcomerEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      const step = { command, status, stdout, stderr };
      steps.push(step);
      resolve(step);
    });
  });
}

beforeAll(() => {
  if (existsSync(join(PROJECT_ROOT, '.git'))) {
    const cloned = spawnSync('git', ['clone', '--quiet', '--no-hardlinks', PROJECT_ROOT, clone], { encoding: 'utf8' });
    if (cloned.status !== 0) throw new Error(`git clone failed: ${cloned.stderr}`);
  } else {
    const skipped = new Set(['node_modules', 'reports'].map((name) => join(PROJECT_ROOT, name)));
    cpSync(PROJECT_ROOT, clone, { recursive: true, filter: (source) => !skipped.has(source.replace(/\/$/, '')) });
  }
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the README on a fresh clone', () => {
  it('shows `npm install && npm start` as the first command', () => {
    expect(readFileSync(join(clone, 'README.md'), 'utf8')).toMatch(/^npm install && npm start\b/m);
  });

  it('`npm install && npm start` exits 0 and writes reports/marketplace/ with report.html and the CSVs', async () => {
    expect(existsSync(join(clone, 'node_modules')), 'the clone must start without node_modules').toBe(false);
    expect(existsSync(join(clone, 'reports', 'marketplace')), 'the clone must start without the report').toBe(false);
    const step = await shell('npm install --no-audit --no-fund && npm start');
    expect(step.status, `${step.command}\nstdout:\n${step.stdout}\nstderr:\n${step.stderr}`).toBe(0);
    const report = join(clone, 'reports', 'marketplace');
    const files = readdirSync(report);
    for (const file of ['report.html', 'summary.csv', 'ep.csv', 'allocation.csv', 'run.json']) expect(files, file).toContain(file);
    expect(step.stdout).toContain(join('reports', 'marketplace'));
    // The compiled build was made by `prepare` and is what ran (the CLI falls back to tsx otherwise).
    expect(existsSync(join(clone, 'node_modules', '.cache', 'faultline', 'build.json'))).toBe(true);
  });
});
