import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulateTrial } from '../../src/engine/simulate-chunk.ts';
import { runSimulation } from '../../src/engine/run-simulation.ts';
import { compileModel, type SimulationModel } from '../../src/engine/simulation-model.ts';
import type { InsuredTrial } from '../../src/insurance/recovery.ts';
import { explanationText } from '../../src/report/explain-text.ts';
import { explainYear } from '../../src/report/explain-year.ts';
import type { YearExplanation } from '../../src/report/year-explanation.ts';
import { yearWhy } from '../../src/report/year-why.ts';
import { loadScenario } from '../../src/scenario/load-scenario.ts';
import { PROJECT_ROOT } from '../helpers/run-cli.ts';
import type { Scenario } from '../../src/scenario/schema/scenario-schema.ts';
import { buildScenario } from '../helpers/build-scenario.ts';
import { constant, FLAT_MARKET, HALF_CENT, marketScenario } from '../helpers/fixed-trial.ts';

/**
 * The explanation of one year (`faultline explain`) built from a trial's record: incidents in
 * time order, each component with every allocation of it, totals per party that add up to the
 * allocations and equal what the run's ledger books for the same trial.
 */

/** The flat market with a platform of posture 0, so that its negligence is certain. */
const CARELESS_MARKET = { ...FLAT_MARKET, platform: { ...FLAT_MARKET.platform, security_posture: 0 } };

/** Contracts and rules under which an outage moves money: credits, claims settled at half, legal costs. */
const RULES = {
  contracts: {
    seller_terms: {
      sla_tiers: [
        { below: 0.999, credit: 0.1 },
        { below: 0.99, credit: 0.5 },
      ],
      buyer_guarantee: true,
    },
    processor_terms: [{ processor: 'cloud', monthly_fees: 10_000, sla_tiers: [{ below: 0.999, credit: 0.2 }] }],
  },
  negligence: { base: 1, gross_share: 1 },
  dispute: { negotiation: { probability: 1, settlement: constant(0.5), claimant_costs: constant(1_000), defendant_costs: constant(2_000) } },
};

/** Four injections, listed out of time order: a loss event, seller fraud, a platform outage, a cloud outage. */
const INJECTIONS = [
  { type: 'outage', name: 'down', at: '2027-03-01T10:00', duration_hours: constant(10), scope: constant(1), incident_response: constant(5_000), causes: { change: 1 } },
  { type: 'loss_event', name: 'fine-print', at: '2027-01-15T08:30', loss: constant(12_345.678), bearer: 'platform' },
  { type: 'third_party_outage', name: 'cloud-down', provider: 'cloud', at: '2027-04-01T00:00', duration_hours: constant(2), scope: constant(0.5) },
  { type: 'seller_misconduct', name: 'fraud', segment: 'small', kind: 'undelivered', at: '2027-02-01T12:00', orders: constant(10), order_value: constant(40) },
];

function fixedYear(): Scenario {
  return marketScenario({ ...RULES, inject: INJECTIONS }, CARELESS_MARKET);
}

function explain(model: SimulationModel, trial: number): { record: InsuredTrial; explanation: YearExplanation } {
  const record = simulateTrial(model, trial, 0);
  return { record, explanation: explainYear(record, { model, seed: 3, selection: { method: 'given' } }) };
}

/** Sums amounts by a key. */
function sumBy<T>(items: readonly T[], key: (item: T) => string, amount: (item: T) => number): Map<string, number> {
  const sums = new Map<string, number>();
  for (const item of items) sums.set(key(item), (sums.get(key(item)) ?? 0) + amount(item));
  return sums;
}

