import { words } from './describe-incident.ts';
import { formatAmount, formatPercent } from './format-amount.ts';
import type { ExplainedStep } from './year-explanation.ts';

/**
 * The reasons of liability and insurance trails as full English sentences naming the parties:
 * the one place `faultline explain` (text) and the report page (its explained year) take them
 * from, so both say the same thing in the same words.
 *
 * @example
 * stepSentence({ rule: 'negligence', reason: 'negligent', draw: 0.183, other: { threshold: 0.42 } }, { currency: 'USD', bearer: 'sellers:pro', sufferer: 'sellers:pro', party: 'platform' });
 * // "The platform was found negligent: the draw 0.183 was below the 0.42 chance of negligence."
 */

/** Who and what a step is about, beyond the step itself. */
export interface SentenceContext {
  currency: string;
  /** Who carries the allocation, or the insured of a recovery. */
  bearer: string;
  /** Who suffered the component (the insured, for a recovery). */
  sufferer: string;
  /** The party the trail found at fault (its `fault` step), once known. */
  party?: string;
  /** The policy of a recovery. */
  policy?: string;
  /** Whether the step is the whole trail. */
  alone?: boolean;
  /** An incident id as the year's list names it ("incident 7 (platform-breach)"), when the year has it. */
  incident?: (id: string) => string | undefined;
}

type Sentence = (facts: StepFacts, context: SentenceContext) => string;

/** Typed access to a step's draw and other fields. */
class StepFacts {
  constructor(
    readonly step: ExplainedStep,
    private readonly currency: string,
  ) {}

  number(key: string): number | undefined {
    const value = this.step.other?.[key];
    return typeof value === 'number' ? value : undefined;
  }

  text(key: string): string | undefined {
    const value = this.step.other?.[key];
    return typeof value === 'string' ? value : undefined;
  }

  /** A money field in whole units with the currency: `USD 1,849`; "an amount" when absent. */
  money(key = 'amount'): string {
    const amount = this.number(key);
    return amount === undefined ? 'an amount' : formatAmount(amount, this.currency);
  }

  /** The deciding draw to three decimals. */
  draw(): string {
    return this.step.draw === null ? 'a draw' : this.step.draw.toFixed(3);
  }

  /** A probability or threshold as the scenario gives it (six significant digits). */
  bound(key = 'threshold'): string {
    const value = this.number(key);
    return value === undefined ? 'its threshold' : String(Number(value.toPrecision(6)));
  }

  percent(key: string): string {
    const value = this.number(key);
    return value === undefined ? 'part' : formatPercent(value);
  }
}

/**
 * A bearer in words: `the platform`, `the buyers`, `the small sellers`, `processor cloud`,
 * `vendor repricer-tool`, `the card issuers`, `the insurer on platform-cyber`.
 */
export function partyName(bearer: string): string {
  const [kind, name] = bearer.includes(':') ? [bearer.slice(0, bearer.indexOf(':')), bearer.slice(bearer.indexOf(':') + 1)] : [bearer, ''];
  switch (kind) {
    case 'platform':
    case 'buyers':
      return `the ${kind}`;
    case 'sellers':
      return name ? `the ${name} sellers` : 'the sellers';
    case 'processor':
      return `processor ${name}`;
    case 'vendor':
      return `vendor ${name}`;
    case 'insurer':
      return `the insurer on ${name}`;
    default:
      return `the ${words(bearer)}`;
  }
}

