import { z } from 'zod';
import { describeInput } from './describe-input.ts';
import { MAX_AMOUNT, boundText } from './numbers.ts';

/** The error of a non-number where a number is expected. */
const notANumber = { error: (issue: { input?: unknown }) => `expected a number, got ${describeInput(issue.input)}` };

/** One point of a tolerance curve: a loss and the largest acceptable chance a year of losing more. */
export const tolerancePointSchema = z
  .strictObject({
    loss: z
      .number(notANumber)
      .nonnegative({ error: (issue) => `expected a loss ≥ 0, got ${String(issue.input)}` })
      .max(MAX_AMOUNT, { error: (issue) => `expected a loss of at most ${boundText(MAX_AMOUNT)} currency units, got ${String(issue.input)}` })
      .meta({ description: `An annual net loss of the bearer, in currency units (0 to ${boundText(MAX_AMOUNT)}).` }),
    probability: z
      .number(notANumber)
      .gt(0, { error: (issue) => `expected a probability in (0, 1] (0 would forbid the loss outright), got ${String(issue.input)}` })
      .max(1, { error: (issue) => `expected a probability in (0, 1], got ${String(issue.input)}` })
      .meta({ description: 'The largest acceptable probability a year that the annual loss exceeds `loss`, in (0, 1].' }),
  })
  .meta({ description: 'A year with an annual net loss above `loss` may happen with at most this `probability`.' });

/**
 * A bearer's tolerance curve: points with losses strictly increasing and probabilities strictly
 * decreasing, read as a step curve (MODEL §10): the acceptable chance of exceeding a loss x is the
 * probability of the last point whose loss is ≤ x, and 1 below the first point. A point whose
 * probability is not below the one before could never bind (its loss is larger), so it is refused.
 */
export const toleranceCurveSchema = z
  .array(tolerancePointSchema)
  .min(1, { error: () => 'expected at least one point { loss, probability }, got an empty list' })
  .superRefine((points, context) => {
    // Points the schema already refused are not compared with their neighbours.
    const valid = (point: { loss?: unknown; probability?: unknown } | undefined) =>
      typeof point?.loss === 'number' && point.loss >= 0 && typeof point.probability === 'number' && point.probability > 0 && point.probability <= 1;
    points.forEach((point, index) => {
      const before = points[index - 1];
      if (!before || !valid(point) || !valid(before)) return;
      if (!(point.loss > before.loss)) {
        context.addIssue({ code: 'custom', path: [index, 'loss'], message: `expected losses strictly increasing, got ${point.loss} after ${before.loss} (point ${index - 1})` });
      } else if (!(point.probability < before.probability)) {
        context.addIssue({
          code: 'custom',
          path: [index, 'probability'],
          message: `expected probabilities strictly decreasing, got ${point.probability} after ${before.probability} (point ${index - 1}): a larger loss at the same or a higher probability never binds`,
        });
      }
    });
  })
  .meta({ description: 'Points { loss, probability }, losses strictly increasing and probabilities strictly decreasing, read as a step curve.' });

/**
 * `risk_tolerance`: per bearer (`platform`, `insurer:<policy>`, any bearer the run reports), the
 * exceedance curve the bearer accepts. A strategy is within tolerance for a bearer when, at every
 * point, the simulated share of years with an annual net loss above `loss` is at most
 * `probability`.
 */
export const riskToleranceSchema = z.record(z.string(), toleranceCurveSchema).meta({
  description:
    "Risk appetite per bearer: an exceedance curve (loss ↦ largest acceptable annual probability of exceeding it). The verdict names the cheapest strategy within the platform's tolerance; tolerance.csv tests every strategy at every point.",
  examples: [
    {
      platform: [
        { loss: 5_000_000, probability: 0.1 },
        { loss: 20_000_000, probability: 0.005 },
      ],
    },
  ],
});

/** The measures of the capital a bearer holds against its tail. */
export const CAPITAL_MEASURES = ['tvar_99_over_mean', 'tvar_99'] as const;

/** The cost of capital of one bearer: a rate a year on the capital it holds. */
export const capitalCostSchema = z
  .strictObject({
    rate: z
      .number(notANumber)
      .gt(0, { error: (issue) => `expected a rate a year in (0, 1], as a fraction (0.08 for 8%), got ${String(issue.input)}` })
      .max(1, { error: (issue) => `expected a rate a year in (0, 1], as a fraction (0.08 for 8%), got ${String(issue.input)}` })
      .meta({ description: 'Cost of holding capital, a fraction a year (0.08: 8%), in (0, 1].' }),
    on: z
      .enum(CAPITAL_MEASURES, { error: (issue) => `expected one of ${CAPITAL_MEASURES.join(', ')}, got ${describeInput(issue.input)}` })
      .default('tvar_99_over_mean')
      .meta({
        description:
          'The capital held: `tvar_99_over_mean` (TVaR 99 minus the mean annual loss: the unexpected loss, since the mean is already counted in the total cost of risk) or `tvar_99` (TVaR 99 whole).',
      }),
  })
  .meta({ description: "Adds rate × capital to the bearer's total cost of risk in the verdict and comparison.csv." });

/** `cost_of_capital`: per bearer, the rate it pays on the capital its tail asks it to hold. */
export const costOfCapitalSchema = z.record(z.string(), capitalCostSchema).meta({
  description: 'Per bearer: a cost of holding capital against the tail, added to the total cost of risk the verdict ranks by (comparison.csv: capital_cost, total_with_capital).',
  examples: [{ platform: { rate: 0.08, on: 'tvar_99_over_mean' } }],
});

/** A validated tolerance curve. */
export type ToleranceCurve = z.infer<typeof toleranceCurveSchema>;
/** A validated cost of capital of one bearer. */
export type CapitalCost = z.infer<typeof capitalCostSchema>;
