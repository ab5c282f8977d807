import { expect } from 'vitest';
import type { CliResult } from './run-cli.ts';

/** Fails with the command's exit code and everything it printed when it did not exit with `status`. */
export function expectExit(result: CliResult, status: number): void {
  expect(result.status, `exit ${result.status}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`).toBe(status);
}
