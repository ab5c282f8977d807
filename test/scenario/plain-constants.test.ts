import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileModel } from '../../src/engine/simulation-model.ts';
import { simulateTrial } from '../../src/engine/simulate-chunk.ts';
import { explainYear } from '../../src/report/explain-year.ts';
import { scenarioJsonSchema } from '../../src/scenario/json-schema.ts';
import { loadScenario } from '../../src/scenario/load-scenario.ts';
import { expectExit } from '../helpers/expect-exit.ts';
import { makeTempFolder, runCli } from '../helpers/run-cli.ts';

/**
 * A plain number wherever a distribution goes means the constant (a fixed count for a
 * frequency), for every distribution-typed field alike: it parses to `{ dist: constant, value }`
 * (so the model and the scenario's hash are those of the object form), and a constant outside
 * the field's range is a located error (exit 2).
 */

const folder = makeTempFolder('faultline-constants');
afterAll(() => rmSync(folder, { recursive: true, force: true }));

type Json = Record<string, unknown>;

/** The names of the fields whose JSON Schema accepts a distribution object, with whether each also accepts a number. */
function distributionFields(): Map<string, boolean> {
  const fields = new Map<string, boolean>();
  const isDistributionList = (node: unknown) =>
    Array.isArray(node) && node.length > 0 && node.every((branch) => (branch as Json)?.properties !== undefined && 'dist' in ((branch as Json).properties as Json));
  const walk = (node: unknown, field: string): void => {
    if (node === null || typeof node !== 'object') return;
    const schema = node as Json;
    if (isDistributionList(schema.oneOf)) {
      fields.set(field, fields.get(field) ?? false);
      return;
    }
    if (Array.isArray(schema.anyOf) && schema.anyOf.some((branch) => isDistributionList((branch as Json).oneOf))) {
      const number = schema.anyOf.some((branch) => ['number', 'integer'].includes((branch as Json).type as string));
      fields.set(field, (fields.get(field) ?? true) && number);
      return;
    }
    for (const [key, child] of Object.entries(schema)) {
      if (key === 'properties') for (const [name, property] of Object.entries(child as Json)) walk(property, name);
      else if (key === 'additionalProperties') walk(child, `${field}.*`);
      else walk(child, field);
    }
  };
  walk(scenarioJsonSchema(), '');
  return fields;
}

/** Every distribution in a parsed scenario, rewritten by `rewrite` (given the field name); returns the field names met. */
function rewriteDistributions(value: unknown, rewrite: (spec: Json, field: string) => unknown, field = '', met = new Set<string>()): { value: unknown; met: Set<string> } {
  if (Array.isArray(value)) return { value: value.map((item) => rewriteDistributions(item, rewrite, field, met).value), met };
  if (value === null || typeof value !== 'object') return { value, met };
  const record = value as Json;
  if (typeof record.dist === 'string') {
    met.add(field);
    return { value: rewrite(record, field), met };
  }
  const out: Json = {};
  for (const [key, child] of Object.entries(record)) out[key] = rewriteDistributions(child, rewrite, field === 'data_subject_costs' ? 'data_subject_costs.*' : key, met).value;
  return { value: out, met };
}

/** A constant every distribution-typed field accepts: 1 (a share of 1, a surge of 1, an hour, an amount); counts 1. */
const CONSTANT = 1;
const isCount = (spec: Json) => ['poisson', 'negative_binomial', 'bernoulli', 'fixed'].includes(spec.dist as string);

/** A scenario written as JSON in the test folder; returns its path. */
function writeScenario(name: string, scenario: unknown): string {
  const file = join(folder, `${name}.json`);
  writeFileSync(file, JSON.stringify(scenario, null, 1));
  return file;
}

/** A scenario file as written (no defaults applied), as plain JSON. */
function readRaw(file: string): Json {
  return parse(readFileSync(file, 'utf8')) as Json;
}

