import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWorkersFlag } from '../../src/cli/parse-flags.ts';
import type { InputIssue } from '../../src/errors.ts';
import { expectExit } from '../helpers/expect-exit.ts';
import { makeTempFolder, PROJECT_ROOT, runCli } from '../helpers/run-cli.ts';

const SCENARIO = join(PROJECT_ROOT, 'test/fixtures/scenarios/market/small-market.yaml');

describe('--workers above the cores', () => {
  it('is allowed with a warning naming the cores; at or below them, and by default, nothing is said', () => {
    const issues: InputIssue[] = [];
    const warnings: string[] = [];
    expect(parseWorkersFlag('5', issues, (line) => warnings.push(line), 2)).toBe(5);
    expect(warnings).toEqual([
      "--workers 5 is more than this machine's 2 cores: the threads take turns on the cores, so the run is slower than with --workers 2, not faster (numbers are the same either way)",
    ]);
    expect(parseWorkersFlag('2', issues, (line) => warnings.push(line), 2)).toBe(2);
    expect(parseWorkersFlag(undefined, issues, (line) => warnings.push(line), 2)).toBe(2);
    expect(parseWorkersFlag('3', issues, (line) => warnings.push(line), 1)).toBe(3);
    expect(warnings[1]).toContain("this machine's 1 core:");
    expect(warnings).toHaveLength(2);
    expect(issues).toEqual([]);
    expect(parseWorkersFlag('0', issues, (line) => warnings.push(line), 2)).toBe(2);
    expect(issues).toEqual([{ path: '--workers', message: 'expected a whole number from 1 to 256, got "0"' }]);
  });

  it('run prints the warning on stderr and still writes the same report; --quiet keeps it quiet', async () => {
    const out = makeTempFolder('faultline-workers');
    const above = String(availableParallelism() + 1);
    const [many, quiet] = await Promise.all([
      runCli(['run', SCENARIO, '--trials', '200', '--workers', above, '--no-charts', '--out', join(out, 'many')]),
      runCli(['run', SCENARIO, '--trials', '200', '--workers', above, '--no-charts', '--quiet', '--out', join(out, 'quiet')]),
    ]);
    expectExit(many, 0);
    expect(many.stderr).toContain(`faultline: --workers ${above} is more than this machine's ${availableParallelism()} core`);
    expectExit(quiet, 0);
    expect(quiet.stderr).toBe('');
  });
});
