import { z } from 'zod';
import { inverseNormalCdf } from '../../random/inverse-normal-cdf.ts';
import { lognormalParameters } from '../../random/sample-severity.ts';
import { describeInput } from './describe-input.ts';
import { boundText, MAX_AMOUNT } from './numbers.ts';

/**
 * Schemas of the distribution language (MODEL §4): severities (continuous) and counts. The
 * fields that take one (a distribution or a plain number) are distribution-field.ts's.
 *
 * Every invalid parameter is a validation issue at the offending field whose message reads
 * `expected …, got …`, so a bad distribution never reaches the simulation as NaN. Draws are
 * bounded too: every parameter lies within ±10^13, and a normal, lognormal or Pareto whose
 * extreme draws would pass ±10^13 needs a `max` (or `min`) that clamps them, so no draw, sum or
 * statistic of a run can overflow.
 */

/** The largest magnitude of a parameter or a draw of a severity: the largest amount, 10^13. */
export const MAX_DRAW = MAX_AMOUNT;

/**
 * The most standard deviations a normal draw can lie from its mean: the sampler raises a uniform
 * to at least 2^-53 before inverting the normal CDF, so |z| ≤ −Φ⁻¹(2^-53) ≈ 8.2.
 */
export const MAX_NORMAL_DEVIATIONS = -inverseNormalCdf(2 ** -53);

/**
 * log2 of the largest ratio a Pareto draw can reach over its scale: (1 − u)^(−1/shape) with
 * 1 − u ≥ 2^-53, so draw / scale ≤ 2^(53 / shape).
 */
const PARETO_UNIFORM_BITS = 53;

/** The most events a count may average per year, and a fixed count's largest value. */
export const MAX_EVENTS_PER_YEAR = 10_000;

/**
 * The largest mean / dispersion of a negative binomial: its variance is then at most 1,001 times
 * its mean, and even a 1-in-10^8 year holds a few tens of thousands of events.
 */
export const MAX_OVERDISPERSION = 1_000;

/** A number field within ±10^13 carrying `description`; a non-number, NaN or ±Infinity is an issue. */
export function finiteNumber(description: string) {
  const outside = (issue: { input?: unknown }) => `expected a number from -${boundText(MAX_DRAW)} to ${boundText(MAX_DRAW)}, got ${describeInput(issue.input)}`;
  return z
    .number({ error: (issue) => `expected a finite number, got ${describeInput(issue.input)}` })
    .min(-MAX_DRAW, { error: outside, abort: true })
    .max(MAX_DRAW, { error: outside, abort: true })
    .meta({ description: `${description} Within ±${boundText(MAX_DRAW)}.` });
}

