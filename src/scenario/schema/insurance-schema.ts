import { z } from 'zod';
import { suggestName } from '../suggest-name.ts';
import { coverageTagSchema, type CoverageTag } from './coverage.ts';
import { NON_NEGATIVE, severitySchema } from './distribution-field.ts';
import { DEFENSE_FORMS, EXCLUSIONS, INCIDENT_TYPES, OUTAGE_CAUSES, POLICY_PRESETS, RELATED_INCIDENTS, type PresetName } from '../vocabulary.ts';

export { DEFENSE_FORMS, EXCLUSIONS, INCIDENT_ATTRIBUTES, POLICY_PRESETS, type ExclusionName, type IncidentAttribute, type PolicyPreset, type PresetName } from '../vocabulary.ts';
import { MAX_BEARER_LENGTH } from './bearer.ts';
import { describeInput } from './describe-input.ts';
import { NAME_PATTERN, nameSchema, textSchema, tooLongError } from './names.ts';
import { amount, amountText, boundedNumber, MAX_DURATION, positiveAmount, share, wholeNumber } from './numbers.ts';
import { objectRule, type RuleContext } from './object-rule.ts';

/** "Did you mean" for a malformed insured: the closest of platform, sellers:…, processor:…. */
function insuredHint(input: unknown): string {
  if (typeof input !== 'string') return '';
  if (input === 'buyers') return ' (buyers hold no policies)';
  const [kind, ...rest] = input.split(':');
  const known = rest.length === 0 ? ['platform', 'sellers'] : ['sellers', 'processor', 'vendor'];
  const suggestion = suggestName(kind!, known);
  if (suggestion === undefined || suggestion === kind) return '';
  return ` (did you mean "${[suggestion, ...rest].join(':')}"?)`;
}

/** Who a policy insures: a bearer that pays losses (buyers buy no policies). */
const insuredSchema = z
  .string()
  .max(MAX_BEARER_LENGTH, tooLongError('an insured', MAX_BEARER_LENGTH))
  .regex(new RegExp(`^(platform|sellers|(sellers|processor|vendor):${NAME_PATTERN.source.slice(1, -1)})$`), {
    error: (issue) => `expected platform, sellers:<segment>, processor:<name> or vendor:<name>, got ${describeInput(issue.input)}${insuredHint(issue.input)}`,
  })
  .meta({
    description: 'The bearer the policy reimburses: `platform`, `sellers:<segment>`, `processor:<name>`, `vendor:<name>` (its own E&O policy) (or `sellers` in a scenario without a market).',
    examples: ['platform', 'sellers:small'],
  });

/** The share of a segment's sellers that hold a per-seller policy, unless it says otherwise: all of them. */
export const DEFAULT_TAKE_UP = 1;

/** The pricing rules a premium may follow. */
export const PREMIUM_RULES = ['expected_loss'] as const;

/** A premium priced from the run itself: the insurer's expected loss on the cover ÷ the target loss ratio, plus a fixed load. */
export const premiumRuleSchema = z
  .strictObject({
    rule: z.enum(PREMIUM_RULES).meta({ description: "`expected_loss`: the insurer's mean annual payment on this policy or layer in this run, under the same strategy." }),
    target_loss_ratio: z
      .number({ error: (issue) => `expected a loss ratio above 0 and at most 1, got ${describeInput(issue.input)}` })
      .gt(0, { error: (issue) => `expected a loss ratio above 0 and at most 1, got ${String(issue.input)}` })
      .max(1, { error: (issue) => `expected a loss ratio above 0 and at most 1 (a ratio above 1 would price below the expected loss), got ${String(issue.input)}` })
      .meta({ description: 'The loss ratio the insurer prices for: premium = expected loss ÷ target_loss_ratio + load; above 0, at most 1.' }),
    load: amount('Fixed annual load added to the priced premium (expenses, minimum premium; per seller for a `per_seller` policy).').default(0),
  })
  .meta({ description: 'A premium that follows the risk: expected loss of the cover in this run ÷ target_loss_ratio + load.' });

/** A validated premium rule. */
export type PremiumRule = z.infer<typeof premiumRuleSchema>;