/** The bundled scenarios as written, with the few distribution fields they leave out added, so that every field is met. */
function scenariosWithEveryField(): Json[] {
  const marketplace = readRaw('scenarios/marketplace.yaml');
  const regulation = (marketplace.regulation as Json).gdpr as Json;
  delete regulation.seriousness;
  Object.assign(regulation, { starting_share: { dist: 'uniform', min: 0.1, max: 0.2 }, discretion: { dist: 'uniform', min: 0.5, max: 1 } });
  const mispricing = (marketplace.incidents as Json[]).find((incident) => incident.error === 'mispricing')!;
  mispricing.surge = { dist: 'uniform', min: 1, max: 3 };
  const everyType = readRaw('test/fixtures/scenarios/good/market-every-type.yaml');
  const outage = (everyType.incidents as Json[]).find((incident) => incident.type === 'outage')!;
  outage.incident_response_per_hour = { dist: 'uniform', min: 100, max: 200 };
  everyType.regulation = { gdpr: { fine: { dist: 'lognormal', p05: 10_000, p95: 1_000_000 } } };
  return [marketplace, everyType];
}

describe('every distribution-typed field takes a plain number', () => {
  it('in the schema: each field that accepts a distribution object accepts a number too', () => {
    const fields = distributionFields();
    expect(fields.size).toBeGreaterThan(25);
    expect([...fields].filter(([, number]) => !number).map(([field]) => field)).toEqual([]);
  });

  it('as the constant: a number parses to { dist: constant, value } (a count to { dist: fixed, value }), the same scenario and hash, for every field', () => {
    const fields = new Set(distributionFields().keys());
    const met = new Set<string>();
    scenariosWithEveryField().forEach((scenario, index) => {
      const asObjects = rewriteDistributions(scenario, (spec) => ({ dist: isCount(spec) ? 'fixed' : 'constant', value: CONSTANT })).value;
      const asNumbers = rewriteDistributions(scenario, () => CONSTANT, '', met).value;
      const objects = loadScenario(writeScenario(`objects-${index}`, asObjects));
      const numbers = loadScenario(writeScenario(`numbers-${index}`, asNumbers));
      expect(numbers.scenario).toEqual(objects.scenario);
      expect(numbers.hash).toBe(objects.hash);
    });
    expect([...fields].filter((field) => !met.has(field))).toEqual([]);
  });

  it('in the model: a year of plain-number counts and losses is exactly those numbers (explain)', () => {
    const file = writeScenario('loss-event', {
      name: 'plain-numbers',
      incidents: [{ type: 'loss_event', name: 'fraud', frequency: 3, loss: 1234.5, bearer: 'platform' }],
    });
    const { scenario } = loadScenario(file);
    const model = compileModel(scenario, 1);
    const explanation = explainYear(simulateTrial(model, 7), { model, seed: 1, selection: { method: 'given' } });
    expect(explanation.incidents).toHaveLength(3);
    expect(explanation.incidents.map((incident) => incident.components.map((component) => component.amount))).toEqual([[1234.5], [1234.5], [1234.5]]);
    expect(explanation.totals.find((party) => party.bearer === 'platform')?.net).toBe(3 * 1234.5);
  });

  it('in the model: outage durations and scopes written as numbers are the drawn values', () => {
    const text = readFileSync('scenarios/black-friday-outage.yaml', 'utf8');
    expect(text).toContain('duration_hours: { dist: constant, value: 6 }');
    const file = join(folder, 'black-friday-plain.yaml');
    writeFileSync(
      file,
      text
        .replace('duration_hours: { dist: constant, value: 6 }', 'duration_hours: 6')
        .replace('scope: { dist: constant, value: 1 }', 'scope: 1')
        .replace('extends: ', `extends: ${process.cwd()}/scenarios/`),
    );
    const plain = loadScenario(file);
    const written = loadScenario('scenarios/black-friday-outage.yaml');
    expect(plain.hash).toBe(written.hash);
    const model = compileModel(plain.scenario, plain.scenario.seed);
    const explanation = explainYear(simulateTrial(model, 1), { model, seed: plain.scenario.seed, selection: { method: 'given' } });
    const stress = explanation.incidents.find((incident) => (incident.details as Json).duration_hours !== undefined && incident.name.includes('black-friday'));
    expect(stress, JSON.stringify(explanation.incidents.map((incident) => [incident.name, incident.details]))).toBeDefined();
    expect((stress!.details as Json).duration_hours).toBe(6);
    expect((stress!.details as Json).scope).toBe(1);
  });
});

