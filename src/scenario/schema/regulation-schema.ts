import { z } from 'zod';
import { lowestWritten, NON_NEGATIVE, SHARE_RANGE, severitySchema } from './distribution-field.ts';

/** A severity that cannot be negative (an amount, a duration, a count of records): a constant below 0 is an issue. */
const severity = severitySchema(NON_NEGATIVE);
/** A severity that is a share (0–1): a constant outside is an issue; draws are clamped. */
const shareSeverity = severitySchema(SHARE_RANGE);
/** A data subject's own cost per person: its lowest written value must be at least 0. */
const ownCost = severitySchema(undefined, { minimum: 0, expected: "an amount ≥ 0 per person (a data subject's own cost)", lowest: lowestWritten });
import { DATA_CLASSES, DEFAULT_SERIOUSNESS } from '../vocabulary.ts';
import { amount, multiplier, share } from './numbers.ts';
import { objectRule, type RuleContext } from './object-rule.ts';
import { withSectionDefault } from './section-default.ts';

/**
 * The exponent b of a sublinear breach cost, cost = rate · n0 · (n / n0)^b (n0 =
 * `scale_reference_records`): above 0 and at most 1; 1 (the default) is a flat rate per record.
 */
function exponent(what: string) {
  return z
    .number({ error: (issue) => `expected an exponent above 0 and at most 1, got ${typeof issue.input === 'number' ? issue.input : String(issue.input)}` })
    .gt(0, { error: (issue) => `expected an exponent above 0 and at most 1 (cost = a · n^b, b in (0, 1]), got ${String(issue.input)}` })
    .lte(1, { error: (issue) => `expected an exponent above 0 and at most 1 (cost = a · n^b, b in (0, 1]; above 1 a person would cost more the more are notified), got ${String(issue.input)}` })
    .optional()
    .meta({ description: `Exponent b of the ${what} cost, rate · n0 · (n / n0)^b with n0 = scale_reference_records: in (0, 1]; default 1, a flat rate per record (DBIR 2015 log-log fit: ≈ 0.42).` });
}

// The bands, the default band and the turnover tiers live with the plain constants, so the
// simulation loads them without zod.
export { DEFAULT_SERIOUSNESS, EDPB_TURNOVER_TIERS, SERIOUSNESS_BANDS, type Seriousness } from '../vocabulary.ts';

const turnoverTierSchema = z
  .strictObject({
    up_to: amount('Upper bound of the turnover tier, in scenario currency.'),
    min: share('Smallest share of the starting amount in this tier.'),
    max: share('Largest share of the starting amount in this tier (at least min).'),
  })
  .check(
    objectRule((tier, context) => {
      if (context.valid('min') && context.valid('max') && tier.min > tier.max) context.report(['max'], `expected a max of at least the tier's min (${tier.min}), got ${tier.max}`);
    }),
  )
  .meta({ description: 'A turnover tier: undertakings with turnover up to `up_to` have their starting amount scaled by a share drawn uniformly from min to max.' });

/** The fields of `regulation.gdpr` that only the EDPB method reads. */
const EDPB_FIELDS = ['seriousness', 'starting_share', 'turnover_tiers', 'negligence_adjustment', 'cooperation_adjustment', 'discretion'] as const;

/** The EDPB method's fields (`regulation.gdpr.method: edpb`). */
const edpbFields = {
  seriousness: z
    .enum(['low', 'medium', 'high'])
    .optional()
    .meta({
      description: `EDPB seriousness level: the starting amount is a share of the legal maximum drawn uniformly in the band: low 0–10%, medium 10–20%, high 20–100% (default ${DEFAULT_SERIOUSNESS}).`,
    }),
  starting_share: shareSeverity.optional().meta({ description: 'The starting amount as a share of the legal maximum, as a distribution (clamped to 0–1); replaces the seriousness band.' }),
  turnover_tiers: z
    .array(turnoverTierSchema)
    .check(
      objectRule((tiers, context) => {
        let previous = -Infinity;
        tiers.forEach((tier, index) => {
          if (!context.valid(index, 'up_to')) return;
          if (!(tier.up_to > previous)) context.report([index, 'up_to'], `expected turnover tiers in rising order of up_to, got ${tier.up_to} after ${previous}`);
          previous = tier.up_to;
        });
      }),
    )
    .optional()
    .meta({ description: 'Turnover tiers, lowest bound first (default: EDPB ¶65 in €: 2M 0.2–0.4%, 10M 0.3–2%, 50M 1.5–10%, 100M 8–20%, 250M 15–50%, 500M 40–100%; above: 100%).' }),
  negligence_adjustment: multiplier('Step 3: multiplier on the fine when the controller is found negligent (Art. 83(2)(b)); default 1.').optional(),
  cooperation_adjustment: multiplier('Step 3: multiplier for cooperation and mitigation (Art. 83(2)(c), (f)), e.g. 0.8 for the ICO’s −20% in British Airways; default 1.').optional(),
  discretion: severity
    .optional()
    .meta({ description: 'Step 5: the authority’s discretionary multiplier (effectiveness, proportionality, e.g. the ICO’s COVID reduction), a distribution; default 1.' }),
};

/**
 * The fields of one fine method only: EDPB fields without `method: edpb` would be ignored, a flat
 * `fine` beside `method: edpb` too (the method sizes the fine itself), and the EDPB method takes
 * its starting amount from a seriousness band or a distribution, not both.
 */
