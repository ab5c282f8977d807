/**
 * The distributions the samplers draw from, as plain types: what a scenario's `dist` objects are
 * once scenario/schema/distribution-schema.ts has validated them (its zod types are these; a
 * type test, test/random/distribution-spec.test.ts, keeps the two the same). random/ sits below
 * the scenario language, so it reads these rather than the schema.
 */

/**
 * A continuous distribution of an amount, a duration or another magnitude; an optional `min` and
 * `max` truncate the draw (moved to the nearer bound).
 */
export type SeverityDistribution =
  | { dist: 'constant'; value: number; min?: number; max?: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'triangular'; min: number; mode: number; max: number }
  | { dist: 'pert'; min: number; mode: number; max: number }
  | { dist: 'normal'; mean: number; sd: number; min?: number; max?: number }
  | { dist: 'lognormal'; mu?: number; sigma?: number; p05?: number; p95?: number; min?: number; max?: number }
  | { dist: 'pareto'; scale: number; shape: number; min?: number; max?: number }
  | { dist: 'empirical'; values: number[]; weights?: number[]; min?: number; max?: number };

/** A distribution of a non-negative whole number of events. */
export type CountDistribution =
  { dist: 'poisson'; mean: number } | { dist: 'negative_binomial'; mean: number; dispersion: number } | { dist: 'bernoulli'; p: number } | { dist: 'fixed'; value: number };
