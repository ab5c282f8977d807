import { z } from 'zod';

/**
 * Schemas of the distribution language (DOMAIN §4): severities (continuous) and counts.
 *
 * Every invalid parameter is a validation issue at the offending field whose message reads
 * `expected …, got …`, so a bad distribution never reaches the simulation as NaN.
 */

/** Describes an input value for an `expected …, got …` message. */
function describeInput(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (typeof input === 'number') return String(input);
  if (typeof input === 'string') return JSON.stringify(input);
  if (Array.isArray(input)) return 'a list';
  if (input === null) return 'null';
  return typeof input === 'object' ? 'an object' : String(input);
}

/** A finite number field carrying `description`; a non-number, NaN or ±Infinity is an issue. */
function finiteNumber(description: string) {
  return z
    .number({ error: (issue) => `expected a finite number, got ${describeInput(issue.input)}` })
    .meta({ description });
}

/** Error parameters for a built-in bound check: `expected ${label} ${relation} ${bound}, got …`. */
function boundError(label: string, relation: string, bound: number) {
  return { error: (issue: { input?: unknown }) => `expected ${label} ${relation} ${bound}, got ${describeInput(issue.input)}` };
}

/** A strict object: unknown keys are issues, worded (with suggestions) by `describeIssue`. */
function strictSpec<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  return z.strictObject(shape);
}

/** The `dist` field selecting the distribution `name`. */
function kind<Name extends string>(name: Name) {
  return z.literal(name).meta({ description: `Selects the ${name} distribution.` });
}

type RefinementContext = z.RefinementCtx<unknown>;

/** Adds a custom issue at `field` of the object being refined. */
function reportIssue(context: RefinementContext, field: string, input: unknown, message: string): void {
  context.addIssue({ code: 'custom', path: [field], input, message });
}

const truncationMinimum = finiteNumber(
  'Lower truncation bound: draws below it are raised to it, in the units of the quantity.',
).optional();
const truncationMaximum = finiteNumber(
  'Upper truncation bound: draws above it are lowered to it, in the units of the quantity.',
).optional();

/** Checks that truncation bounds, when both given, are ordered. */
function checkTruncation(spec: { min?: number | undefined; max?: number | undefined }, context: RefinementContext): void {
  if (spec.min !== undefined && spec.max !== undefined && spec.min > spec.max) {
    reportIssue(context, 'max', spec.max, `expected max ≥ min (${spec.min}), got ${spec.max}`);
  }
}

const constantSchema = strictSpec({
  dist: kind('constant'),
  value: finiteNumber('The value every draw takes, in the units of the quantity.'),
  min: truncationMinimum,
  max: truncationMaximum,
})
  .superRefine(checkTruncation)
  .meta({ description: 'A fixed value that uses no random draw.' });

const uniformSchema = strictSpec({
  dist: kind('uniform'),
  min: finiteNumber('Smallest value, in the units of the quantity.'),
  max: finiteNumber('Largest value (at least min), in the units of the quantity.'),
})
  .superRefine((spec, context) => {
    if (spec.min > spec.max) reportIssue(context, 'max', spec.max, `expected max ≥ min (${spec.min}), got ${spec.max}`);
  })
  .meta({ description: 'Every value between min and max equally likely.' });

const rangeWithModeShape = {
  min: finiteNumber('Smallest possible value, in the units of the quantity.'),
  mode: finiteNumber('Most likely value (between min and max), in the units of the quantity.'),
  max: finiteNumber('Largest possible value, in the units of the quantity.'),
};

/** Checks min ≤ mode ≤ max, and min < max when `strict`. */
function checkRangeWithMode(strict: boolean) {
  return (spec: { min: number; mode: number; max: number }, context: RefinementContext): void => {
    if (spec.mode < spec.min) reportIssue(context, 'mode', spec.mode, `expected mode ≥ min (${spec.min}), got ${spec.mode}`);
    if (spec.mode > spec.max) reportIssue(context, 'mode', spec.mode, `expected mode ≤ max (${spec.max}), got ${spec.mode}`);
    if (strict && spec.min >= spec.max) {
      reportIssue(context, 'max', spec.max, `expected max greater than min (${spec.min}), got ${spec.max}`);
    }
  };
}

const triangularSchema = strictSpec({ dist: kind('triangular'), ...rangeWithModeShape })
  .superRefine(checkRangeWithMode(false))
  .meta({ description: 'Triangular distribution from min to max with its peak at mode.' });

