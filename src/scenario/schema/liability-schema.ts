import { z } from 'zod';
import { NON_NEGATIVE, SHARE_RANGE, severitySchema } from './distribution-field.ts';

/** A severity that cannot be negative (an amount, a duration, a count of records): a constant below 0 is an issue. */
const severity = severitySchema(NON_NEGATIVE);
/** A severity that is a share (0–1): a constant outside is an issue; draws are clamped. */
const shareSeverity = severitySchema(SHARE_RANGE);
import { ATTACK_VECTORS, OUTAGE_CAUSES } from './incident-fields.ts';
import { MISCONDUCT_KINDS, PURSUIT_POLICIES } from '../vocabulary.ts';
import { nameSchema } from './names.ts';
import { amount, boundedNumber, multiplier, positiveAmount, share } from './numbers.ts';
import { objectRule, type RuleContext } from './object-rule.ts';
import { withSectionDefault } from './section-default.ts';

/** A service-credit tier: when a month's uptime falls below `below`, `credit` of that month's fees. */
export const creditTierSchema = z
  .strictObject({
    below: share('Monthly uptime threshold (e.g. 0.999 for 99.9%).'),
    credit: share("Credit as a share of the month's fees when uptime is below the threshold."),
  })
  .meta({ description: 'One tier of a service-credit table.' });

/** Credit tiers run from the highest uptime threshold down, each giving a larger credit than the one before. */
const checkTierOrder = objectRule<{ below: number; credit: number }[]>((tiers, context) => {
  for (let i = 1; i < tiers.length; i++) {
    const [previous, tier] = [tiers[i - 1]!, tiers[i]!];
    if (context.valid(i, 'below') && context.valid(i - 1, 'below') && tier.below >= previous.below) {
      context.report([i, 'below'], `expected a threshold below the previous tier's ${previous.below} (tiers go from the highest uptime down, without overlap), got ${tier.below}`);
    } else if (context.valid(i, 'credit') && context.valid(i - 1, 'credit') && tier.credit <= previous.credit) {
      context.report([i, 'credit'], `expected a credit above the previous tier's ${previous.credit} (lower uptime earns more), got ${tier.credit}`);
    }
  }
});

const tiers = z
  .array(creditTierSchema)
  .check(checkTierOrder)
  .default([])
  .meta({ description: 'Credit tiers, highest threshold first, with credits rising as uptime falls; the lowest threshold met applies.' });

/** The platform's terms with its sellers. */
export const sellerTermsSchema = z
  .strictObject({
    sla_tiers: tiers,
    liability_cap_months: boundedNumber("Cap on the platform's liability to a seller segment per incident, in months of the segment's fees.", 1_200, 'a number of months').default(12),
    exclude_consequential: z.boolean().default(true).meta({ description: 'Exclude consequential damages such as lost profits (void under gross negligence).' }),
    buyer_guarantee: z.boolean().default(false).meta({ description: 'The platform pays buyers what a seller owes them and does not pay, then seeks recovery.' }),
    guarantee_order_cap: amount(
      "The most the buyer guarantee pays per order, in currency units: of an insolvent seller's debt to buyers, the guarantee pays each order's claim up to this (orders: a misconduct case's own; an overcharge's from its share of the average order value). Needs buyer_guarantee: true. Absent: no cap.",
    ).optional(),
    guarantee_exclusions: z
      .array(z.enum(MISCONDUCT_KINDS))
      .optional()
      .meta({
        description: `Kinds of seller misconduct the buyer guarantee does not cover (${MISCONDUCT_KINDS.join(', ')}): an insolvent seller's debt for them stays with buyers. Needs buyer_guarantee: true. Absent: none.`,
      }),
    force_majeure: z.boolean().default(true).meta({ description: 'Third-party outages excuse the platform towards sellers (no damages, no credits).' }),
  })
  .check(
    // guarantee_order_cap and guarantee_exclusions limit the buyer guarantee: without it they would silently do nothing.
    objectRule((terms, context) => {
      if (!context.valid('buyer_guarantee') || terms.buyer_guarantee) return;
      for (const field of ['guarantee_order_cap', 'guarantee_exclusions'] as const) {
        if (terms[field] !== undefined) context.report([field], `expected buyer_guarantee: true (${field} limits the buyer guarantee), got buyer_guarantee: false (the default when absent)`);
      }
    }),
  )
  .meta({
    description: "The platform's terms with its sellers.",
    dependentSchemas: Object.fromEntries(['guarantee_order_cap', 'guarantee_exclusions'].map((field) => [field, { required: ['buyer_guarantee'], properties: { buyer_guarantee: { const: true } } }])),
  });

/** The platform's terms with one processor. */
export const processorTermsSchema = z
  .strictObject({
    processor: nameSchema('The processor these terms are with (under market.platform.processors).'),
    monthly_fees: amount('What the platform pays the processor per month (the base of credits).').default(0),
    sla_tiers: tiers,
    indemnity_cap: amount('What the processor indemnifies the platform, per incident, for its breach costs as controller (fines excluded).').default(0),
  })
  .meta({ description: "The platform's terms with a processor." });

/** Contracts between the parties. */
export const contractsSchema = z
  .strictObject({
    seller_terms: withSectionDefault(sellerTermsSchema),
    processor_terms: z.array(processorTermsSchema).default([]).meta({ description: 'Terms with each processor.' }),
  })
  .meta({ description: 'Contracts: seller terms (SLA credits, caps, exclusions, guarantee) and processor terms.' });