/** Whether a bearer's name takes a plural verb ("the buyers were", "the platform was"). */
function plural(bearer: string): boolean {
  return bearer === 'buyers' || bearer.startsWith('sellers') || (bearer.endsWith('s') && !bearer.includes(':'));
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const who = (context: SentenceContext) => (context.party === undefined ? 'the party at fault' : partyName(context.party));
const was = (bearer: string | undefined) => (bearer !== undefined && plural(bearer) ? 'were' : 'was');
/** The verb that agrees with a bearer: `verb('buyers', 'keeps', 'keep')` → `keep`. */
const verb = (bearer: string, singular: string, pluralForm: string) => (plural(bearer) ? pluralForm : singular);

/** Sentences of the liability stage's fixed reason codes (src/liability), by code. */
const LIABILITY_SENTENCES: Record<string, Sentence> = {
  borne_by_named_bearer: (_, c) => `The scenario names ${partyName(c.bearer)} as the bearer of this loss: nobody else is liable for it.`,
  no_party_at_fault: () => 'No party was at fault, so the loss stays where it fell unless a contract moves it.',
  negligent: (f, c) => `${capitalize(who(c))} ${was(c.party)} found negligent: the draw ${f.draw()} was below the ${f.bound()} chance of negligence.`,
  gross_negligence: (f, c) => `${capitalize(who(c))} ${was(c.party)} found grossly negligent: the draw ${f.draw()} was below the ${f.bound()} chance of gross negligence.`,
  not_negligent: (f, c) => `${capitalize(who(c))} ${was(c.party)} not found negligent: the draw ${f.draw()} was not below the ${f.bound()} chance of negligence.`,
  bounded_by_seller_sales: (f) => `The loss cannot exceed what the seller sold in ${f.number('window_days') ?? 'its'} days: ${f.money()} instead of ${f.money('unbounded_amount')}.`,
  refund_owed: (_, c) => `By law, ${who(c)} must refund the buyers what they were overcharged.`,
  seller_owes_buyers: (_, c) => `By law, ${who(c)} must make good the buyers' loss.`,
  controller_answers_to_data_subjects: () => 'As the controller of the data, the platform answers to the people whose data was exposed.',
  fine_paid_to_regulators: (_, c) => `The fine is paid to the regulators by ${partyName(c.bearer)}; nobody else can be made to pay it.`,
  controller_fined_for_vendor: (_, c) => `${capitalize(partyName(c.bearer))}, as the controller, is fined for the vendor's script on its pages; the fine stays with it.`,
  force_majeure: (_, c) => `The seller terms' force-majeure clause excuses the platform for a provider's outage, so ${partyName(c.sufferer)} ${verb(c.sufferer, 'keeps', 'keep')} this loss.`,
  no_indemnity: (_, c) => `The processor's contract gives no indemnity, so ${partyName(c.bearer)} ${verb(c.bearer, 'keeps', 'keep')} this cost.`,
  indemnity_claim: (_, c) => `The platform claims this cost from ${who(c)} under the processor's indemnity.`,
  card_network_claim: (_, c) => `The card networks claim the card issuers' costs from ${who(c)}, whose systems leaked the cards.`,
  licensee_answers_for_vendor: () => "The vendor's licensee answers to everyone else for the vendor's software as if it were its own.",
  licensee_claims_from_vendor: (_, c) => `The licensee claims this loss from ${who(c)} under the licence.`,
  indemnity_requires_negligence: () => "The vendor's indemnity pays only when the vendor was negligent, and it was not: nothing is passed on to it.",
  lost_profits_excluded: (_, c) => `The contract excludes lost profits, so ${who(c)} owes nothing for them and the loss stays with ${partyName(c.sufferer)}.`,
  exclusion_void_gross_negligence: () => 'The exclusion of lost profits is void because the negligence was gross, so they are claimed all the same.',
  cap_binding: () => "The contract's liability cap was reached: only the part of the claim within it could be claimed.",
  cap_exhausted: () => "The contract's liability cap was already used up by this incident's earlier claims: nothing more could be claimed.",
  licensee_claims_indemnity: (f) => `The licensee claims the ${f.money()} it paid from the vendor under the vendor's indemnity.`,
  indemnity_cap_binding: (f) => `The indemnity's cap was reached: ${f.money()} of it stays with the licensee.`,
  indemnity_cap_exhausted: (f) => `The indemnity's cap was already used up: ${f.money()} stays with the licensee.`,
  vendor_indemnifies_licensee: (f, c) => `${capitalize(partyName(c.bearer))} pays the licensee ${f.money()} under its indemnity.`,
  buyer_guarantee_paid_recovery_failed: (_, c) => `The platform's buyer guarantee paid the buyers; the platform then tried to recover it from ${who(c)} and failed, so the platform carries it.`,
  guarantee_excluded: (f) => `The buyer guarantee does not cover this kind of misconduct: ${f.money()} stays with the buyers.`,
  guarantee_cap_binding: (f) => `The buyer guarantee pays at most ${f.money('order_cap')} per order and this loss was ${f.money('claim_per_order')} per order: ${f.money()} stays with the buyers.`,
  sla_credit_to_sellers: (_, c) => `The seller terms' SLA gives ${partyName(c.sufferer)} a service credit from the platform for the month's downtime.`,
  sla_credit_from_provider: () => "The provider's SLA gives the platform a service credit from the provider for the month's downtime.",
  not_claimed: (f, c) => `${capitalize(partyName(c.sufferer))} file claims for only ${f.percent('claim_rate')} of such losses: the ${f.money()} not claimed stays with them.`,
  claimed: (f, c) => `${capitalize(partyName(c.sufferer))} claimed ${f.money()}, the ${f.percent('claim_rate')} of the loss they file claims for.`,
  pursued: (f) =>
    `The claim was pursued: the expected recovery (${f.money('expected_recovery')}) is not below the expected legal costs (${f.money('expected_cost')}) on ${f.money('amount_in_dispute')} in dispute.`,
  not_pursued: (f, c) =>
    `The claim was dropped: the expected recovery (${f.money('expected_recovery')}) is below the expected legal costs (${f.money('expected_cost')}) on ${f.money('amount_in_dispute')} in dispute, so ${partyName(c.sufferer)} ${verb(c.sufferer, 'keeps', 'keep')} the loss.`,
  own_legal_costs: (_, c) => `Each side pays its own legal costs: these are ${partyName(c.bearer)}'s.`,
  costs_scaled_to_amount_in_dispute: (f) => `Both sides' legal costs were scaled by ${f.bound('costs_factor')} to the ${f.money('amount_in_dispute')} in dispute.`,
  debtor_paid: (f, c) => `${capitalize(who(c))} could pay: the draw ${f.draw()} was below the ${f.bound()} chance of being solvent.`,
  debtor_insolvent: (f, c) => `${capitalize(who(c))} could not pay: the draw ${f.draw()} was not below the ${f.bound()} chance of being solvent.`,
};

/** Sentences of the insurance stage's fixed reason codes (src/insurance), by code. */
const INSURANCE_SENTENCES: Record<string, Sentence> = {
  related_one_occurrence: (f, c) => {
    const root = f.text('root');
    const named = root === undefined ? 'its first incident' : (c.incident?.(root) ?? root);
    return `The policy counts this incident and the ones related to ${named} as one occurrence: this incident's part is ${f.percent('share')} of it, and the occurrence's terms follow.`;
  },
  other_insurance_paid_first: (f) => `Other insurance listed first already paid ${f.money()} of this loss.`,
  excluded_known_unpatched_vulnerability: (f, c) =>
    `The policy excludes a breach through a known unpatched vulnerability, and ${partyName(c.sufferer)} ${was(c.sufferer)} negligent (draw ${f.draw()} below ${f.bound()}): ${f.money()} denied.`,
  retention: (f, c) => `The retention: ${partyName(c.bearer)} ${verb(c.bearer, 'keeps', 'keep')} the first ${f.money()}.`,
  within_retention: (f, c) => `The whole loss (${f.money()}) is within the retention: ${partyName(c.bearer)} ${verb(c.bearer, 'keeps', 'keep')} it all.`,
  coinsurance: (f, c) => `Coinsurance: ${partyName(c.bearer)} ${verb(c.bearer, 'keeps', 'keep')} ${f.money()} of the loss above the retention.`,
  limit: (f) => `The limit was reached: ${f.money()} above it is not paid.`,
  share: (f) => `The insurer's line is ${f.percent('share')} of the cover: ${f.money()} is not its part.`,
  aggregate_binding: (f) => `The annual aggregate was nearly used up: ${f.money()} beyond what was left is not paid.`,
  aggregate_exhausted: (f) => `The annual aggregate was already used up: ${f.money()} is not paid.`,
  aggregate_used_up: () => 'This payment uses up the annual aggregate.',
  aggregate_reinstated: (f) => `The aggregate was reinstated: ${f.money()} more is available this year.`,
  defense_coinsurance: (f, c) => `Coinsurance on defense costs: ${partyName(c.bearer)} ${verb(c.bearer, 'keeps', 'keep')} ${f.money()}.`,
  defense_outside_limits: (f) => `Defense costs are paid outside the limits: ${f.money()} on top.`,
  attachment: (f) => `The layer attaches at ${f.money()}: the loss below that is not this layer's.`,
  below_attachment: (f) => `The loss stays below the layer's attachment (${f.money()}): the layer pays nothing.`,
  dropped_down: (f) => `The cover below has used up its aggregate, so the layer drops down to attach at ${f.money()}.`,
  waiting_period: (f) => `The waiting period of ${f.bound()} h: ${f.money()} of interruption loss is not covered.`,
  notice_late: (f) => `Denied: the loss was notified after ${(f.step.draw ?? 0).toFixed(1)} days, later than the ${f.bound()} days the policy allows.`,
  mfa_warranty_breached: () => 'Denied: the policy warrants MFA, MFA is not in place, and it guards against this attack.',
  seller_holds_policy: (f) => `This seller holds the policy: the draw ${f.draw()} was below the ${f.bound()} take-up.`,
  seller_uninsured: (f) => `This seller holds no such policy: the draw ${f.draw()} was not below the ${f.bound()} take-up.`,
  per_seller: (f) => `Each seller holds its own policy: the loss is split over the segment's sellers, ${f.percent('share')} of whom are insured.`,
};

/**
 * The fault finding: who caused the incident; when it is the whole trail, why the loss stays
 * where it is (the sufferer's own, or one nobody can claim from the party at fault).
 */
function causedBy(party: string, context: SentenceContext): string {
  const caused = `${capitalize(partyName(party))} caused the incident`;
  if (!context.alone) return `${caused}.`;
  if (context.sufferer === party) return `${caused} and ${verb(party, 'carries', 'carry')} this loss of its own.`;
  return `${caused}, but no claim lets ${partyName(context.sufferer)} pass this loss on to ${partyName(party)}, so it stays with ${plural(context.sufferer) ? 'them' : 'it'}.`;
}

/** Codes built from a name (`caused_by_platform`, `settled_in_arbitration`, `excluded_war`, `sublimit_forensics`), by prefix. */
const PREFIX_SENTENCES: [prefix: string, sentence: (name: string, facts: StepFacts, context: SentenceContext) => string][] = [
  ['caused_by_', (name, _, c) => causedBy(name, c)],
  ['settled_in_', (name, f) => `The dispute went to ${words(name)} (draw ${f.draw()}) and settled at ${f.percent('share')} of the claim.`],
  ['excluded_', (name, f) => `The policy excludes ${words(name)}: ${f.money()} denied.`],
  ['sublimit_', (name, f) => `The sublimit for ${words(name)} was reached: ${f.money()} above it is not paid.`],
];

/** Every fixed reason code that has its own sentence (a test checks the liability and insurance code emit no other). */
export const REASON_CODES: readonly string[] = [...Object.keys(LIABILITY_SENTENCES), ...Object.keys(INSURANCE_SENTENCES)];
/** The prefixes of codes built from a name. */
export const REASON_PREFIXES: readonly string[] = PREFIX_SENTENCES.map(([prefix]) => prefix);

/** Whether a reason code has a sentence of its own (rather than the generic one). */
export function hasSentence(reason: string): boolean {
  return reason in LIABILITY_SENTENCES || reason in INSURANCE_SENTENCES || PREFIX_SENTENCES.some(([prefix]) => reason.startsWith(prefix) && reason.length > prefix.length);
}

/** One trail step as a sentence; a code without one reads "Rule: reason in words (facts)." */
export function stepSentence(step: ExplainedStep, context: SentenceContext): string {
  const facts = new StepFacts(step, context.currency);
  const fixed = (step.rule === 'insurance' ? INSURANCE_SENTENCES[step.reason] : undefined) ?? LIABILITY_SENTENCES[step.reason] ?? INSURANCE_SENTENCES[step.reason];
  if (fixed) return fixed(facts, context);
  const prefixed = PREFIX_SENTENCES.find(([prefix]) => step.reason.startsWith(prefix) && step.reason.length > prefix.length);
  if (prefixed) return prefixed[1](step.reason.slice(prefixed[0].length), facts, context);
  const other = { ...step.other };
  const details: string[] = [];
  if (step.draw !== null) {
    const bound = ['threshold', 'probability'].find((key) => typeof other[key] === 'number');
    const limit = bound === undefined ? undefined : (other[bound] as number);
    if (bound !== undefined) delete other[bound];
    details.push(limit === undefined ? `draw ${step.draw.toFixed(3)}` : `draw ${step.draw.toFixed(3)} ${step.draw < limit ? '<' : '≥'} ${Number(limit.toPrecision(6))}`);
  }
  details.push(...Object.entries(other).map(([key, value]) => `${words(key)} ${Array.isArray(value) ? value.join(', ') : String(value)}`));
  return `${capitalize(words(step.rule))}: ${words(step.reason)}${details.length > 0 ? ` (${details.join('; ')})` : ''}.`;
}

/**
 * A whole trail as sentences, in order: each step knows the party its `fault` step found (the
 * defendant of later claims, the debtor of a solvency draw).
 */
export function trailSentences(trail: readonly ExplainedStep[], context: SentenceContext): string[] {
  let party = context.party;
  const alone = trail.length === 1;
  return trail.map((step) => {
    if (alone) return stepSentence(step, { ...context, alone });
    if (step.rule === 'fault' && step.reason.startsWith('caused_by_')) party = step.reason.slice('caused_by_'.length);
    return stepSentence(step, party === undefined ? context : { ...context, party });
  });
}

/**
 * Names incidents by their number in the year's list: `incident 7 (platform-breach)` for the id
 * `platform-breach#2`; undefined for an id the year does not hold.
 */
export function incidentNamer(incidents: readonly { id: string; number: number; name: string }[]): (id: string) => string | undefined {
  const byId = new Map(incidents.map((incident) => [incident.id, incident]));
  return (id) => {
    const incident = byId.get(id);
    return incident === undefined ? undefined : `incident ${incident.number} (${incident.name})`;
  };
}