const pertSchema = strictSpec({ dist: kind('pert'), ...rangeWithModeShape })
  .superRefine(checkRangeWithMode(true))
  .meta({ description: 'Beta-PERT distribution (lambda 4) from min to max, most likely at mode; smoother than triangular.' });

const normalSchema = strictSpec({
  dist: kind('normal'),
  mean: finiteNumber('Mean, in the units of the quantity.'),
  sd: finiteNumber('Standard deviation (≥ 0), in the units of the quantity.').nonnegative(boundError('sd', '≥', 0)),
  min: truncationMinimum,
  max: truncationMaximum,
})
  .superRefine(checkTruncation)
  .meta({ description: 'Normal (Gaussian) distribution; add min: 0 for a quantity that cannot be negative.' });

const lognormalSchema = strictSpec({
  dist: kind('lognormal'),
  mu: finiteNumber('Mean of the natural logarithm of the value (log of the units of the quantity); give with sigma.').optional(),
  sigma: finiteNumber('Standard deviation (≥ 0) of the natural logarithm of the value, dimensionless; give with mu.')
    .nonnegative(boundError('sigma', '≥', 0))
    .optional(),
  p05: finiteNumber('5th percentile (> 0), in the units of the quantity; give with p95 instead of mu and sigma.')
    .positive(boundError('p05', '>', 0))
    .optional(),
  p95: finiteNumber('95th percentile (greater than p05), in the units of the quantity; give with p05.').optional(),
  min: truncationMinimum,
  max: truncationMaximum,
})
  .superRefine((spec, context) => {
    checkTruncation(spec, context);
    checkLognormalParameters(spec, context);
  })
  .meta({ description: 'Lognormal distribution given by exactly one of the pairs (mu, sigma) or (p05, p95).' });

/** Checks that a lognormal gives exactly one complete parameter pair, with p05 < p95. */
function checkLognormalParameters(
  spec: { mu?: number | undefined; sigma?: number | undefined; p05?: number | undefined; p95?: number | undefined },
  context: RefinementContext,
): void {
  const logPair = (['mu', 'sigma'] as const).filter((key) => spec[key] !== undefined);
  const percentilePair = (['p05', 'p95'] as const).filter((key) => spec[key] !== undefined);
  const [firstPercentile] = percentilePair;
  if (logPair.length > 0 && firstPercentile !== undefined) {
    const given = [...logPair, ...percentilePair].join(' and ');
    reportIssue(context, firstPercentile, spec[firstPercentile], `expected either (mu, sigma) or (p05, p95), got ${given}`);
  } else if (logPair.length === 0 && percentilePair.length === 0) {
    context.addIssue({ code: 'custom', path: [], input: spec, message: 'expected either (mu, sigma) or (p05, p95), got neither' });
  } else if (logPair.length === 1) {
    const [present, missing] = spec.mu === undefined ? ['sigma', 'mu'] : ['mu', 'sigma'];
    reportIssue(context, missing, undefined, `expected ${missing} alongside ${present}, got nothing`);
  } else if (percentilePair.length === 1) {
    const [present, missing] = spec.p05 === undefined ? ['p95', 'p05'] : ['p05', 'p95'];
    reportIssue(context, missing, undefined, `expected ${missing} alongside ${present}, got nothing`);
  } else if (spec.p05 !== undefined && spec.p95 !== undefined && spec.p95 <= spec.p05) {
    reportIssue(context, 'p95', spec.p95, `expected p95 greater than p05 (${spec.p05}), got ${spec.p95}`);
  }
}

const paretoSchema = strictSpec({
  dist: kind('pareto'),
  scale: finiteNumber('Smallest value (> 0), in the units of the quantity.').positive(boundError('scale', '>', 0)),
  shape: finiteNumber('Tail index (> 0), dimensionless; smaller is heavier, and the mean is infinite at 1 or below.')
    .positive(boundError('shape', '>', 0)),
  min: truncationMinimum,
  max: truncationMaximum,
})
  .superRefine(checkTruncation)
  .meta({ description: 'Pareto type I distribution: heavy-tailed, P(X > x) = (scale / x)^shape for x ≥ scale.' });

