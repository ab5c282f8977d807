import fc from 'fast-check';
import { COVERAGE_TAGS } from '../../src/scenario/schema/coverage.ts';
import { INCIDENT_TYPES } from '../../src/scenario/schema/incident-fields.ts';
import { EXCLUSIONS, POLICY_PRESETS } from '../../src/scenario/schema/insurance-schema.ts';
import type { Scenario } from '../../src/scenario/schema/scenario-schema.ts';
import { buildScenario } from './build-scenario.ts';

/**
 * Random scenarios for the property tests: a marketplace with contracts, disputes and every
 * incident type (`marketplaceArbitrary`), optionally with a random insurance program over its
 * bearers (`insuranceArbitrary`, `insuredMarketplaceArbitrary`).
 */

const uniform = (min: number, max: number) => ({ dist: 'uniform', min, max });

/** A random marketplace scenario (as input, before validation), the run's seed and its insurable bearers. */
export interface RandomMarketplace {
  seed: number;
  input: Record<string, unknown>;
  /** Bearers that can hold a policy: platform, each seller segment, each processor. */
  insurable: string[];
}

/**
 * A number from min to max in steps of 1/10,000: money as the ledger counts it (the schema
 * refuses a positive amount below 0.0001), and shares fine enough for any property.
 */
const money = (min: number, max: number) => fc.double({ min, max, noNaN: true }).map((value) => Math.min(max, Math.max(min, Math.round(value * 1e4) / 1e4)));

/** A random scenario with a market, contracts, disputes and every incident type. */
export const marketplaceArbitrary: fc.Arbitrary<RandomMarketplace> = fc
  .record({
    segments: fc.integer({ min: 1, max: 3 }),
    solvency: fc.double({ min: 0, max: 1, noNaN: true }),
    guarantee: fc.boolean(),
    exclude: fc.boolean(),
    forceMajeure: fc.boolean(),
    capMonths: fc.double({ min: 0, max: 24, noNaN: true }),
    indemnityCap: money(0, 5e6),
    negligenceBase: fc.double({ min: 0, max: 1, noNaN: true }),
    gross: fc.double({ min: 0, max: 1, noNaN: true }),
    channelSplit: fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })),
    seed: fc.integer({ min: 0, max: 1_000_000 }),
  })
  .map((p) => {
    const segments = Array.from({ length: p.segments }, (_, i) => ({
      name: `s${i}`,
      count: 10 * (i + 1),
      gmv_share: i === p.segments - 1 ? 1 - (p.segments - 1) / p.segments : 1 / p.segments,
      margin: 0.1 + 0.05 * i,
      annual_fees: 1000 * (i + 1),
      solvency: p.solvency,
    }));
    const negotiation = p.channelSplit[0];
    const arbitration = (1 - negotiation) * p.channelSplit[1];
    const channel = (probability: number) => ({ probability, settlement: uniform(0, 1), claimant_costs: uniform(0, 50_000), defendant_costs: uniform(0, 80_000) });
    const every = { dist: 'poisson', mean: 1.5 };
    return {
      seed: p.seed,
      insurable: ['platform', ...segments.map((segment) => `sellers:${segment.name}`), 'processor:pay', 'processor:cloud'],
      input: {
        market: {
          gmv: 1e9,
          take_rate: 0.1,
          recapture: 0.2,
          buyers: { accounts: 1_000_000, records_per_account: { contact: 1, payment_card: 0.5, government_id: 0.1 }, jurisdictions: { eu: 0.3, california: 0.2, other: 0.5 } },
          sellers: segments,
          platform: { processors: [{ name: 'pay', data_classes: ['payment_card'] }, { name: 'cloud' }] },
        },
        contracts: {
          seller_terms: {
            sla_tiers: [
              { below: 0.999, credit: 0.1 },
              { below: 0.99, credit: 0.25 },
              { below: 0.95, credit: 1 },
            ],
            liability_cap_months: p.capMonths,
            exclude_consequential: p.exclude,
            buyer_guarantee: p.guarantee,
            force_majeure: p.forceMajeure,
          },
          processor_terms: [
            { processor: 'pay', monthly_fees: 20_000, sla_tiers: [{ below: 0.999, credit: 0.1 }], indemnity_cap: p.indemnityCap },
            { processor: 'cloud', monthly_fees: 50_000, sla_tiers: [{ below: 0.9995, credit: 0.3 }] },
          ],
        },
        negligence: { base: p.negligenceBase, gross_share: p.gross },
        dispute: { negotiation: channel(negotiation), arbitration: channel(arbitration), litigation: channel(1 - negotiation - arbitration) },
        regulation: { gdpr: { fine_probability: 0.5, fine: uniform(1e4, 5e7) }, ccpa: { filing_probability: 0.5 }, other: { filing_probability: 0.5, settlement_per_record: uniform(1, 5) } },
        breach_costs: { legal_defense: uniform(1e4, 1e6) },
        incidents: [
          { type: 'outage', name: 'outage', frequency: every, duration_hours: uniform(1, 400), scope: uniform(0, 1), incident_response: uniform(0, 1e5), churn: uniform(0, 0.05) },
          { type: 'third_party_outage', name: 'cloud-down', frequency: every, provider: 'cloud', duration_hours: uniform(1, 200), scope: uniform(0, 1) },
          { type: 'bug', name: 'bug-platform', frequency: every, origin: 'platform', error: 'mispricing', window_hours: uniform(1, 48), share: uniform(0, 1), price_error: uniform(0, 1) },
          { type: 'bug', name: 'bug-seller', frequency: every, origin: 'seller', error: 'overcharge', window_hours: uniform(1, 48), share: uniform(0, 1), price_error: uniform(0, 1), handling_fee: 2 },
          { type: 'bug', name: 'bug-algorithm', frequency: every, origin: 'algorithm', error: 'overcharge', window_hours: uniform(1, 48), share: uniform(0, 1), price_error: uniform(0, 1) },
          { type: 'bug', name: 'bug-payments', frequency: every, origin: 'platform', error: 'payment_failure', window_hours: uniform(1, 48), share: uniform(0, 1) },
          { type: 'breach', name: 'breach-platform', frequency: every, target: 'platform', exposed_share: uniform(0, 0.5), days_to_contain: uniform(1, 100), churn: uniform(0, 0.05) },
          { type: 'breach', name: 'breach-processor', frequency: every, target: 'processor', processor: 'pay', exposed_share: uniform(0, 0.5), days_to_contain: uniform(1, 100) },
          { type: 'breach', name: 'breach-seller', frequency: every, target: 'seller', exposed_share: uniform(0, 1), days_to_contain: uniform(1, 100) },
          { type: 'data_mishandling', name: 'mishandling', frequency: every, party: 'processor', processor: 'pay', records: uniform(0, 1e6), left_organisation: 0.5 },
          { type: 'seller_misconduct', name: 'misconduct', frequency: every, kind: 'undelivered', orders: uniform(1, 100), order_value: uniform(1, 500) },
          { type: 'loss_event', name: 'loss', frequency: every, loss: uniform(0, 1e6), bearer: 'sellers' },
        ],
      },
    };
  });

