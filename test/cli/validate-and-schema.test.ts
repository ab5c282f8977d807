import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { scenarioJsonSchemaText } from '../../src/scenario/json-schema.ts';
import { makeTempFolder, PROJECT_ROOT, runCli, type CliResult } from '../helpers/run-cli.ts';

/** `faultline validate` and `faultline schema`, and the committed scenarios/schema.json. */

const FIXTURES = 'test/fixtures/scenarios';
const root = makeTempFolder('faultline-validate');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('faultline validate', () => {
  const results: Record<string, CliResult> = {};
  beforeAll(async () => {
    const cases: Record<string, string[]> = {
      good: ['validate', `${FIXTURES}/good/loss-event.yaml`, `${FIXTURES}/good/loss-event.json`, `${FIXTURES}/chain/leaf.yaml`],
      examples: ['validate', 'scenarios/marketplace.yaml', 'scenarios/marketplace-failover.yaml'],
      mixed: [
        'validate',
        `${FIXTURES}/good/loss-event.yaml`,
        `${FIXTURES}/bad/negative-rate.yaml`,
        `${FIXTURES}/bad/wrong-types.yaml`,
        `${FIXTURES}/chain/leaf.yaml`,
        `${FIXTURES}/bad/missing-base.yaml`,
        `${FIXTURES}/bad/no-such-file.yaml`,
      ],
    };
    await Promise.all(Object.entries(cases).map(async ([name, args]) => (results[name] = await runCli(args))));
  });

  it('prints ok for each good file and exits 0', () => {
    const { status, stdout, stderr } = results.good!;
    expect(status, stderr).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.trim().split('\n')).toEqual([
      `ok ${FIXTURES}/good/loss-event.yaml (loss-event: 1 incident definition)`,
      `ok ${FIXTURES}/good/loss-event.json (loss-event-json: 1 incident definition)`,
      `ok ${FIXTURES}/chain/leaf.yaml (chain-leaf: 4 incident definitions)`,
    ]);
  });

  it('accepts the example scenarios', () => {
    expect(results.examples!.status, results.examples!.stderr).toBe(0);
    expect(results.examples!.stdout.match(/^ok /gm)).toHaveLength(2);
  });

  it("lists every bad file's problems with their positions, still says ok for the good ones, and exits 2", () => {
    const { status, stdout, stderr } = results.mixed!;
    expect(status).toBe(2);
    expect(stdout.trim().split('\n')).toEqual([`ok ${FIXTURES}/good/loss-event.yaml (loss-event: 1 incident definition)`, `ok ${FIXTURES}/chain/leaf.yaml (chain-leaf: 4 incident definitions)`]);
    expect(stderr.trim().split('\n')).toEqual([
      `${FIXTURES}/bad/negative-rate.yaml:5:39: incidents[0].frequency.mean: expected mean ≥ 0, got -0.5`,
      `${FIXTURES}/bad/wrong-types.yaml:2:9: trials: expected a number, got "many"`,
      `${FIXTURES}/bad/wrong-types.yaml:6:39: incidents[0].frequency.mean: expected a finite number, got "2"`,
      `${FIXTURES}/bad/missing-base.yaml:3:10: extends: expected an existing scenario file, got "no-such-base.yaml" (no file at ${FIXTURES}/bad/no-such-base.yaml)`,
      `${FIXTURES}/bad/no-such-file.yaml: expected a scenario file, got no file at this path`,
      '5 problems found.',
    ]);
  });
});

describe('faultline schema', () => {
  let printed: CliResult;
  let written: CliResult;
  const file = join(root, 'nested', 'schema.json');
  beforeAll(async () => {
    [printed, written] = await Promise.all([runCli(['schema']), runCli(['schema', '--write', file])]);
  });

  it('prints the JSON Schema of scenarios: valid JSON with $schema and the incidents property', () => {
    expect(printed.status, printed.stderr).toBe(0);
    const schema = JSON.parse(printed.stdout) as {
      $schema: string;
      properties: Record<string, { description?: string }>;
      required: string[];
    };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.properties.incidents).toBeDefined();
    expect(schema.properties.incidents!.description).toMatch(/incident/i);
    expect(schema.required).toEqual(['name']);
    expect(schema.properties).toHaveProperty('inject');
    expect(schema.properties).toHaveProperty('market');
    expect(printed.stdout).toBe(scenarioJsonSchemaText());
  });

  it('writes the same text with --write, creating the folder', () => {
    expect(written.status, written.stderr).toBe(0);
    expect(written.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toBe(scenarioJsonSchemaText());
  });
});

describe('scenarios/schema.json', () => {
  it('is the schema generated from the zod scenario schema (not stale)', () => {
    const committed = readFileSync(join(PROJECT_ROOT, 'scenarios/schema.json'), 'utf8');
    // toBe's diff shows what changed; the message says how to fix it.
    expect(committed, 'scenarios/schema.json is stale: run `npm run schema` and commit the result').toBe(scenarioJsonSchemaText());
  });
});
