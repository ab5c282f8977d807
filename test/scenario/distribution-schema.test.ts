import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { countDistributionSchema, severityDistributionSchema } from '../../src/scenario/schema/distribution-schema.ts';
import { describeIssue, scenarioErrorMap } from '../../src/scenario/describe-issue.ts';

/** The issues of parsing `input` as the loader words them: [path joined by dots, message]; [] when it parses. */
function issuesOf(schema: z.ZodType, input: unknown): Array<[string, string]> {
  const result = schema.safeParse(input, { reportInput: true, error: scenarioErrorMap });
  return result.success ? [] : result.error.issues.flatMap(describeIssue).map((issue) => [issue.path.join('.'), issue.message]);
}

const MESSAGE_CONVENTION = /^expected .+, got .+$/;

describe('severityDistributionSchema', () => {
  it.each([
    { dist: 'constant', value: 5 },
    { dist: 'constant', value: 5, min: 0, max: 3 },
    { dist: 'uniform', min: 0, max: 10 },
    { dist: 'uniform', min: 2, max: 2 },
    { dist: 'triangular', min: 0, mode: 0, max: 10 },
    { dist: 'pert', min: 0, mode: 10, max: 10 },
    { dist: 'normal', mean: -3, sd: 0 },
    { dist: 'normal', mean: 100, sd: 20, min: 0 },
    { dist: 'lognormal', mu: 9, sigma: 1.2 },
    { dist: 'lognormal', p05: 1_000, p95: 100_000, max: 1e6 },
    { dist: 'pareto', scale: 1_000, shape: 1.5, max: 1e9 },
    { dist: 'empirical', values: [1, 2, 3] },
    { dist: 'empirical', values: [1, 2, 3], weights: [0, 1, 2.5], min: 2 },
  ])('accepts $dist %#', (spec) => {
    expect(issuesOf(severityDistributionSchema, spec)).toEqual([]);
    expect(severityDistributionSchema.parse(spec)).toEqual(spec);
  });

  it.each<[string, unknown, string, string]>([
    ['non-finite number', { dist: 'normal', mean: Infinity, sd: 1 }, 'mean', 'expected a finite number, got Infinity'],
    ['NaN', { dist: 'constant', value: Number.NaN }, 'value', 'expected a finite number, got NaN'],
    ['a string for a number', { dist: 'constant', value: '5' }, 'value', 'expected a finite number, got "5"'],
    ['a missing field', { dist: 'normal', sd: 1 }, 'mean', 'expected a finite number, got nothing'],
    ['negative sd', { dist: 'normal', mean: 0, sd: -3 }, 'sd', 'expected sd ≥ 0, got -3'],
    ['negative sigma', { dist: 'lognormal', mu: 0, sigma: -1 }, 'sigma', 'expected sigma ≥ 0, got -1'],
    ['p05 of 0', { dist: 'lognormal', p05: 0, p95: 10 }, 'p05', 'expected p05 > 0, got 0'],
    ['p95 below p05', { dist: 'lognormal', p05: 10_000, p95: 5_000 }, 'p95', 'expected p95 greater than p05 (10000), got 5000'],
    ['p95 equal to p05', { dist: 'lognormal', p05: 10, p95: 10 }, 'p95', 'expected p95 greater than p05 (10), got 10'],
    ['both lognormal pairs', { dist: 'lognormal', mu: 1, sigma: 1, p05: 1, p95: 2 }, 'p05', 'expected either (mu, sigma) or (p05, p95), got mu and sigma and p05 and p95'],
    ['mixed lognormal pairs', { dist: 'lognormal', mu: 1, p95: 2 }, 'p95', 'expected either (mu, sigma) or (p05, p95), got mu and p95'],
    ['no lognormal pair', { dist: 'lognormal' }, '', 'expected either (mu, sigma) or (p05, p95), got neither'],
    ['mu without sigma', { dist: 'lognormal', mu: 1 }, 'sigma', 'expected sigma alongside mu, got nothing'],
    ['p95 without p05', { dist: 'lognormal', p95: 1 }, 'p05', 'expected p05 alongside p95, got nothing'],
    ['uniform max below min', { dist: 'uniform', min: 5, max: 1 }, 'max', 'expected max ≥ min (5), got 1'],
    ['triangular mode below min', { dist: 'triangular', min: 5, mode: 1, max: 10 }, 'mode', 'expected mode ≥ min (5), got 1'],
    ['triangular mode above max', { dist: 'triangular', min: 0, mode: 11, max: 10 }, 'mode', 'expected mode ≤ max (10), got 11'],
    ['pert without width', { dist: 'pert', min: 3, mode: 3, max: 3 }, 'max', 'expected max greater than min (3), got 3'],
    ['pert mode outside', { dist: 'pert', min: 0, mode: -1, max: 3 }, 'mode', 'expected mode ≥ min (0), got -1'],
    ['pareto scale 0', { dist: 'pareto', scale: 0, shape: 2 }, 'scale', 'expected scale > 0, got 0'],
    ['pareto shape negative', { dist: 'pareto', scale: 1, shape: -2 }, 'shape', 'expected shape > 0, got -2'],
    ['empty values', { dist: 'empirical', values: [] }, 'values', 'expected at least one value, got an empty list'],
    ['values not a list', { dist: 'empirical', values: 3 }, 'values', 'expected a list of numbers, got 3'],
    ['weights of the wrong length', { dist: 'empirical', values: [1, 2], weights: [1] }, 'weights', 'expected 2 weights (one per value), got 1'],
    ['a negative weight', { dist: 'empirical', values: [1, 2], weights: [1, -1] }, 'weights.1', 'expected a weight ≥ 0, got -1'],
    ['weights summing to 0', { dist: 'empirical', values: [1, 2], weights: [0, 0] }, 'weights', 'expected weights summing to a positive number, got a sum of 0'],
    ['weights summing to Infinity', { dist: 'empirical', values: [1, 2], weights: [1e308, 1e308] }, 'weights', 'expected weights summing to a positive number, got a sum of Infinity'],
    ['truncation max below min', { dist: 'normal', mean: 0, sd: 1, min: 2, max: 1 }, 'max', 'expected max ≥ min (2), got 1'],
    ['an unknown dist', { dist: 'gamma', shape: 2 }, 'dist', 'expected dist to be one of constant, uniform, triangular, pert, normal, lognormal, pareto, empirical, got "gamma"'],
    ['a missing dist', { mean: 2 }, 'dist', 'expected dist to be one of constant, uniform, triangular, pert, normal, lognormal, pareto, empirical, got nothing (the field is missing)'],
    ['a number for a distribution', 5, '', 'expected a distribution object such as { dist: constant, … }, got 5'],
    ['an unknown key', { dist: 'normal', mean: 0, sd: 1, sigma: 2 }, 'sigma', 'expected a known field (known fields: dist, mean, sd, min, max), got unknown field "sigma"'],
    ['a mode on uniform', { dist: 'uniform', min: 0, max: 1, mode: 0.5 }, 'mode', 'expected a known field (known fields: dist, min, max), got unknown field "mode"'],
  ])('rejects %s at its field', (_name, spec, path, message) => {
    const issues = issuesOf(severityDistributionSchema, spec);
    expect(issues).toContainEqual([path, message]);
    for (const [, text] of issues) expect(text).toMatch(MESSAGE_CONVENTION);
  });

  it('reports a negative weight once, not again as a bad sum', () => {
    expect(issuesOf(severityDistributionSchema, { dist: 'empirical', values: [1, 2], weights: [0, -1] })).toEqual([['weights.1', 'expected a weight ≥ 0, got -1']]);
  });
});