const empiricalSchema = strictSpec({
  dist: kind('empirical'),
  values: z
    .array(finiteNumber('One possible value, in the units of the quantity.'), {
      error: (issue) => `expected a list of numbers, got ${describeInput(issue.input)}`,
    })
    .min(1, { error: 'expected at least one value, got an empty list' })
    .meta({ description: 'The possible values, in the units of the quantity.' }),
  weights: z
    .array(finiteNumber('Relative weight (≥ 0) of the value at the same position, dimensionless.')
      .nonnegative(boundError('a weight', '≥', 0)), {
      error: (issue) => `expected a list of numbers, got ${describeInput(issue.input)}`,
    })
    .meta({ description: 'Relative weights of the values, one per value; equal weights if absent.' })
    .optional(),
  min: truncationMinimum,
  max: truncationMaximum,
})
  .superRefine((spec, context) => {
    checkTruncation(spec, context);
    // Element and emptiness issues are already reported; a sum or length issue would only repeat them.
    if (spec.weights === undefined || spec.values.length === 0 || spec.weights.some((weight) => weight < 0)) return;
    if (spec.weights.length !== spec.values.length) {
      const message = `expected ${spec.values.length} weights (one per value), got ${spec.weights.length}`;
      reportIssue(context, 'weights', spec.weights, message);
      return;
    }
    const sum = spec.weights.reduce((total, weight) => total + weight, 0);
    if (!(sum > 0) || !Number.isFinite(sum)) {
      reportIssue(context, 'weights', spec.weights, `expected weights summing to a positive number, got a sum of ${sum}`);
    }
  })
  .meta({ description: 'A draw from a list of values, with optional relative weights.' });

/**
 * Error for a distribution that is not an object; an unknown `dist` is worded, with a
 * suggestion, by `describeIssue`.
 */
function distributionError(kinds: readonly string[]) {
  return (issue: { input?: unknown }): string =>
    `expected a distribution object such as { dist: ${kinds[0]}, … }, got ${describeInput(issue.input)}`;
}

const severityKinds = ['constant', 'uniform', 'triangular', 'pert', 'normal', 'lognormal', 'pareto', 'empirical'] as const;

/** Schema of a severity: a continuous distribution of an amount, a duration or another magnitude. */
export const severityDistributionSchema = z
  .discriminatedUnion(
    'dist',
    [constantSchema, uniformSchema, triangularSchema, pertSchema, normalSchema, lognormalSchema, paretoSchema, empiricalSchema],
    { error: distributionError(severityKinds) },
  )
  .meta({ description: 'A continuous distribution, chosen by dist; optional min/max clamp the draw where allowed.' });

/** A validated severity distribution spec. */
export type SeverityDistribution = z.infer<typeof severityDistributionSchema>;

const poissonSchema = strictSpec({
  dist: kind('poisson'),
  mean: finiteNumber('Expected number of events (≥ 0) in the period the count covers.').nonnegative(boundError('mean', '≥', 0)),
})
  .meta({ description: 'Poisson count: events that occur independently at a constant rate.' });

const negativeBinomialSchema = strictSpec({
  dist: kind('negative_binomial'),
  mean: finiteNumber('Expected number of events (≥ 0) in the period the count covers.').nonnegative(boundError('mean', '≥', 0)),
  dispersion: finiteNumber('Dispersion (> 0), dimensionless: variance = mean + mean² / dispersion; smaller is more clustered.')
    .positive(boundError('dispersion', '>', 0)),
})
  .meta({ description: 'Negative binomial count: a Poisson count whose rate is itself gamma-distributed (overdispersed).' });

const bernoulliSchema = strictSpec({
  dist: kind('bernoulli'),
  p: finiteNumber('Probability (0 to 1) that the count is 1 rather than 0.')
    .min(0, { error: (issue) => `expected a probability between 0 and 1, got ${describeInput(issue.input)}` })
    .max(1, { error: (issue) => `expected a probability between 0 and 1, got ${describeInput(issue.input)}` }),
})
  .meta({ description: 'Bernoulli count: 1 with probability p, otherwise 0.' });

const fixedSchema = strictSpec({
  dist: kind('fixed'),
  value: finiteNumber('The count every draw takes (a non-negative integer number of events).')
    .int({ error: (issue) => `expected a non-negative integer, got ${describeInput(issue.input)}` })
    .nonnegative({ error: (issue) => `expected a non-negative integer, got ${describeInput(issue.input)}` }),
})
  .meta({ description: 'A fixed count that uses no random draw.' });

const countKinds = ['poisson', 'negative_binomial', 'bernoulli', 'fixed'] as const;

/** Schema of a count: a distribution of a non-negative whole number of events. */
export const countDistributionSchema = z
  .discriminatedUnion('dist', [poissonSchema, negativeBinomialSchema, bernoulliSchema, fixedSchema], {
    error: distributionError(countKinds),
  })
  .meta({ description: 'A distribution of a number of events, chosen by dist.' });

/** A validated count distribution spec. */
export type CountDistribution = z.infer<typeof countDistributionSchema>;