/** Drops the keys whose value is undefined (optional fields left out). */
function defined<T extends Record<string, unknown>>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}

const sometimes = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 2 });

/** Aggregate terms: none (the default, limit × share), or from nothing to three limits; reinstatements. */
const aggregateTerms = (limit: number) =>
  fc.record({
    aggregate_limit: sometimes(fc.oneof(fc.constant(0), money(0, 3 * limit))),
    reinstatements: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2 })),
  });

/** The tags a policy can answer (never `uninsured`). */
const COVERABLE_TAGS = COVERAGE_TAGS.filter((tag) => tag !== 'uninsured');

/** What a policy covers: a preset (tech_eo, cyber), a preset with explicit covers, or explicit covers and types. */
const formArbitrary: fc.Arbitrary<{ preset?: 'tech_eo' | 'cyber'; covers?: string[]; incident_types?: string[] }> = fc.oneof(
  fc.constantFrom({ preset: 'tech_eo' as const }, { preset: 'cyber' as const }),
  fc.record({ preset: fc.constantFrom('tech_eo' as const, 'cyber' as const), covers: fc.subarray(COVERABLE_TAGS, { minLength: 1 }) }),
  fc.record({
    covers: fc.subarray(COVERABLE_TAGS, { minLength: 1 }),
    incident_types: sometimes(fc.subarray([...INCIDENT_TYPES], { minLength: 1 })),
  }),
);

/** The tags a policy of this form covers: its own, or its preset's. */
function coversOf(form: { preset?: 'tech_eo' | 'cyber'; covers?: string[] }): Set<string> {
  return new Set(form.covers ?? POLICY_PRESETS[form.preset!].covers);
}