/** When a responsible party is found negligent (duty of care breached). */
export const negligenceSchema = z
  .strictObject({
    base: share('Probability of a negligence finding for a party with security posture 0 and a neutral cause.').default(0.5),
    causes: z
      .partialRecord(z.enum([...OUTAGE_CAUSES, ...ATTACK_VECTORS, 'human_error', 'code_error']), multiplier('Multiplier.'))
      .default({})
      .meta({ description: 'Multipliers of the probability by cause or attack vector (e.g. unpatched_vulnerability: 2); absent: 1.' }),
    gross_share: share('Share of negligence findings that are gross negligence (decided by the same draw).').default(0.1),
    fine_multiplier: multiplier('GDPR fine probability and size multiplier when negligence is found (capped at 1 and the ceiling).').default(2),
  })
  .meta({
    description: 'Negligence: probability = base × (1 − security posture) × cause multiplier, capped at 1.',
  });

/** How contested claims are resolved. */
export const disputeChannelSchema = z
  .strictObject({
    probability: share('Probability that a contested claim goes to this channel; the three sum to 1.'),
    settlement: shareSeverity.optional().meta({ description: 'Share of the claim paid (0–1; clamped). Default: all of it.' }),
    claimant_costs: severity.optional().meta({ description: "Claimant's legal costs, in currency units (default 0)." }),
    defendant_costs: severity.optional().meta({ description: "Defendant's legal costs, in currency units (default 0)." }),
    costs_reference_amount: positiveAmount(
      "Amount in dispute n0 at which both sides' drawn legal costs hold as given; with costs_exponent b, each side's drawn cost is multiplied by (amount in dispute / n0)^b, the amount in dispute being the claim's total claimed over its components in the incident, capped. Give with costs_exponent; absent: costs do not depend on the amount.",
    ).optional(),
    costs_exponent: share(
      'Elasticity b of legal costs with the amount in dispute (0: fixed costs, 1: proportional). Give with costs_reference_amount; absent: costs do not depend on the amount.',
    ).optional(),
  })
  .check(objectRule(checkCostsScale))
  .meta({ description: 'A dispute channel.', dependentRequired: { costs_reference_amount: ['costs_exponent'], costs_exponent: ['costs_reference_amount'] } });

/**
 * A channel's legal costs scale with the amount in dispute only with both its reference amount
 * and its exponent, and only if it has legal costs to scale.
 */
function checkCostsScale(
  channel: { claimant_costs?: unknown; defendant_costs?: unknown; costs_reference_amount?: number | undefined; costs_exponent?: number | undefined },
  context: RuleContext,
): void {
  const given = (['costs_reference_amount', 'costs_exponent'] as const).filter((key) => channel[key] !== undefined);
  if (given.length === 2 && channel.claimant_costs === undefined && channel.defendant_costs === undefined) {
    context.report(['costs_reference_amount'], 'expected claimant_costs or defendant_costs on this channel for its costs to scale with the amount in dispute, got neither');
  }
  if (given.length !== 1) return;
  const [present] = given;
  const missing = present === 'costs_exponent' ? 'costs_reference_amount' : 'costs_exponent';
  context.report([present!], `expected ${missing} alongside ${present} (legal costs scale as (amount in dispute / costs_reference_amount)^costs_exponent), got nothing`);
}

/** The channels a contested claim can go to. */
const DISPUTE_CHANNELS = ['negotiation', 'arbitration', 'litigation'] as const;

/** The probability of a channel the scenario leaves out: every contested claim is negotiated. */
const ABSENT_CHANNEL_PROBABILITY = { negotiation: 1, arbitration: 0, litigation: 0 } as const;

/** Dispute resolution: negotiation, arbitration or litigation. */
export const disputeSchema = z
  .strictObject({
    negotiation: disputeChannelSchema.default({ probability: ABSENT_CHANNEL_PROBABILITY.negotiation }),
    arbitration: disputeChannelSchema.default({ probability: ABSENT_CHANNEL_PROBABILITY.arbitration }),
    litigation: disputeChannelSchema.default({ probability: ABSENT_CHANNEL_PROBABILITY.litigation }),
    pursuit: z.enum(PURSUIT_POLICIES).optional().meta({
      description:
        "Which claims a claimant contests: `always` (default) every one; `rational` drops a claim whose expected recovery (capped claim × the channels' expected settlement share × the defendant's solvency) is below its expected legal costs (the channels' expected claimant costs, scaled by the amount in dispute); the claim's components then stay with the claimant and no legal costs arise.",
    }),
  })
  .check(
    objectRule((dispute, context) => {
      if (!DISPUTE_CHANNELS.every((channel) => context.valid(channel, 'probability'))) return;
      const sum = DISPUTE_CHANNELS.reduce((total, channel) => total + dispute[channel].probability, 0);
      if (Math.abs(sum - 1) <= 1e-6) return;
      const gap = Number(Math.abs(1 - sum).toPrecision(6));
      context.report(
        [],
        `expected the probabilities of negotiation, arbitration and litigation to sum to 1, got ${Number(sum.toPrecision(6))} (${gap} ${sum < 1 ? 'short' : 'over'}; an absent channel counts as ${[...DISPUTE_CHANNELS.filter((channel) => ABSENT_CHANNEL_PROBABILITY[channel] !== 0).map((channel) => `${channel} ${ABSENT_CHANNEL_PROBABILITY[channel]}`), 'others 0'].join(', ')})`,
      );
    }),
  )
  .meta({ description: 'Where contested claims go, what share settles, and what each side spends.' });

/** Validated contracts. */
export type Contracts = z.infer<typeof contractsSchema>;
/** Validated negligence settings. */
export type Negligence = z.infer<typeof negligenceSchema>;
/** Validated dispute settings. */
export type Dispute = z.infer<typeof disputeSchema>;