describe('countDistributionSchema', () => {
  it.each([
    { dist: 'poisson', mean: 0 },
    { dist: 'poisson', mean: 2.5 },
    { dist: 'negative_binomial', mean: 4, dispersion: 0.5 },
    { dist: 'bernoulli', p: 0 },
    { dist: 'bernoulli', p: 1 },
    { dist: 'fixed', value: 0 },
    { dist: 'fixed', value: 12 },
  ])('accepts $dist %#', (spec) => {
    expect(countDistributionSchema.parse(spec)).toEqual(spec);
  });

  it.each<[string, unknown, string, string]>([
    ['negative poisson mean', { dist: 'poisson', mean: -1 }, 'mean', 'expected mean ≥ 0, got -1'],
    ['negative binomial mean', { dist: 'negative_binomial', mean: -1, dispersion: 1 }, 'mean', 'expected mean ≥ 0, got -1'],
    ['zero dispersion', { dist: 'negative_binomial', mean: 1, dispersion: 0 }, 'dispersion', 'expected dispersion > 0, got 0'],
    ['p above 1', { dist: 'bernoulli', p: 1.5 }, 'p', 'expected a probability between 0 and 1, got 1.5'],
    ['p below 0', { dist: 'bernoulli', p: -0.1 }, 'p', 'expected a probability between 0 and 1, got -0.1'],
    ['fractional fixed value', { dist: 'fixed', value: 2.5 }, 'value', 'expected a non-negative integer, got 2.5'],
    ['negative fixed value', { dist: 'fixed', value: -2 }, 'value', 'expected a non-negative integer, got -2'],
    ['infinite mean', { dist: 'poisson', mean: Infinity }, 'mean', 'expected a finite number, got Infinity'],
    ['a severity kind', { dist: 'normal', mean: 1, sd: 1 }, 'dist', 'expected dist to be one of poisson, negative_binomial, bernoulli, fixed, got "normal"'],
    ['a misspelt key', { dist: 'poisson', mean: 1, maen: 2 }, 'maen', 'expected a known field (did you mean "mean"?), got unknown field "maen"'],
  ])('rejects %s at its field', (_name, spec, path, message) => {
    const issues = issuesOf(countDistributionSchema, spec);
    expect(issues).toContainEqual([path, message]);
    for (const [, text] of issues) expect(text).toMatch(MESSAGE_CONVENTION);
  });
});

describe('JSON Schema of the distributions', () => {
  type JsonObject = { description?: string; oneOf?: JsonObject[]; properties?: Record<string, JsonObject> };

  it.each([
    ['severity', severityDistributionSchema, 8],
    ['count', countDistributionSchema, 4],
  ] as const)('generates the %s schema with a description on every option and field', (_name, schema, optionCount) => {
    const json = z.toJSONSchema(schema, { io: 'input' }) as JsonObject;
    expect(json.description).toBeTruthy();
    expect(json.oneOf).toHaveLength(optionCount);
    for (const option of json.oneOf ?? []) {
      expect(option).toMatchObject({ type: 'object', additionalProperties: false });
      expect(option.description).toMatch(/\.$/);
      for (const [key, field] of Object.entries(option.properties ?? {})) {
        expect(field.description, `${option.description} ${key}`).toMatch(/^[A-Z0-9].*\.$/);
      }
    }
  });
});