/** A finite relative weight: only its ratio to the others is used, so its size is not bounded (their sum is checked). */
function relativeWeight(description: string) {
  return z.number({ error: (issue) => `expected a finite number, got ${describeInput(issue.input)}` }).meta({ description });
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

const truncationMinimum = finiteNumber('Lower truncation bound: draws below it are raised to it, in the units of the quantity.').optional();
const truncationMaximum = finiteNumber('Upper truncation bound: draws above it are lowered to it, in the units of the quantity.').optional();

/** Checks that truncation bounds, when both given, are ordered. */
function checkTruncation(spec: { min?: number | undefined; max?: number | undefined }, context: RefinementContext): void {
  if (spec.min !== undefined && spec.max !== undefined && spec.min > spec.max) {
    reportIssue(context, 'max', spec.max, `expected max ≥ min (${spec.min}), got ${spec.max}`);
  }
}

/**
 * Checks that the extreme draws of a distribution, from `lowest` to `highest` before its
 * min/max clamp, stay within ±10^13 once clamped: otherwise the missing `max` (or `min`) is the
 * issue, with what would bring the draws in (`remedy`).
 */
function checkExtremeDraws(dist: string, lowest: number, highest: number, spec: { min?: number | undefined; max?: number | undefined }, remedy: string, context: RefinementContext): void {
  const top = spec.max === undefined ? highest : Math.min(highest, spec.max);
  if (!(top <= MAX_DRAW)) {
    const message = `expected draws of at most ${boundText(MAX_DRAW)} (give a max of at most ${boundText(MAX_DRAW)}, or ${remedy}), got a ${dist} whose largest draws reach ${drawText(highest)}`;
    reportIssue(context, 'max', spec.max, message);
  }
  const bottom = spec.min === undefined ? lowest : Math.max(lowest, spec.min);
  if (!(bottom >= -MAX_DRAW)) {
    const message = `expected draws of at least -${boundText(MAX_DRAW)} (give a min of at least -${boundText(MAX_DRAW)}, or ${remedy}), got a ${dist} whose smallest draws reach ${drawText(lowest)}`;
    reportIssue(context, 'min', spec.min, message);
  }
}

/** A draw's size for a message: 3 significant digits, `1.23e+20` style when large. */
function drawText(value: number): string {
  return Math.abs(value) >= 1e6 && Number.isFinite(value) ? value.toExponential(2) : String(Number(value.toPrecision(3)));
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
  .superRefine((spec, context) => {
    checkTruncation(spec, context);
    const reach = MAX_NORMAL_DEVIATIONS * spec.sd;
    checkExtremeDraws('normal', spec.mean - reach, spec.mean + reach, spec, 'a smaller sd', context);
  })
  .meta({
    description: `Normal (Gaussian) distribution; add min: 0 for a quantity that cannot be negative. Its extreme draws (mean ± ${MAX_NORMAL_DEVIATIONS.toFixed(1)} sd) must stay within ±${boundText(MAX_DRAW)}, or be clamped by min and max.`,
  });

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
    if (checkLognormalParameters(spec, context)) {
      const { mu, sigma } = lognormalParameters(spec);
      checkExtremeDraws('lognormal', 0, Math.exp(mu + MAX_NORMAL_DEVIATIONS * sigma), spec, 'a smaller sigma or p95', context);
    }
  })
  .meta({
    description: `Lognormal distribution given by exactly one of the pairs (mu, sigma) or (p05, p95). Its largest draws, exp(mu + ${MAX_NORMAL_DEVIATIONS.toFixed(1)} sigma), must stay below ${boundText(MAX_DRAW)}, or be clamped by max.`,
  });

/** Checks that a lognormal gives exactly one complete parameter pair, with p05 < p95; true when it does. */
function checkLognormalParameters(spec: { mu?: number | undefined; sigma?: number | undefined; p05?: number | undefined; p95?: number | undefined }, context: RefinementContext): boolean {
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
  } else {
    return true;
  }
  return false;
}

const paretoSchema = strictSpec({
  dist: kind('pareto'),
  scale: finiteNumber('Smallest value (> 0), in the units of the quantity.').positive(boundError('scale', '>', 0)),
  shape: finiteNumber('Tail index (> 0), dimensionless; smaller is heavier, and the mean is infinite at 1 or below.').positive(boundError('shape', '>', 0)),
  min: truncationMinimum,
  max: truncationMaximum,
})
  .superRefine((spec, context) => {
    checkTruncation(spec, context);
    const highest = spec.scale * 2 ** (PARETO_UNIFORM_BITS / spec.shape);
    checkExtremeDraws('pareto', spec.scale, highest, spec, 'a larger shape', context);
  })
  .meta({
    description: `Pareto type I distribution: heavy-tailed, P(X > x) = (scale / x)^shape for x ≥ scale. Its largest draws, scale × 2^(${PARETO_UNIFORM_BITS} / shape), must stay below ${boundText(MAX_DRAW)}, or be clamped by max (a heavy tail, shape near 1 or below, needs a max).`,
  });