const aggregateFields = {
  enabled: z.boolean().default(true).meta({ description: 'Whether the cover is bought (strategies switch it; a layer needs its policy enabled).' }),
  aggregate_limit: amount("Most the insurer pays in the policy year, eroded in time order (in the insurer's share). Default: the per-occurrence limit times the share.").optional(),
  reinstatements: wholeNumber("Times the aggregate is reinstated once exhausted (free of reinstatement premium); the year's capacity is aggregate × (1 + reinstatements).", 1_000).default(0),
  premium: z
    .union([amount('Annual premium, in currency units (per seller for a `per_seller` policy): for loss ratios and total cost of risk.'), premiumRuleSchema])
    .default(0)
    .meta({ description: 'Annual premium: a fixed amount, or a pricing rule computed from the run (MODEL §9, premiums).' }),
};

/** Conditions that deny claims when not met. */
export const conditionsSchema = z
  .strictObject({
    notice: z
      .strictObject({
        within_days: boundedNumber('Days after the incident by which the insurer must be notified.', MAX_DURATION),
        delay_days: severitySchema(NON_NEGATIVE).meta({ description: 'Days the insured takes to notify, drawn per incident and policy.' }),
      })
      .optional()
      .meta({ description: 'Notice condition: a claim notified after `within_days` is denied.' }),
    mfa_warranty: z
      .strictObject({
        mitigation: nameSchema('The mitigation that is the warranted control (under `mitigations`).'),
      })
      .optional()
      .meta({
        description: "MFA warranty: when the named mitigation is not enabled, breaches of the insured's own systems by credential stuffing or phishing (what MFA guards against) are denied.",
      }),
  })
  .meta({ description: 'Conditions of cover; each denial is recorded in the trail.' });