describe('explainYear', () => {
  const model = compileModel(fixedYear(), 3);
  const { record, explanation } = explain(model, 1);

  it('lists the incidents in time order, numbered from 1, with their UTC times and ids', () => {
    expect(explanation.incidents.map((incident) => [incident.number, incident.name, incident.time])).toEqual([
      [1, 'fine-print', '2027-01-15T08:30:00Z'],
      [2, 'fraud', '2027-02-01T12:00:00Z'],
      [3, 'down', '2027-03-01T10:00:00Z'],
      [4, 'cloud-down', '2027-04-01T00:00:00Z'],
    ]);
    expect(explanation.incidents[2]!.summary).toBe('10.0 h outage, 100% of traffic, cause: change.');
    expect(explanation.incidents[0]!.summary).toBe('Loss of USD 12,346 borne by platform (coverage uninsured).');
    expect(explanation.incidents[1]!.details).toMatchObject({ segment: 'small', orders: 10, order_value: 40 });
  });

  it('puts each ground-up component under its incident, with every allocation of it and its trail', () => {
    for (const incident of explanation.incidents) {
      const own = record.components.filter((component) => component.incident.name === incident.name);
      const groundUp = incident.components.filter((component) => component.ground_up);
      expect(groundUp.map((c) => [c.kind, c.sufferer, c.amount])).toEqual(own.map((c) => [c.kind, c.sufferer, Number(c.amount.toFixed(2))]));
    }
    const allocations = explanation.incidents.flatMap((incident) => incident.components.flatMap((component) => component.allocations));
    expect(allocations).toHaveLength(record.allocations.length);
    expect(allocations.every((allocation) => allocation.trail.length > 0)).toBe(true);
    // Seller fraud: buyers suffer, the small sellers owe them; the solvency draw decides who pays.
    const fraud = explanation.incidents[1]!.components[0]!;
    expect(fraud).toMatchObject({ kind: 'buyer_loss', amount: 400, sufferer: 'buyers', ground_up: true });
    expect(fraud.allocations[0]!.trail.at(-1)?.rule).toBe('solvency');
    expect(fraud.allocations[0]!.trail.at(-1)?.draw).toEqual(expect.any(Number));
  });

  it('shows claims that split a component, credits as negative amounts and legal costs as added components', () => {
    const outage = explanation.incidents[2]!;
    const split = outage.components.find((c) => c.kind === 'seller_lost_margin' && c.sufferer === 'sellers:small')!;
    // Gross negligence voids the exclusion; the claim settles at half.
    expect(split.allocations.map((a) => a.bearer).sort()).toEqual(['platform', 'sellers:small']);
    expect(split.allocations[0]!.amount + split.allocations[1]!.amount).toBeCloseTo(split.amount, 2);
    const legal = outage.components.filter((c) => c.kind === 'legal_costs');
    expect(legal.length).toBeGreaterThan(0);
    expect(legal.every((c) => !c.ground_up)).toBe(true);
    const credits = outage.components.filter((c) => c.kind === 'sla_credit');
    expect(credits.length).toBeGreaterThan(0);
    for (const credit of credits) {
      expect(credit).toMatchObject({ amount: 0, ground_up: false });
      expect(credit.allocations.some((a) => a.amount < 0 && a.bearer === credit.sufferer)).toBe(true);
    }
    // The provider credits the platform for the cloud outage.
    const provider = explanation.incidents[3]!.components.find((c) => c.kind === 'sla_credit')!;
    expect(provider.allocations.map((a) => a.bearer)).toEqual(['processor:cloud', 'platform']);
  });

  it('totals each party: suffered from the components, carried and net from the allocations', () => {
    const carried = sumBy(
      record.allocations,
      (a) => a.bearer,
      (a) => a.amount,
    );
    const suffered = sumBy(
      record.components,
      (c) => c.sufferer,
      (c) => c.amount,
    );
    expect(explanation.totals.map((total) => total.bearer)).toEqual(model.bearers);
    for (const total of explanation.totals) {
      expect(Math.abs(total.carried - (carried.get(total.bearer) ?? 0))).toBeLessThanOrEqual(HALF_CENT);
      expect(Math.abs(total.suffered - (suffered.get(total.bearer) ?? 0))).toBeLessThanOrEqual(HALF_CENT);
      expect(total.net).toBe(total.carried);
      expect(total.insurance).toBe(0);
    }
    // Per incident, the nets add up to the incident's allocations.
    for (const incident of explanation.incidents) {
      const sum = incident.components.flatMap((c) => c.allocations).reduce((acc, a) => acc + a.amount, 0);
      const net = incident.net.reduce((acc, entry) => acc + entry.amount, 0);
      expect(Math.abs(net - sum)).toBeLessThan(0.05);
    }
  });

  it('names who paid most and what share of all net losses that is', () => {
    const positive = explanation.totals.filter((total) => total.net > 0);
    const most = positive.reduce((a, b) => (b.net > a.net ? b : a));
    expect(explanation.paid_most).toEqual({ bearer: most.bearer, net: most.net, share: most.net / positive.reduce((acc, t) => acc + t.net, 0) });
  });

  it('gives the year, the scenario and the selection, and keeps a stable key order', () => {
    expect(explanation).toMatchObject({ scenario: 'test', seed: 3, strategy: 'baseline', trial: 1, trials: null, currency: 'USD' });
    expect(explanation.year).toEqual({ start: '2027-01-01', end: '2027-12-31' });
    expect(explanation.selection.reason).toBe('Trial 1, chosen with --trial (the same year in any run of at least 1 trial).');
    expect(Object.keys(explanation)).toEqual(['scenario', 'seed', 'strategy', 'trial', 'trials', 'selection', 'year', 'currency', 'incidents', 'events', 'totals', 'paid_most']);
    expect(Object.keys(explanation.incidents[0]!)).toEqual(['number', 'id', 'name', 'type', 'time', 'time_hours', 'triggered_by', 'summary', 'details', 'components', 'recoveries', 'net']);
  });
});

