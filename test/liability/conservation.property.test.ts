import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/engine/simulation-model.ts';
import { simulateTrial } from '../../src/engine/simulate-chunk.ts';
import { incidentId } from '../../src/incidents/incident.ts';
import { buildScenario } from '../helpers/build-scenario.ts';

const HALF_CENT = 0.005;
const uniform = (min: number, max: number) => ({ dist: 'uniform', min, max });

/** A random scenario with a market, contracts, disputes and every incident type. */
const scenarioArbitrary = fc
  .record({
    segments: fc.integer({ min: 1, max: 3 }),
    solvency: fc.double({ min: 0, max: 1, noNaN: true }),
    guarantee: fc.boolean(),
    exclude: fc.boolean(),
    forceMajeure: fc.boolean(),
    capMonths: fc.double({ min: 0, max: 24, noNaN: true }),
    indemnityCap: fc.double({ min: 0, max: 5e6, noNaN: true }),
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
      scenario: buildScenario({
        market: {
          gmv: 1e9,
          take_rate: 0.1,
          recapture: 0.2,
          buyers: { accounts: 1_000_000, records_per_account: { contact: 1, payment_card: 0.5, government_id: 0.1 }, jurisdictions: { eu: 0.3, california: 0.2, other: 0.5 } },
          sellers: segments,
          platform: { processors: [{ name: 'pay', data_classes: ['payment_card'] }, { name: 'cloud' }] },
        },
        contracts: {
          seller_terms: { sla_tiers: [{ below: 0.999, credit: 0.1 }, { below: 0.99, credit: 0.25 }, { below: 0.95, credit: 1 }], liability_cap_months: p.capMonths, exclude_consequential: p.exclude, buyer_guarantee: p.guarantee, force_majeure: p.forceMajeure },
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
      }),
    };
  });

describe('liability conserves loss', () => {
  it('for every incident: ground-up loss + legal costs = what all bearers carry, to half a cent', () => {
    fc.assert(
      fc.property(scenarioArbitrary, fc.integer({ min: 1, max: 10_000 }), ({ scenario, seed }, trial) => {
        const record = simulateTrial(compileModel(scenario, seed), trial);
        const byIncident = new Map<string, { groundUp: number; legal: number; carried: number }>();
        const entry = (id: string) => byIncident.get(id) ?? byIncident.set(id, { groundUp: 0, legal: 0, carried: 0 }).get(id)!;
        for (const component of record.components) entry(incidentId(component.incident)).groundUp += component.amount;
        for (const allocation of record.allocations) {
          const totals = entry(incidentId(allocation.component.incident));
          totals.carried += allocation.amount;
          if (allocation.component.kind === 'legal_costs') totals.legal += allocation.amount;
        }
        for (const [id, { groundUp, legal, carried }] of byIncident) {
          expect(Math.abs(groundUp + legal - carried), id).toBeLessThanOrEqual(HALF_CENT);
        }
        // And each ground-up component is fully allocated.
        for (const component of record.components) {
          const allocated = record.allocations.filter((a) => a.component === component).reduce((sum, a) => sum + a.amount, 0);
          expect(Math.abs(allocated - component.amount)).toBeLessThanOrEqual(HALF_CENT);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('exercises every rule across the random scenarios (the property above is not vacuous)', () => {
    const reasons = new Set<string>();
    fc.assert(
      fc.property(scenarioArbitrary, fc.integer({ min: 1, max: 10_000 }), ({ scenario, seed }, trial) => {
        for (const allocation of simulateTrial(compileModel(scenario, seed), trial).allocations) {
          for (const step of allocation.trail) reasons.add(`${step.rule}:${step.reason}`);
        }
      }),
      { numRuns: 150, seed: 42 },
    );
    for (const expected of [
      'contract:lost_profits_excluded',
      'contract:exclusion_void_gross_negligence',
      'contract:cap_binding',
      'contract:force_majeure',
      'contract:sla_credit_to_sellers',
      'contract:sla_credit_from_provider',
      'contract:indemnity_claim',
      'contract:buyer_guarantee_paid_recovery_failed',
      'statute:refund_owed',
      'statute:seller_owes_buyers',
      'statute:fine_paid_to_regulators',
      'solvency:debtor_paid',
      'solvency:debtor_insolvent',
      'dispute:settled_in_negotiation',
      'dispute:settled_in_arbitration',
      'dispute:settled_in_litigation',
      'dispute:own_legal_costs',
      'negligence:negligent',
      'negligence:not_negligent',
    ]) {
      if (!reasons.has(expected)) throw new Error(`no random scenario reached ${expected}; reached: ${[...reasons].sort().join(', ')}`);
    }
  });
});