const empiricalSchema = strictSpec({
  dist: kind('empirical'),
  values: z
    .array(finiteNumber('One possible value, in the units of the quantity.'), {
      error: (issue) => `expected a list of numbers, got ${describeInput(issue.input)}`,
    })
    .min(1, { error: 'expected at least one value, got an empty list' })
    .meta({ description: 'The possible values, in the units of the quantity.' }),
  weights: z
    .array(
      relativeWeight(
        'Relative weight (≥ 0) of the value at the same position, dimensionless; only ratios matter, so any finite size is allowed as long as the weights sum to a finite number.',
      ).nonnegative(boundError('a weight', '≥', 0)),
      {
        error: (issue) => `expected a list of numbers, got ${describeInput(issue.input)}`,
      },
    )
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
  return (issue: { input?: unknown }): string => `expected a distribution object such as { dist: ${kinds[0]}, … }, got ${describeInput(issue.input)}`;
}

/** The `dist` of every severity distribution. */
export const SEVERITY_KINDS = ['constant', 'uniform', 'triangular', 'pert', 'normal', 'lognormal', 'pareto', 'empirical'] as const;

/** Schema of a severity: a continuous distribution of an amount, a duration or another magnitude. */
export const severityDistributionSchema = z
  .discriminatedUnion('dist', [constantSchema, uniformSchema, triangularSchema, pertSchema, normalSchema, lognormalSchema, paretoSchema, empiricalSchema], { error: distributionError(SEVERITY_KINDS) })
  .meta({ description: 'A continuous distribution, chosen by dist; optional min/max clamp the draw where allowed.' });

/** A validated severity distribution spec. */
export type SeverityDistribution = z.infer<typeof severityDistributionSchema>;

/** The mean of a count: from 0 to 10,000 events a year. */
function countMean() {
  return finiteNumber(`Expected number of events (≥ 0, at most ${MAX_EVENTS_PER_YEAR.toLocaleString('en-US')}) in the period the count covers.`)
    .nonnegative(boundError('mean', '≥', 0))
    .max(MAX_EVENTS_PER_YEAR, {
      error: (issue) => `expected mean of at most ${MAX_EVENTS_PER_YEAR.toLocaleString('en-US')} events, got ${describeInput(issue.input)}`,
    });
}

const poissonSchema = strictSpec({
  dist: kind('poisson'),
  mean: countMean(),
}).meta({ description: 'Poisson count: events that occur independently at a constant rate.' });

const negativeBinomialSchema = strictSpec({
  dist: kind('negative_binomial'),
  mean: countMean(),
  dispersion: finiteNumber(`Dispersion (> 0, at least mean / ${MAX_OVERDISPERSION.toLocaleString('en-US')}), dimensionless: variance = mean + mean² / dispersion; smaller is more clustered.`).positive(
    boundError('dispersion', '>', 0),
  ),
})
  .superRefine((spec, context) => {
    if (spec.mean / spec.dispersion > MAX_OVERDISPERSION) {
      const least = Number((spec.mean / MAX_OVERDISPERSION).toPrecision(3));
      const message = `expected dispersion of at least mean / ${MAX_OVERDISPERSION.toLocaleString('en-US')} = ${least} (a variance at most ${(MAX_OVERDISPERSION + 1).toLocaleString('en-US')} times the mean), got ${spec.dispersion}`;
      reportIssue(context, 'dispersion', spec.dispersion, message);
    }
  })
  .meta({ description: 'Negative binomial count: a Poisson count whose rate is itself gamma-distributed (overdispersed).' });

const bernoulliSchema = strictSpec({
  dist: kind('bernoulli'),
  p: finiteNumber('Probability (0 to 1) that the count is 1 rather than 0.')
    .min(0, { error: (issue) => `expected a probability between 0 and 1, got ${describeInput(issue.input)}` })
    .max(1, { error: (issue) => `expected a probability between 0 and 1, got ${describeInput(issue.input)}` }),
}).meta({ description: 'Bernoulli count: 1 with probability p, otherwise 0.' });

const fixedSchema = strictSpec({
  dist: kind('fixed'),
  value: finiteNumber(`The count every draw takes (a non-negative integer number of events, at most ${MAX_EVENTS_PER_YEAR.toLocaleString('en-US')}).`)
    .int({ error: (issue) => `expected a non-negative integer, got ${describeInput(issue.input)}` })
    .nonnegative({ error: (issue) => `expected a non-negative integer, got ${describeInput(issue.input)}` })
    .max(MAX_EVENTS_PER_YEAR, {
      error: (issue) => `expected at most ${MAX_EVENTS_PER_YEAR.toLocaleString('en-US')} events, got ${describeInput(issue.input)}`,
    }),
}).meta({ description: 'A fixed count that uses no random draw.' });

/** The `dist` of every count distribution. */
export const COUNT_KINDS = ['poisson', 'negative_binomial', 'bernoulli', 'fixed'] as const;

/** Schema of a count: a distribution of a non-negative whole number of events. */
export const countDistributionSchema = z
  .discriminatedUnion('dist', [poissonSchema, negativeBinomialSchema, bernoulliSchema, fixedSchema], {
    error: distributionError(COUNT_KINDS),
  })
  .meta({ description: 'A distribution of a number of events, chosen by dist.' });

/** A validated count distribution spec. */
export type CountDistribution = z.infer<typeof countDistributionSchema>;