function checkFineMethod(gdpr: { method?: 'flat' | 'edpb' | undefined; fine?: unknown } & { [Field in (typeof EDPB_FIELDS)[number]]?: unknown }, context: RuleContext): void {
  if (!context.valid('method')) return;
  const method = gdpr.method ?? 'flat';
  const given = (field: string) => (gdpr as Record<string, unknown>)[field] !== undefined;
  if (method === 'flat') {
    for (const field of EDPB_FIELDS.filter(given)) {
      context.report(
        [field],
        `expected ${field} only with method: edpb (the flat method draws the fine from \`fine\`), got it with method: ${gdpr.method === undefined ? 'flat (the default)' : 'flat'}`,
      );
    }
    return;
  }
  if (given('fine')) context.report(['fine'], 'expected no fine distribution with method: edpb (the EDPB method sizes the fine from the legal maximum), got one');
  if (given('seriousness') && given('starting_share')) context.report(['starting_share'], 'expected either seriousness (a band) or starting_share (a distribution), got both');
}

/** Unit costs of responding to a breach of personal data (MODEL §7). */
export const breachCostsSchema = z
  .strictObject({
    forensics_fixed: amount('Fixed forensic investigation cost per breach, in currency units.').default(50_000),
    forensics_per_day: amount('Forensic cost per day to contain, in currency units.').default(2_000),
    notification_per_record: amount('Cost of notifying one person, in currency units.').default(1),
    credit_monitoring_per_record: amount('Cost of credit monitoring for one person who takes it up.').default(10),
    credit_monitoring_uptake: share('Share of notified people who take up credit monitoring.').default(0.1),
    pci_per_card: amount('PCI assessment (and card reissue, unless card_reissue_per_card books it) cost per exposed payment card.').default(5),
    notification_exponent: exponent('notification'),
    credit_monitoring_exponent: exponent('credit monitoring'),
    pci_exponent: exponent('PCI assessment'),
    forensics_per_record: amount('Forensic cost per exposed person (Jacobs’ fixed + per-record fit), on top of the fixed and per-day parts; default 0.').optional(),
    forensics_exponent: exponent('per-record forensics'),
    scale_reference_records: z
      .number({ error: (issue) => `expected a number of records of at least 1, got ${String(issue.input)}` })
      .min(1, { error: (issue) => `expected a number of records of at least 1, got ${String(issue.input)}` })
      .max(1e10, { error: (issue) => `expected at most 10^10 records, got ${String(issue.input)}` })
      .optional()
      .meta({ description: 'n0: the breach size at which the per-record rates hold; a sublinear cost is rate · n0 · (n / n0)^b (default 1: a · n^b with a the rate).' }),
    card_reissue_per_card: amount("Card networks' claim for the issuers' reissue cost per exposed card, owed by the breached party; default 0.").optional(),
    card_fraud_rate: share('Share of exposed cards used for counterfeit fraud; default 0.').optional(),
    card_fraud_per_card: amount('Counterfeit fraud per card used, recovered by the networks from the breached party; default 0.').optional(),
    data_subject_costs: z
      .partialRecord(z.enum(DATA_CLASSES), ownCost)
      .optional()
      .meta({
        description: `Data subjects' own out-of-pocket and time costs per notified person with a record of the class (${DATA_CLASSES.join(', ')}), a distribution; borne by buyers, less what class actions pay them. Default none.`,
      }),
    legal_defense: severity.optional().meta({ description: 'Legal defence cost when a fine or class action follows (default 0).' }),
  })
  .meta({ description: 'Unit costs of breach response: forensics, notification, monitoring, PCI, defence.' });

/** Regulators and courts: GDPR fines, CCPA statutory damages, other class actions. */
export const regulationSchema = z
  .strictObject({
    gdpr: withSectionDefault(
      z
        .strictObject({
          fine_probability: share('Probability that a breach exposing EU records draws a fine.').default(0.33),
          fine: severity.optional().meta({ description: 'Fine amount, capped at the ceiling (default 0: no fines).' }),
          ceiling_minimum: amount('Fixed part of the ceiling (€20M in Art. 83(5)), in scenario currency.').default(20_000_000),
          ceiling_turnover_share: share('Turnover part of the ceiling (4% in Art. 83(5)); the ceiling is the larger.').default(0.04),
          method: z.enum(['flat', 'edpb']).optional().meta({
            description:
              'How a fine is sized: flat (the `fine` distribution; default) or edpb (EDPB Guidelines 04/2022: seriousness share of the legal maximum × turnover tier × adjustments × discretion, capped at the maximum).',
          }),
          ...edpbFields,
        })
        .check(objectRule(checkFineMethod))
        .meta({ not: { required: ['seriousness', 'starting_share'] } }),
    ),
    ccpa: withSectionDefault(
      z.strictObject({
        filing_probability: share('Probability that a breach exposing California records brings a class action.').default(0),
        statutory_damages: severity.optional().meta({ description: 'Damages per California consumer per incident ($100–$750 by statute; default uniform 100–750).' }),
      }),
    ),
    other: withSectionDefault(
      z.strictObject({
        filing_probability: share('Probability that a breach brings a class action elsewhere.').default(0),
        settlement_per_record: severity.optional().meta({ description: 'Settlement per class member (default 0).' }),
      }),
    ),
    us_regulators: z
      .strictObject({
        action_probability: share('Probability that US regulators (FTC, state attorneys general) act on an exposure of US people.'),
        california_per_person: severity.optional().meta({ description: 'Penalty or settlement per notified California person (default 0).' }),
        other_per_person: severity.optional().meta({ description: 'Penalty or settlement per notified person elsewhere in the US (the `other` share; default 0).' }),
      })
      .optional()
      .meta({ description: 'US regulators: with action_probability, an amount per notified US person (california and other shares), paid by the controller. Default none.' }),
  })
  .meta({ description: 'Fines and class actions that follow breaches of personal data.' });

/** Validated breach unit costs. */
export type BreachCosts = z.infer<typeof breachCostsSchema>;
/** Validated regulation settings. */
export type Regulation = z.infer<typeof regulationSchema>;