describe('explainYear and the run', () => {
  it("gives each party the net the run's ledger books for the same trial", async () => {
    const scenario = marketScenario(
      {
        ...RULES,
        incidents: [
          { type: 'outage', name: 'outage', frequency: { dist: 'poisson', mean: 2 }, duration_hours: { dist: 'uniform', min: 1, max: 30 }, scope: { dist: 'uniform', min: 0.2, max: 1 } },
          { type: 'third_party_outage', name: 'cloud-down', provider: 'cloud', frequency: { dist: 'poisson', mean: 1 }, duration_hours: constant(5), scope: constant(1) },
          {
            type: 'bug',
            name: 'overcharge',
            origin: 'platform',
            error: 'overcharge',
            frequency: { dist: 'poisson', mean: 1 },
            window_hours: constant(5),
            share: constant(0.1),
            price_error: constant(0.2),
          },
          { type: 'breach', name: 'breach', target: 'platform', frequency: { dist: 'poisson', mean: 0.5 }, exposed_share: { dist: 'uniform', min: 0.001, max: 0.1 }, days_to_contain: constant(20) },
          { type: 'seller_misconduct', name: 'fraud', kind: 'counterfeit', frequency: { dist: 'poisson', mean: 3 }, orders: constant(20), order_value: constant(50) },
        ],
      },
      { ...CARELESS_MARKET, sellers: FLAT_MARKET.sellers.map((segment) => ({ ...segment, solvency: 0.5 })) },
    );
    const trials = 60;
    const table = await runSimulation(scenario, { trials, seed: 11, workers: 1 });
    const model = compileModel(scenario, 11);
    let compared = 0;
    for (let trial = 1; trial <= trials; trial++) {
      const explanation = explainYear(simulateTrial(model, trial, 0), { model, seed: 11, trials, selection: { method: 'given' } });
      explanation.totals.forEach((total, bearer) => {
        expect(total.bearer).toBe(table.bearers[bearer]);
        const booked = table.years.annual(0, bearer)[trial - 1]!;
        expect(Math.abs(total.net - booked), `trial ${trial}, ${total.bearer}`).toBeLessThanOrEqual(HALF_CENT);
        if (booked !== 0) compared++;
      });
    }
    expect(compared).toBeGreaterThan(trials);
  });
});