/** A random primary policy `name` held by one of `insurable`, and 0–2 layers stacked end to end over it. */
function policyArbitrary(name: string, insurable: readonly string[]): fc.Arbitrary<{ policy: Record<string, unknown>; layers: Record<string, unknown>[] }> {
  return fc
    .record({
      form: formArbitrary,
      insured: fc.oneof({ arbitrary: fc.constant('platform'), weight: 2 }, { arbitrary: fc.constantFrom(...insurable), weight: 3 }),
      retention: fc.oneof(fc.constant(0), money(0, 1e5), money(0, 2e6)),
      limit: fc.oneof(money(1e3, 1e6), money(1e3, 5e7)),
      coinsurance: fc.oneof(fc.constant(0), money(0, 0.8)),
      share: fc.oneof(fc.constant(1), money(0.05, 1)),
      sublimits: fc.array(fc.tuple(fc.constantFrom(...COVERAGE_TAGS), money(0, 1)), { maxLength: 3 }),
      defense: sometimes(fc.constantFrom('within_limits', 'outside_limits')),
      waiting: sometimes(money(0, 48)),
      exclusions: sometimes(fc.subarray([...EXCLUSIONS])),
      notice: sometimes(fc.record({ within_days: money(0, 60), delay_days: fc.constant(uniform(0, 90)) })),
      premium: money(0, 1e6),
      layerCount: fc.integer({ min: 0, max: 2 }),
    })
    .chain((p) =>
      fc
        .record({
          aggregate: aggregateTerms(p.limit),
          layers: fc.array(
            fc
              .record({
                limit: money(1e3, 2e7),
                coinsurance: fc.oneof(fc.constant(0), money(0, 0.8)),
                share: fc.oneof(fc.constant(1), money(0.05, 1)),
                drop_down: fc.boolean(),
              })
              .chain((layer) => aggregateTerms(layer.limit).map((aggregate) => ({ ...layer, ...aggregate }))),
            { minLength: p.layerCount, maxLength: p.layerCount },
          ),
        })
        .map(({ aggregate, layers }) => {
          // The terms a policy's schema accepts: sublimits, a waiting period and defense outside the limits only on what it covers.
          const covers = coversOf(p.form);
          const policy = defined({
            name,
            ...p.form,
            insured: p.insured,
            retention: p.retention,
            limit: p.limit,
            coinsurance: p.coinsurance,
            share: p.share,
            sublimits: Object.fromEntries(p.sublimits.filter(([tag]) => covers.has(tag)).map(([tag, part]) => [tag, part * p.limit])),
            defense: p.defense === 'outside_limits' && !covers.has('defense_costs') ? 'within_limits' : p.defense,
            waiting_period_hours: covers.has('business_interruption') ? p.waiting : undefined,
            exclusions: p.exclusions,
            conditions: p.notice ? { notice: p.notice } : undefined,
            premium: p.premium,
            ...defined(aggregate),
          });
          // Stacked end to end: each layer attaches where the one below is used up.
          let attachment = p.retention + p.limit / (1 - p.coinsurance);
          const stacked = layers.map((layer, index) => {
            const definition = defined({ name: `${name}-x${index + 1}`, over: name, attachment, ...layer });
            attachment += layer.limit / (1 - layer.coinsurance);
            return definition;
          });
          return { policy, layers: stacked };
        }),
    );
}

/** A random insurance program: 0–3 policies held by some of `insurable`, each with 0–2 layers. */
export function insuranceArbitrary(insurable: readonly string[]): fc.Arbitrary<{ policies: Record<string, unknown>[]; layers: Record<string, unknown>[] }> {
  return fc
    .integer({ min: 0, max: 3 })
    .chain((count) => fc.tuple(...Array.from({ length: count }, (_, i) => policyArbitrary(`p${i}`, insurable))))
    .map((programs) => ({ policies: programs.map((p) => p.policy), layers: programs.flatMap((p) => p.layers) }));
}

/** A random marketplace scenario with a random insurance program, validated, and the run's seed. */
export const insuredMarketplaceArbitrary: fc.Arbitrary<{ seed: number; scenario: Scenario }> = marketplaceArbitrary.chain(({ seed, input, insurable }) =>
  insuranceArbitrary(insurable).map((insurance) => ({ seed, scenario: buildScenario({ ...input, insurance }) })),
);