/** A primary policy: what it covers, for whom, and its per-occurrence and annual terms. */
export const policySchema = z
  .strictObject({
    name: nameSchema('Policy name; its insurer is reported as the bearer `insurer:<name>`.'),
    description: textSchema('Free text shown in reports.').optional(),
    preset: z
      .enum(Object.keys(POLICY_PRESETS) as [PresetName, ...PresetName[]])
      .optional()
      .meta({
        description: `A typical form filling in covers, incident_types, outage_causes, exclusions, waiting_period_hours and defense when not given: ${Object.entries(POLICY_PRESETS)
          .map(([name, preset]) => `\`${name}\`: ${preset.description}`)
          .join(' ')}`,
      }),
    insured: insuredSchema,
    incident_types: z.array(z.enum(INCIDENT_TYPES)).optional().meta({ description: "Incident types the policy answers. Default: the preset's, or every type." }),
    outage_causes: z.array(z.enum(OUTAGE_CAUSES)).optional().meta({
      description:
        "Causes of `outage` incidents the policy answers (a cyber form answers a security failure; a system-failure extension adds hardware, change and capacity). Default: the preset's, or all.",
    }),
    covers: z.array(coverageTagSchema).optional().meta({ description: 'Coverage tags the policy answers. Required unless a preset gives them.' }),
    exclusions: z.array(z.enum(EXCLUSIONS)).optional().meta({
      description:
        "Exclusions, each denying what it matches: `known_unpatched_vulnerability` (a breach of the insured's own systems through an unpatched vulnerability, the insured found negligent), `contractual_liability` (SLA credits, indemnities and guarantees: liability that exists only by contract), `fines_and_penalties` (regulatory fines), `war` and `prior_acts` (incidents whose definition carries that attribute). Default: the preset's, or none.",
    }),
    conditions: conditionsSchema.default({}),
    retention: amount('Per-occurrence retention (deductible): the insured keeps the first part of each occurrence.').default(0),
    limit: positiveAmount('Per-occurrence limit of the policy (before the share).'),
    sublimits: z
      .partialRecord(coverageTagSchema, amount('Sublimit for this coverage per occurrence, at most the limit.'))
      .default({})
      .meta({ description: 'Per-occurrence sublimits by coverage tag, e.g. `{ business_interruption: 1000000 }`.' }),
    coinsurance: share("The insured's own share of each loss above the retention (before the limit).").default(0),
    share: share("The insurer's line: its share of what the policy pays (after the limit).").default(1),
    waiting_period_hours: boundedNumber(
      "Business interruption: hours of an outage or payment failure not covered; only the loss after them is claimed. Default: the preset's, or 0.",
      MAX_DURATION,
    ).optional(),
    defense: z.enum(DEFENSE_FORMS).optional().meta({
      description:
        "`within_limits`: defense costs count towards retention, limit and aggregate; `outside_limits`: they are paid on top (after coinsurance, within their sublimit). Default: the preset's, or within_limits.",
    }),
    related_incidents: z.enum(RELATED_INCIDENTS).optional().meta({
      description:
        "How the policy counts a trigger chain (an incident and every incident it started, transitively): `separate` (default) makes each incident its own occurrence; `one_occurrence` makes the chain one occurrence: one retention, one limit, sublimits and coinsurance on the chain's combined loss, the layers over the policy on that same loss, the aggregate eroded by the one payment; the payment is split back to the incidents pro rata to their covered loss. Not on a `per_seller` policy, nor before another policy of the same insured sharing a coverage tag and an incident type (other insurance is settled incident by incident).",
    }),
    per_seller: z.boolean().default(false).meta({
      description: "Each seller of the insured segment holds this policy on its own terms: a segment-wide loss is split evenly over its sellers, an incident one seller caused is that seller's alone.",
    }),
    take_up: share("For a `per_seller` policy: the share of the segment's sellers that hold it.").default(DEFAULT_TAKE_UP),
    ...aggregateFields,
  })
  .check(objectRule(checkPolicyTerms))
  .meta({ description: 'An insurance policy held by one bearer.', anyOf: [{ required: ['covers'] }, { required: ['preset'] }] });

/** The fields of a policy that checkPolicyTerms reads. */
interface PolicyTerms {
  preset?: PresetName | undefined;
  covers?: CoverageTag[] | undefined;
  incident_types?: string[] | undefined;
  limit: number;
  sublimits: Partial<Record<CoverageTag, number>>;
  waiting_period_hours?: number | undefined;
  defense?: (typeof DEFENSE_FORMS)[number] | undefined;
  related_incidents?: string | undefined;
  per_seller: boolean;
  take_up: number;
}

/**
 * The terms of one policy fit together: covers given or preset; no empty list; sublimits within
 * the limit and on covered tags; a waiting period and defense outside the limits only where the
 * policy covers what they act on; take_up and the separate counting of a trigger chain's
 * incidents on a per-seller policy.
 */
function checkPolicyTerms(policy: PolicyTerms, context: RuleContext): void {
  if (context.valid('per_seller') && context.valid('take_up') && !policy.per_seller && policy.take_up !== DEFAULT_TAKE_UP) {
    context.report(
      ['take_up'],
      `expected take_up only on a policy with per_seller: true (the share of the segment's sellers holding it), got take_up ${policy.take_up} on a policy that is not per_seller`,
    );
  }
  if (policy.covers === undefined && policy.preset === undefined) {
    context.report(
      ['covers'],
      `expected covers (the coverage tags the policy answers) on a policy without a preset, got neither covers nor preset (presets: ${Object.keys(POLICY_PRESETS).join(', ')})`,
    );
  }
  for (const list of ['covers', 'incident_types'] as const) {
    if (context.valid(list) && policy[list]?.length === 0) {
      context.report([list], `expected at least one ${list === 'covers' ? 'coverage tag' : 'incident type'}, got an empty list (the policy would never pay)`);
    }
  }
  if (Array.isArray(policy.covers)) {
    policy.covers.forEach((tag, index) => {
      if (tag === 'uninsured') context.report(['covers', index], 'expected a coverage tag a policy can answer, got "uninsured" (a loss tagged uninsured is never covered)');
    });
  }
  checkCoveredTerms(policy, context);
  if (context.valid('per_seller') && context.valid('related_incidents') && policy.per_seller && policy.related_incidents === 'one_occurrence') {
    context.report(
      ['related_incidents'],
      'expected related_incidents: separate on a per_seller policy (the incidents of a trigger chain may fall on different sellers of the segment), got one_occurrence',
    );
  }
}