describe('explainYear on unusual years', () => {
  it('says so when the year had no incidents', () => {
    const scenario = buildScenario({ incidents: [{ type: 'loss_event', name: 'never', frequency: { dist: 'fixed', value: 0 }, loss: constant(1), bearer: 'platform' }] });
    const model = compileModel(scenario, 1);
    const explanation = explainYear(simulateTrial(model, 4, 0), { model, seed: 1, selection: { method: 'given' } });
    expect(explanation.incidents).toEqual([]);
    expect(explanation.totals).toEqual([{ bearer: 'platform', suffered: 0, carried: 0, insurance: 0, net: 0 }]);
    expect(explanation.paid_most).toBeNull();
    const text = explanationText(explanation);
    expect(text).toContain('No incidents this year: nothing went wrong, so nobody lost anything.');
    expect(text).toContain('Who paid most: nobody; no party had a net loss this year.');
  });

  it('renders allocations generically: any kind, several per component, negative amounts, draws with thresholds and extra fields', () => {
    const model = compileModel(fixedYear(), 3);
    const record = simulateTrial(model, 1, 0);
    const incident = record.incidents[0]!;
    const component = { incident, kind: 'made_up_credit', amount: 0, sufferer: 'platform', coverage: 'sla_credits' as const };
    const trail = [
      { rule: 'negligence', reason: 'found', draw: 0.183, threshold: 0.42 },
      { rule: 'contract', reason: 'novel_rule', capMonths: 3 },
    ];
    record.allocations.splice(
      record.allocations.findIndex((a) => a.component.incident !== incident),
      0,
      { component, bearer: 'processor:payments', amount: 250, trail },
      { component, bearer: 'platform', amount: -250, trail },
    );
    const explanation = explainYear(record, { model, seed: 3, selection: { method: 'given' } });
    const made = explanation.incidents[0]!.components.find((c) => c.kind === 'made_up_credit')!;
    expect(made).toMatchObject({ amount: 0, sufferer: 'platform', ground_up: false });
    expect(made.allocations).toEqual([
      {
        bearer: 'processor:payments',
        amount: 250,
        trail: [
          { rule: 'negligence', reason: 'found', draw: 0.183, other: { threshold: 0.42 } },
          { rule: 'contract', reason: 'novel_rule', draw: null, other: { cap_months: 3 } },
        ],
      },
      { bearer: 'platform', amount: -250, trail: made.allocations[0]!.trail },
    ]);
    const text = explanationText(explanation);
    expect(text).toMatch(/→ processor:payments +USD +250 +1\. Negligence: found \(draw 0\.183 < 0\.42\)\.\n +2\. Contract: novel rule \(cap months 3\)\.\n/);
    expect(text).toMatch(/→ platform +USD +-250 +Same reasons as above\./);
    expect(explanation.totals.find((t) => t.bearer === 'processor:payments')!.net).toBe(250);
  });
});

describe('the selection sentence', () => {
  const model = compileModel(fixedYear(), 3);

  it('names the trial, the percentile, the bearer and the loss', () => {
    const explanation = explainYear(simulateTrial(model, 1234, 0), {
      model,
      seed: 3,
      trials: 10_000,
      selection: { method: 'percentile', bearer: 'platform', probability: 0.99, rank: 9_900, loss: 25_184_327.4, tied_trials: 1 },
    });
    expect(explanation.selection.reason).toBe('Trial 1,234 of 10,000: the 99th-percentile year of platform loss (USD 25,184,327).');
    expect(explanation.selection).toMatchObject({ method: 'percentile', rank: 9_900, loss: 25_184_327.4 });
  });

  it('says when other trials share the loss', () => {
    const explanation = explainYear(simulateTrial(model, 7, 0), {
      model,
      seed: 3,
      trials: 100,
      selection: { method: 'percentile', bearer: 'buyers', probability: 0.99, rank: 99, loss: 0, tied_trials: 100 },
    });
    expect(explanation.selection.reason).toBe('Trial 7 of 100: the 99th-percentile year of buyers loss (USD 0). 100 trials share that loss; this is the first.');
  });
});

