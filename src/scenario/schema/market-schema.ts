import { z } from 'zod';
import { describeInput } from './describe-input.ts';
import { amount, multiplier, multipliers, positiveAmount, share, wholeNumber } from './numbers.ts';
import { NAME_PATTERN, nameSchema, uniqueNames } from './names.ts';
import { objectRule, type RuleContext } from './object-rule.ts';
import { parseCalendarTime } from '../../calendar/calendar-time.ts';
import { DATA_CLASSES, DEFAULT_CLAIM_RATE, DEFAULT_PARTY_POSTURE } from '../vocabulary.ts';
import { withSectionDefault } from './section-default.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

// The data classes live with the plain constants, so the simulation loads them without zod.
export { DATA_CLASSES, type DataClass } from '../vocabulary.ts';

/** Jurisdictions buyers live in, for regulation and class actions. */
export const JURISDICTIONS = ['eu', 'california', 'other'] as const;

const dateSchema = z.string().regex(ISO_DATE, { error: (issue) => `expected a date as YYYY-MM-DD, got ${describeInput(issue.input)}` });

/** A named demand peak on calendar dates. */
export const peakSchema = z
  .strictObject({
    name: nameSchema('Name of the peak, e.g. black-friday.'),
    date: dateSchema.meta({ description: 'First day of the peak (YYYY-MM-DD, UTC).' }),
    until: dateSchema.optional().meta({ description: 'Last day of the peak, inclusive (default: the same day).' }),
    multiplier: multiplier('Demand multiplier on every hour of those days.'),
  })
  .check(
    objectRule((peak, context) => {
      if (!context.valid('date') || !context.valid('until') || peak.until === undefined) return;
      const [from, until] = [parseCalendarTime(peak.date), parseCalendarTime(peak.until)];
      if (from !== undefined && until !== undefined && until < from) context.report(['until'], `expected a date on or after ${peak.date}, got "${peak.until}"`);
    }),
  )
  .meta({ description: 'A named demand peak such as Black Friday.' });

/** Shares that must add up to 1 (within 10^-6): otherwise an issue at `path` saying by how much the sum is off. */
function checkSum(shares: readonly number[], path: (string | number)[], what: string, context: RuleContext): void {
  const sum = shares.reduce((total, share) => total + share, 0);
  if (Math.abs(sum - 1) <= 1e-6) return;
  const round = (value: number) => String(Number(value.toPrecision(6)));
  context.report(path, `expected the ${what} to sum to 1, got ${round(sum)} (${round(Math.abs(1 - sum))} ${sum < 1 ? 'short' : 'over'})`);
}

/** Monthly, weekday and hour-of-day demand multipliers and named peaks. */
export const seasonalitySchema = z
  .strictObject({
    monthly: multipliers(12, 'Demand multipliers per month, January first (default all 1).').optional(),
    weekday: multipliers(7, 'Demand multipliers per weekday, Monday first (default all 1).').optional(),
    hourly: multipliers(24, 'Demand multipliers per hour of day (UTC), 00:00–01:00 first (default all 1).').optional(),
    // Peaks merge by name across `extends`: a name used twice would leave one of them unreachable.
    peaks: z.array(peakSchema).check(uniqueNames('peak', 'market.seasonality.peaks')).default([]).meta({ description: 'Named peaks on calendar dates.' }),
  })
  .check(
    objectRule((seasonality, context) => {
      for (const key of ['monthly', 'weekday', 'hourly'] as const) {
        if (context.valid(key) && seasonality[key]?.every((value) => value === 0)) {
          context.report([key], `expected at least one ${key} multiplier above 0, got all 0 (no demand at all)`);
        }
      }
    }),
  )
  .meta({ description: 'Shape of demand over the year; the curve is normalised so the year integrates to `gmv`.' });

/** What share of what buyers could claim they actually file (MODEL §13 "Buyers' own loss"). */
export const claimRateSchema = z
  .strictObject({
    refunds: share(
      `Share of refunds owed for overcharges that buyers claim (from the platform, a seller or under the buyer guarantee); the rest stays with them. Default ${DEFAULT_CLAIM_RATE}.`,
    ).optional(),
    losses: share(
      `Share of buyers' losses from a seller's goods (counterfeit, misdescribed, undelivered) that buyers claim from the seller or under the buyer guarantee; the rest stays with them. Default ${DEFAULT_CLAIM_RATE}.`,
    ).optional(),
  })
  .meta({
    description: `Of what buyers could claim, the share they file: refunds and losses. Absent (or a field absent): ${DEFAULT_CLAIM_RATE}, every buyer claims. Deterministic: the unfiled share stays with buyers, trail \`claim: not_claimed\`.`,
  });

/** The share of buyers in a jurisdiction the scenario leaves out: everyone lives elsewhere. */
const ABSENT_JURISDICTION_SHARE = { eu: 0, california: 0, other: 1 } as const;

