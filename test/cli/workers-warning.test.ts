import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWorkersFlag } from '../../src/cli/parse-flags.ts';
import type { InputIssue } from '../../src/errors.ts';
import { expectExit } from '../helpers/expect-exit.ts';
import { makeTempFolder, PROJECT_ROOT, runCli } from '../helpers/run-cli.ts';

const SCENARIO = join(PROJECT_ROOT, 'test/fixtures/scenarios/market/small-market.yaml');

describe('--workers above the cores', () => {
  it('is capped at the cores with a warning naming them, unless --oversubscribe; at or below them, and by default, nothing is said', () => {
    const issues: InputIssue[] = [];
    const warnings: string[] = [];
    expect(parseWorkersFlag('5', issues, (line) => warnings.push(line), 2)).toBe(2);
    expect(warnings).toEqual(["--workers 5 is more than this machine's 2 cores: running 2 workers instead, which is faster and gives the same numbers (--oversubscribe runs 5)"]);
    expect(parseWorkersFlag('5', issues, (line) => warnings.push(line), 2, true)).toBe(5);
    expect(warnings[1]).toBe(
      "--workers 5 is more than this machine's 2 cores: the threads take turns on the cores, so the run is slower than with --workers 2, not faster (numbers are the same either way)",
    );
    expect(parseWorkersFlag('2', issues, (line) => warnings.push(line), 2)).toBe(2);
    expect(parseWorkersFlag(undefined, issues, (line) => warnings.push(line), 2)).toBe(2);
    expect(parseWorkersFlag('3', issues, (line) => warnings.push(line), 1)).toBe(1);
    expect(warnings[2]).toContain("this machine's 1 core: running 1 worker instead");
    expect(warnings).toHaveLength(3);
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
    expect(many.stderr).toContain('instead');
    // run.json records the workers that ran: the cores, not the --workers asked for.
    expect((JSON.parse(readFileSync(join(out, 'many', 'run.json'), 'utf8')) as { workers: number }).workers).toBe(availableParallelism());
    expectExit(quiet, 0);
    expect(quiet.stderr).toBe('');
    const forced = await runCli(['run', SCENARIO, '--trials', '200', '--workers', above, '--oversubscribe', '--no-charts', '--out', join(out, 'forced')]);
    expectExit(forced, 0);
    expect(forced.stderr).toContain('the threads take turns on the cores');
    expect((JSON.parse(readFileSync(join(out, 'forced', 'run.json'), 'utf8')) as { workers: number }).workers).toBe(Number(above));
    expect(readFileSync(join(out, 'forced', 'summary.csv'), 'utf8')).toBe(readFileSync(join(out, 'many', 'summary.csv'), 'utf8'));
  });
});