/** Sublimits within the limit and on a tag the policy covers; terms that act on a coverage only where the policy covers it. */
function checkCoveredTerms(policy: PolicyTerms, context: RuleContext): void {
  // What it covers: given, or from the preset.
  const [covers, from] =
    !context.valid('covers') || !context.valid('preset')
      ? [undefined, '']
      : policy.covers
        ? [new Set<string>(policy.covers), 'its covers']
        : policy.preset
          ? [new Set<string>(POLICY_PRESETS[policy.preset].covers), `the ${policy.preset} preset's covers`]
          : [undefined, ''];
  const coversText = (tags: Set<string>) => (tags.size === 0 ? 'nothing' : [...tags].join(', '));
  for (const [tag, sublimit] of Object.entries(policy.sublimits) as [CoverageTag, number][]) {
    if (!context.valid('sublimits', tag)) continue;
    if (covers && !covers.has(tag)) {
      context.report(['sublimits', tag], `expected a sublimit on a coverage the policy covers (${from}: ${coversText(covers)}), got a sublimit on ${tag}`);
    } else if (context.valid('limit') && sublimit > policy.limit) {
      context.report(['sublimits', tag], `expected a sublimit at most the policy's limit of ${amountText(policy.limit)}, got ${amountText(sublimit)}`);
    }
  }
  if (!covers) return;
  if (policy.waiting_period_hours !== undefined && !covers.has('business_interruption')) {
    context.report(
      ['waiting_period_hours'],
      `expected waiting_period_hours only on a policy covering business_interruption (${from}: ${coversText(covers)}), got ${policy.waiting_period_hours} hours that would never apply`,
    );
  }
  if (context.valid('defense') && policy.defense === 'outside_limits' && !covers.has('defense_costs')) {
    context.report(['defense'], `expected defense: outside_limits only on a policy covering defense_costs (${from}: ${coversText(covers)}), got a policy that pays no defense costs`);
  }
}

/** An excess layer over a named policy, with its own aggregate (MODEL §9, towers). */
export const layerSchema = z
  .strictObject({
    name: nameSchema('Layer name; its insurer is reported as the bearer `insurer:<name>`.'),
    description: textSchema('Free text shown in reports.').optional(),
    over: nameSchema('The primary policy (under `insurance.policies`) this layer sits over; it sees the same loss.'),
    attachment: amount('Where the layer attaches: the occurrence loss (as the primary counts it) above which it pays.'),
    limit: positiveAmount('Per-occurrence limit of the layer (before the share).'),
    share: share("The insurer's line on the layer (after the limit).").default(1),
    coinsurance: share("The insured's part inside the layer (before the limit).").default(0),
    drop_down: z.boolean().default(false).meta({
      description:
        "The layer sits on what is left below it: covers under it whose aggregate was used up before an occurrence no longer take up their band, so it attaches that much lower (down to the policy's retention).",
    }),
    ...aggregateFields,
  })
  .meta({ description: 'An excess layer of a tower over a primary policy.' });

/** The insurance program: primary policies and excess layers over them. */
export const insuranceSchema = z
  .strictObject({
    policies: z.array(policySchema).default([]).meta({ description: 'Primary policies.' }),
    layers: z.array(layerSchema).default([]).meta({ description: "Excess layers; layers over one policy must stack end to end from where the policy's limit is used up." }),
  })
  .check(
    // Policy and layer names share one namespace: each insurer is reported as `insurer:<name>`.
    objectRule((program, context) => {
      const first = new Map<string, string>();
      for (const list of ['policies', 'layers'] as const) {
        program[list].forEach(({ name }, index) => {
          if (!context.valid(list, index, 'name')) return;
          const earlier = first.get(name);
          if (earlier === undefined) first.set(name, `insurance.${list}[${index}]`);
          else context.report([list, index, 'name'], `expected a policy or layer name not used before (each insurer is the bearer insurer:<name>), got "${name}" again (first used by ${earlier})`);
        });
      }
    }),
  )
  .meta({ description: 'Insurance programs (MODEL §9): who holds which policy, on which terms.' });

/** A validated policy. */
export type PolicyDefinition = z.infer<typeof policySchema>;
/** A validated excess layer. */
export type LayerDefinition = z.infer<typeof layerSchema>;
/** A validated insurance program. */
export type InsuranceDefinition = z.infer<typeof insuranceSchema>;