/** Where buyers live: shares that sum to 1. */
const jurisdictionsSchema = z
  .strictObject({
    eu: share('Share of buyers in the EU (GDPR).').default(ABSENT_JURISDICTION_SHARE.eu),
    california: share('Share of buyers in California (CCPA).').default(ABSENT_JURISDICTION_SHARE.california),
    other: share('Share of buyers elsewhere.').default(ABSENT_JURISDICTION_SHARE.other),
  })
  .check(
    objectRule((shares, context) => {
      if (!JURISDICTIONS.every((key) => context.valid(key))) return;
      const absent = JURISDICTIONS.filter((key) => ABSENT_JURISDICTION_SHARE[key] !== 0).map((key) => `${key} defaults to ${ABSENT_JURISDICTION_SHARE[key]}`);
      checkSum(
        JURISDICTIONS.map((key) => shares[key]),
        [],
        `jurisdiction shares (${JURISDICTIONS.join(', ')}; ${absent.join(', ')})`,
        context,
      );
    }),
  );

/** Buyers: how many, what data the platform holds on them, where they live. */
export const buyersSchema = z
  .strictObject({
    accounts: wholeNumber('Number of buyer accounts (people) at the start of the year.'),
    records_per_account: z
      .partialRecord(z.enum(DATA_CLASSES), multiplier('Records of this class per account (a share when below 1).'))
      .default({ contact: 1 })
      .meta({ description: `Data held per account by class: ${DATA_CLASSES.join(', ')}. Default: one contact record.` }),
    jurisdictions: withSectionDefault(jurisdictionsSchema).meta({ description: 'Shares of buyers by jurisdiction; they must sum to 1.' }),
    claim_rate: claimRateSchema.optional(),
  })
  .meta({ description: 'The buyers of the marketplace.' });

/** A segment of sellers that share economics. */
export const sellerSegmentSchema = z
  .strictObject({
    name: nameSchema('Segment name; the bearer is `sellers:<name>`.'),
    count: wholeNumber('Number of sellers in the segment.'),
    gmv_share: share("Share of the sellers' GMV (all GMV but the platform's first-party share) sold by this segment; shares sum to 1."),
    margin: share("Sellers' profit margin on sales (share of GMV)."),
    annual_fees: amount('Fees one seller pays the platform per year (subscriptions, services), in currency units.').default(0),
    solvency: share('Probability that a claim against a seller of this segment is actually paid.').default(1),
    security_posture: share(
      `The segment's sellers' security and engineering posture in [0, 1], for their negligence finding (a seller's integration bug, a breach at a seller). Default ${DEFAULT_PARTY_POSTURE}.`,
    ).optional(),
  })
  .meta({ description: 'A segment of sellers with common economics.' });

/** The one seller segment of a market that lists none: all sellers as one seller, at a 20% margin. */
const DEFAULT_SEGMENT = { name: 'all', count: 1, gmv_share: 1, margin: 0.2 } as const;

/** A third party that runs systems for the platform and may hold buyer data. */
export const processorSchema = z
  .strictObject({
    name: nameSchema('Processor name; the bearer is `processor:<name>`.'),
    role: z.enum(['payment_processor', 'cloud_host', 'other']).default('other').meta({ description: 'What the processor does.' }),
    data_classes: z.array(z.enum(DATA_CLASSES)).default([]).meta({ description: 'Classes of buyer data the processor holds (a breach there exposes only these).' }),
  })
  .meta({ description: 'A processor such as a payment processor or cloud host.' });

/** Roles a vendor's software or service plays (descriptive; the mechanics follow the incident). */
export const VENDOR_ROLES = ['repricer', 'pricing_engine', 'payment_script', 'chat_widget', 'endpoint_security', 'cdn', 'other'] as const;

/** A licensee of a vendor: the platform or a seller segment. */
const licenseeSchema = z
  .string()
  .regex(new RegExp(`^(platform|sellers:${NAME_PATTERN.source.slice(1, -1)})$`), {
    error: (issue) => `expected platform or sellers:<segment>, got ${describeInput(issue.input)}`,
  })
  .meta({ description: 'A licensee: `platform` or `sellers:<segment>`.' });

/**
 * A vendor's indemnity of its licensee against third parties' claims arising from its software
 * (MODEL §13): what the licensee pays others for the vendor's fault it passes on to the vendor,
 * capped per licensee. Fines are never indemnified.
 */
export const vendorIndemnitySchema = z
  .strictObject({
    cap_fees: amount(
      "The indemnity's cap per licensee as a multiple of that licensee's annual fees (separate from the liability cap; void under gross negligence). Give this or cap_amount, not both; neither: uncapped.",
    ).optional(),
    cap_amount: amount("The indemnity's cap per licensee in currency units (separate from the liability cap; void under gross negligence). Give this or cap_fees, not both.").optional(),
    requires_negligence: z
      .boolean()
      .default(false)
      .meta({ description: "Whether the indemnity pays only when the vendor is found negligent (a fault-based indemnity). Default false: it pays whatever the vendor's software caused." }),
  })
  .check(
    objectRule((indemnity, context) => {
      if (indemnity.cap_fees !== undefined && indemnity.cap_amount !== undefined) {
        context.report(['cap_amount'], "expected cap_fees or cap_amount, not both (the indemnity's cap per licensee in annual fees, or in currency units)");
      }
    }),
  )
  .meta({
    not: { required: ['cap_fees', 'cap_amount'] },
    description:
      "The vendor indemnifies its licensee for what the licensee pays third parties for an incident in the vendor's software (sellers' damages, buyers' refunds, card issuers' claims; in a breach, the class's award and the PCI assessment the licence claim left with it): not its own losses, its defence costs or fines. Absent: no indemnity.",
  });