describe("a constant outside its field's range is a located error", () => {
  const everyType = readFileSync('test/fixtures/scenarios/good/market-every-type.yaml', 'utf8');
  it.each<[string, string, string, RegExp]>([
    ['a negative duration', 'duration_hours: { dist: constant, value: 3 }', 'duration_hours: -3', /:42:21: incidents\[1\]\.duration_hours: expected a number ≥ 0, got -3$/m],
    ['a share above 1', 'share: { dist: constant, value: 0.05 }', 'share: 1.5', /:50:12: incidents\[2\]\.share: expected a number from 0 to 1, got 1\.5$/m],
    [
      'a share above 1 as an object',
      'share: { dist: constant, value: 0.05 }',
      'share: { dist: constant, value: 1.5 }',
      /:50:\d+: incidents\[2\]\.share\.value: expected a number from 0 to 1, got 1\.5$/m,
    ],
    [
      'a fractional count',
      'frequency: { dist: poisson, mean: 0.5 }',
      'frequency: 0.5',
      /:41:16: incidents\[1\]\.frequency: expected a whole number of events from 0 to 10,000 \(a fixed count; a rate is \{ dist: poisson, mean: 0\.5 \}\), got 0\.5$/m,
    ],
    ['a negative count', 'frequency: { dist: poisson, mean: 0.5 }', 'frequency: -1', /incidents\[1\]\.frequency: expected a whole number of events from 0 to 10,000 \(a fixed count\), got -1$/m],
    [
      'text',
      'frequency: { dist: poisson, mean: 0.5 }',
      'frequency: often',
      /incidents\[1\]\.frequency: expected a number \(a fixed count\) or a distribution object such as \{ dist: poisson, … \}, got "often"$/m,
    ],
    [
      'a negative cost per hour',
      'timing: demand\n',
      'timing: demand\n    incident_response_per_hour: -5\n',
      /incidents\[0\]\.incident_response_per_hour: expected an amount ≥ 0 per hour \(the response cost of an hour of outage at full scope\), got -5$/m,
    ],
  ])('%s', async (_, from, to, expected) => {
    expect(everyType).toContain(from);
    const file = join(folder, `bad-${from.length}-${to.length}.yaml`);
    writeFileSync(file, everyType.replace(from, to));
    const result = await runCli(['validate', file]);
    expectExit(result, 2);
    expect(result.stderr).toMatch(expected);
  });

  it('in every field with a range, from the schema down: settlements, delays, churn, fines', () => {
    const base = readRaw('test/fixtures/scenarios/good/market-every-type.yaml');
    const incidents = base.incidents as Json[];
    incidents[0]!.churn = 1.2;
    incidents[0]!.triggers = [{ incident: incidents[1]!.name, probability: 0.5, delay_hours: -2 }];
    base.regulation = { gdpr: { fine: -10 } };
    base.breach_costs = { data_subject_costs: { contact: -2 } };
    const file = writeScenario('bad-ranges', base);
    let message = '';
    try {
      loadScenario(file);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/incidents\[0\]\.churn: expected a number from 0 to 1, got 1\.2$/m);
    expect(message).toMatch(/incidents\[0\]\.triggers\[\d+\]\.delay_hours: expected a number ≥ 0, got -2$/m);
    expect(message).toMatch(/regulation\.gdpr\.fine: expected a number ≥ 0, got -10$/m);
    expect(message).toMatch(/breach_costs\.data_subject_costs\.contact: expected an amount ≥ 0 per person \(a data subject's own cost\), got -2$/m);
    expect(message.split('\n').every((line) => /^\/.+\.json:\d+:\d+: /.test(line))).toBe(true);
  });
});
