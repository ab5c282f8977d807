import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { makeTempFolder, PROJECT_ROOT, runCli } from '../helpers/run-cli.ts';

/**
 * The fault trials of issue 14 as a property: a bundled scenario mutated at random (a field set to
 * an extreme, malformed or oddly typed value, or deleted) either runs, with every number of every
 * CSV finite, or is refused with exit 2 and each message located (`file:line:column: path: …`).
 * Never exit 1 ("unexpected error", a run that crashes), never a thrown exception. 80 mutants at
 * seed 14 by default; FAULTLINE_FUZZ_RUNS and FAULTLINE_FUZZ_SEED search further (1,250 mutants
 * over seeds 1 and 3–6 passed when this was written).
 */

const root = makeTempFolder('faultline-fuzz');
// black-friday-outage.yaml extends marketplace.yaml, which must lie beside the mutants.
cpSync(join(PROJECT_ROOT, 'scenarios/marketplace.yaml'), join(root, 'marketplace.yaml'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const BASES = ['scenarios/marketplace.yaml', 'scenarios/black-friday-outage.yaml', 'test/fixtures/scenarios/good/market-every-type.yaml'].map((file) => ({
  file,
  value: parse(readFileSync(join(PROJECT_ROOT, file), 'utf8')) as unknown,
}));

type Path = (string | number)[];

/** Every path into a value: object keys and list indices, the root excluded. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
  return entries.flatMap(([step, item]) => [[...prefix, step], ...pathsOf(item, [...prefix, step])]);
}

/** The value with `path` set to `replacement`, or deleted when the replacement is `undefined`. */
function mutate(value: unknown, path: Path, replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (replacement === undefined) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else parent[last] = replacement;
  return copy;
}

/** Values that broke runs once, or could: extremes, wrong types, long text, deep lists; `undefined` deletes the field. */
const wildValues = fc.oneof(
  fc.constantFrom(1e308, -1e308, 1e-320, -0, 0, -1, 1, 1e13, 1e14, 1e10 + 1, 0.0001, 0.00009, 2 ** 53, 0.5, 1000, 1001, 1e6),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom('', 'x', '=cmd|calc', 'NaN', 'Infinity', '-Infinity', '1e999', 'x'.repeat(300), '../../etc/passwd', 'platform', 'baseline'),
  fc.constantFrom(null, true, false, [], {}, [1, 2, 3], { dist: 'pareto', scale: 1, shape: 0.01 }, { dist: 'constant', value: 1e13 }),
  fc.constant(undefined),
);

/**
 * A mutation: at a path, mostly a number scaled (so that many mutants stay valid and run, and
 * their extremes reach the arithmetic), else a wild value.
 */
const mutationOf = (paths: Path[]) =>
  fc.record({
    path: fc.constantFrom(...paths),
    scaled: fc.integer({ min: 0, max: 9 }).map((draw) => draw < 8),
    factor: fc.constantFrom(0, 1e-6, 0.01, 0.5, 1.5, 2, 10, 1e3, 1e6, 1e9, -1),
    wild: wildValues,
  });

/** The value at a path, or undefined when an earlier mutation took the path away. */
function valueAt(value: unknown, path: Path): unknown {
  let current = value;
  for (const step of path) current = current !== null && typeof current === 'object' ? (current as Record<string | number, unknown>)[step] : undefined;
  return current;
}

describe('fuzzed scenarios', () => {
  it('run with finite outputs (exit 0) or are refused with located messages (exit 2), never exit 1', async () => {
    let runs = 0;
    const outcomes = { ran: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...BASES).chain((base) => fc.tuple(fc.constant(base), fc.array(mutationOf(pathsOf(base.value)), { minLength: 1, maxLength: 2 }))),
        async ([base, mutations]) => {
          let value = base.value;
          for (const { path, scaled, factor, wild } of mutations) {
            const current = valueAt(value, path);
            const parent = valueAt(value, path.slice(0, -1));
            if (path.length > 1 && (parent === null || typeof parent !== 'object')) continue; // an earlier mutation replaced its parent
            value = mutate(value, path, scaled && typeof current === 'number' ? current * factor : wild);
          }
          const file = join(root, `fuzz-${++runs}.yaml`);
          writeFileSync(file, stringify(value, { aliasDuplicateObjects: false }));
          const out = join(root, `out-${runs}`);
          const result = await runCli(['run', file, '-n', '20', '-w', '1', '-o', out, '-q', '--no-charts']);
          const context = `${base.file} with ${JSON.stringify(mutations).slice(0, 600)}\nexit ${result.status}\n${result.stderr}`;
          expect([0, 2], context).toContain(result.status);
          if (result.status === 2) {
            outcomes.refused++;
            for (const line of result.stderr.trim().split('\n')) {
              // A message line, or the count of problems closing a list of them.
              if (/^\d+ problems found\.$/.test(line)) continue;
              expect(line.startsWith(`${file}:`) || line.startsWith('--'), context).toBe(true);
            }
          } else {
            outcomes.ran++;
            for (const csv of readdirSync(out).filter((name) => name.endsWith('.csv'))) {
              expect(readFileSync(join(out, csv), 'utf8'), `${csv}: ${context}`).not.toMatch(/NaN|Infinity/);
            }
          }
          rmSync(out, { recursive: true, force: true });
        },
      ),
      { numRuns: Number(process.env.FAULTLINE_FUZZ_RUNS ?? 80), seed: Number(process.env.FAULTLINE_FUZZ_SEED ?? 14) },
    );
    // Not vacuous: a good part of the mutants still run, and some are refused.
    expect(outcomes.ran).toBeGreaterThan(10);
    expect(outcomes.refused).toBeGreaterThan(0);
  });
});
