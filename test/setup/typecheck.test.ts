import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/run-cli.ts';

/**
 * The type check of src/ and test/ (`npm run typecheck`), as one test of `npm test`: it runs
 * beside the other test files instead of before them all. A type error fails it with tsc's own
 * diagnostics.
 */
it('tsc --noEmit finds no type error in src/, test/ and the configs', async () => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const { status, output } = await new Promise<{ status: number | null; output: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [tsc, '--noEmit', '--pretty', 'false'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
    child.once('error', reject);
    child.once('close', (code) => resolve({ status: code, output }));
  });
  expect(status, output).toBe(0);
});