describe('incident numbers in a year where one incident starts another', () => {
  const { scenario } = loadScenario(join(PROJECT_ROOT, 'test/fixtures/scenarios/good/market-every-type.yaml'));
  const model = compileModel(scenario, scenario.seed);
  // The first trial with a triggered incident (the ransomware breach starts an outage 40% of the time).
  let trial = 1;
  while (!simulateTrial(model, trial, 0).incidents.some((incident) => incident.triggeredBy !== undefined)) trial++;
  const explanation = explainYear(simulateTrial(model, trial, 0), { model, seed: scenario.seed, selection: { method: 'given' } });
  const triggered = explanation.incidents.filter((incident) => incident.triggered_by !== null);

  it("gives a triggered incident its parent's number in the list, and keeps the parent's id", () => {
    expect(triggered.length).toBeGreaterThan(0);
    for (const incident of triggered) {
      const parent = explanation.incidents.find((candidate) => candidate.id === incident.triggered_by!.id)!;
      expect(parent, incident.id).toBeDefined();
      expect(incident.triggered_by).toMatchObject({ id: parent.id, number: parent.number, name: parent.name, type: parent.type, time: parent.time });
      expect(parent.number).toBeLessThan(incident.number);
    }
  });

  it('says "Started by incident N (name, type at time)" in text, by the number in the list, never by id', () => {
    const text = explanationText(explanation);
    for (const incident of triggered) {
      const parent = explanation.incidents.find((candidate) => candidate.id === incident.triggered_by!.id)!;
      const time = parent.time.replace('T', ' ').replace(/Z$/, ' UTC');
      expect(text).toContain(`Started by incident ${parent.number} (${parent.name}, ${parent.type} at ${time}).`);
      expect(text).toMatch(new RegExp(`\\n\\s*${parent.number}\\. \\S+ \\S+ UTC  ${parent.name} \\(`));
    }
    expect(text).not.toMatch(/Started by \S+#\d+/);
  });
});

describe('why lines of a hand-built year', () => {
  const step = (rule: string, reason: string) => ({ rule, reason, draw: null });
  const year: YearExplanation = {
    scenario: 'hand-built',
    seed: 1,
    strategy: 'baseline',
    trial: 1,
    trials: null,
    selection: { method: 'given', reason: 'Trial 1.' },
    year: { start: '2027-01-01', end: '2027-12-31' },
    currency: 'USD',
    incidents: [
      {
        number: 1,
        id: 'fraud#1',
        name: 'fraud',
        type: 'seller_misconduct',
        time: '2027-02-01T00:00:00Z',
        time_hours: 744,
        triggered_by: null,
        summary: 'Fraud.',
        details: {},
        components: [
          {
            kind: 'buyer_loss',
            amount: 1000,
            sufferer: 'buyers',
            coverage: 'third_party_damages',
            ground_up: true,
            allocations: [
              { bearer: 'platform', amount: 600, trail: [step('contract', 'buyer_guarantee_paid_recovery_failed')] },
              { bearer: 'sellers:small', amount: 400, trail: [step('solvency', 'debtor_paid')] },
            ],
          },
          {
            kind: 'outage_loss',
            amount: 300,
            sufferer: 'sellers:pro',
            coverage: 'business_interruption',
            ground_up: true,
            allocations: [{ bearer: 'sellers:pro', amount: 300, trail: [step('fault', 'no_party_at_fault')] }],
          },
          {
            kind: 'sla_credit',
            amount: 0,
            sufferer: 'sellers:pro',
            coverage: 'sla_credits',
            ground_up: false,
            allocations: [
              { bearer: 'platform', amount: 500, trail: [step('contract', 'sla_credit_to_sellers')] },
              { bearer: 'sellers:pro', amount: -500, trail: [step('contract', 'sla_credit_to_sellers')] },
            ],
          },
        ],
        recoveries: [{ policy: 'eo', insured: 'platform', amount: 0, trail: [step('insurance', 'within_retention')] }],
        net: [],
      },
    ],
    events: [],
    totals: [
      { bearer: 'buyers', suffered: 1000, carried: 0, insurance: 0, net: 0 },
      { bearer: 'sellers:small', suffered: 0, carried: 400, insurance: 0, net: 400 },
      { bearer: 'sellers:pro', suffered: 300, carried: -200, insurance: 0, net: -200 },
      { bearer: 'platform', suffered: 0, carried: 1100, insurance: 0, net: 1100 },
      { bearer: 'processor:payments', suffered: 0, carried: 0, insurance: 0, net: 0 },
      { bearer: 'insurer:eo', suffered: 0, carried: 0, insurance: 0, net: 0 },
      { bearer: 'insurer:cyber', suffered: 0, carried: 0, insurance: 0, net: 0 },
    ],
    paid_most: { bearer: 'platform', net: 1100, share: 0.73 },
  };

  it('says why each zero or surprising row reads as it does, from the numbers, and nothing for plain ones', () => {
    expect(yearWhy(year)).toEqual([
      { bearer: 'buyers', why: 'suffered USD 1,000 but carries none of it: USD 600 was taken over by the platform and USD 400 by the small sellers.' },
      { bearer: 'sellers:pro', why: 'received USD 200 more (in credits, transfers or insurance) than it lost this year.' },
      { bearer: 'processor:payments', why: 'no incident reached it this year.' },
      { bearer: 'insurer:eo', why: 'its policy was claimed on once but paid nothing (see the reasons under each incident).' },
      { bearer: 'insurer:cyber', why: 'no loss its policy covers reached it this year.' },
    ]);
    const text = explanationText(year);
    expect(text).toContain('\nWhy some rows read as they do:\n  buyers: suffered USD 1,000 but carries none of it: USD 600 was taken over by the platform and USD 400 by the small sellers.\n');
    expect(text).toContain('\n  processor:payments: no incident reached it this year.\n');
  });
});