/**
 * A third-party vendor whose software or service the platform or sellers license (MODEL §13): a
 * repricer, a pricing engine, a payment-page script, endpoint software, a CDN. An incident with
 * `origin: vendor:<name>` makes it the responsible party; its licensees claim from it under its terms.
 */
export const vendorSchema = z
  .strictObject({
    name: nameSchema('Vendor name; the bearer is `vendor:<name>`.'),
    role: z
      .enum(VENDOR_ROLES)
      .default('other')
      .meta({ description: `What the vendor supplies: ${VENDOR_ROLES.join(', ')}.` }),
    licensed_by: z.array(licenseeSchema).min(1).meta({ description: 'Who licenses it: `platform` and/or `sellers:<segment>` (every seller of the segment).' }),
    annual_fees: amount('Fees one licensee pays the vendor per year (for a segment: each seller), in currency units.').default(0),
    liability_cap_fees: amount("The vendor's liability cap per licensee as a multiple of that licensee's annual fees (1 = a year of fees, the usual software-licence cap). Default 1.").default(1),
    liability_cap_amount: amount('A liability cap per licensee in currency units; replaces liability_cap_fees when given.').optional(),
    exclude_consequential: z.boolean().default(true).meta({ description: 'Whether the licence excludes consequential damages (lost profits), void under gross negligence. Default true.' }),
    indemnity: vendorIndemnitySchema.optional(),
    solvency: share('Probability that a claim the vendor owes is actually paid. Default 1.').default(1),
    security_posture: share(`The vendor's security and engineering posture in [0, 1], for its negligence finding. Default ${DEFAULT_PARTY_POSTURE}.`).default(DEFAULT_PARTY_POSTURE),
  })
  .meta({ description: 'A third-party vendor licensed by the platform or seller segments.' });

/** The platform operator. */
export const platformSchema = z
  .strictObject({
    annual_turnover: amount(
      'Platform turnover per year; default: gmv × (1 − first_party_share) × take_rate + gmv × first_party_share + Σ sellers × annual_fees. Sets the GDPR fine ceiling.',
    ).optional(),
    security_posture: share('Security posture in [0, 1]: higher is better; mitigations raise it.').default(DEFAULT_PARTY_POSTURE),
    processors: z.array(processorSchema).check(uniqueNames('processor', 'market.platform.processors')).default([]).meta({ description: 'Processors and providers.' }),
  })
  .meta({ description: 'The platform operator.' });

/** The market: demand, buyers, sellers and the platform. */
export const marketSchema = z
  .strictObject({
    gmv: amount('Gross merchandise value sold on the platform per year, in currency units.'),
    take_rate: share("Platform's commission as a share of GMV."),
    recapture: share('Share of sales lost in a disruption that buyers complete later.').default(0),
    first_party_share: share('Share of GMV the platform sells itself (first-party retail, like a marketplace that is also a shop); the seller segments sell the rest. Default 0.').default(0),
    first_party_margin: share("The platform's profit margin on its own sales (share of their GMV). Default 0.2.").default(0.2),
    average_order_value: positiveAmount('Average order value, in currency units (turns GMV into order counts); above 0.', 'an average order value').default(50),
    seasonality: withSectionDefault(seasonalitySchema),
    buyers: buyersSchema,
    sellers: z
      .array(sellerSegmentSchema)
      .min(1)
      .check(
        objectRule((segments, context) => {
          if (segments.length > 0 && segments.every((_, index) => context.valid(index, 'gmv_share'))) {
            checkSum(
              segments.map((segment) => segment.gmv_share),
              [],
              'gmv_share of the seller segments',
              context,
            );
          }
        }),
        uniqueNames('seller segment', 'market.sellers'),
      )
      .default([sellerSegmentSchema.parse(DEFAULT_SEGMENT)])
      .meta({ description: `Seller segments; their gmv_share sum to 1. Default: one segment \`${DEFAULT_SEGMENT.name}\` with margin ${DEFAULT_SEGMENT.margin}.` }),
    platform: withSectionDefault(platformSchema),
    vendors: z.array(vendorSchema).default([]).meta({ description: 'Third-party vendors (repricers, scripts, endpoint software, CDNs); bearers `vendor:<name>`.' }),
  })
  .meta({ description: 'The marketplace: demand over the year, buyers, seller segments and the platform.' });

/** A validated market section. */
export type Market = z.infer<typeof marketSchema>;
/** A validated seller segment. */
export type SellerSegment = z.infer<typeof sellerSegmentSchema>;
/** A validated vendor. */
export type Vendor = z.infer<typeof vendorSchema>;
