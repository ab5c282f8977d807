import { from } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { simulateTrial, simulateTrials } from '../../src/engine/simulate-chunk.ts';
import { compileModel } from '../../src/engine/simulation-model.ts';
import { TrialRecord } from '../../src/engine/trial-record.ts';
import { trialEnd, trialStart } from '../../src/pipeline/trial-events.ts';
import type { InsuredTrial } from '../../src/insurance/recovery.ts';
import { buildScenario } from '../helpers/build-scenario.ts';
import { CARELESS_MARKET, marketWithSolvency } from '../helpers/liability-trial.ts';
import { constant, expectCents, fixed, TEST_BREACH_COSTS } from '../helpers/fixed-trial.ts';
import { exhaustedNames, expectInsuranceConserved, expectRecovery, fairRun, lossEvent, marketRun, netsOf, recoveriesOf, recoveryOf } from './insurance-helpers.ts';

/**
 * The insurance stage (MODEL §9) term by term, in whole simulated trials: scheduled incidents
 * at fixed times and constant amounts, so every recovery is computed by hand below.
 *
 * Scenarios without a market use `loss_event`s (one component of exactly `loss`, borne by the
 * platform, tagged as given). Market scenarios use the flat market of `fixed-trial.ts`: 10,000
 * of GMV an hour every hour, recapture 0.25, take rate 0.1; segments small (1,000 sellers, 40% of
 * GMV, margin 0.25) and large (10 sellers, 60%, margin 0.1); 1,000,000 buyer accounts with one
 * contact record and 0.5 cards each. Nobody is negligent unless a test says so.
 */

/** A policy answering the platform's third-party damages, with the terms given. */
function damagesPolicy(terms: Record<string, unknown>): Record<string, unknown> {
  return { name: 'p', insured: 'platform', covers: ['third_party_damages'], ...terms };
}

describe('retention, limit, share, sublimits and coinsurance on one occurrence', () => {
  it('keeps the retention and caps at the limit: retention 15, limit 30 turns 10, 20, 40, 60 into 0, 5, 25, 30', () => {
    // X = 10: all within the retention → 0.            X = 20: 20 − 15 = 5.
    // X = 40: 40 − 15 = 25 (below the limit).           X = 60: 60 − 15 = 45 → limit 30 (15 cut).
    // The aggregate (1,000) never binds. Utilisation = (before the aggregate) paid / limit.
    const run = fairRun({
      inject: [lossEvent('x10', '2027-02-01', 10), lossEvent('x20', '2027-03-01', 20), lossEvent('x40', '2027-04-01', 40), lossEvent('x60', '2027-05-01', 60)],
      insurance: { policies: [damagesPolicy({ retention: 15, limit: 30, aggregate_limit: 1_000 })] },
    });
    const [x10, x20, x40, x60] = recoveriesOf(run.record, 'p');
    expectRecovery(x10!, 0, [['within_retention', 10]]);
    expectRecovery(x20!, 5, [['retention', 15]]);
    expectRecovery(x40!, 25, [['retention', 15]]);
    expectRecovery(x60!, 30, [
      ['retention', 15],
      ['limit', 15],
    ]);
    expect([x10, x20, x40, x60].map((r) => r!.utilisation)).toEqual([0, 5 / 30, 25 / 30, 1]);
    // The platform carries 130 and recovers 60; the insurer pays 60.
    const nets = netsOf(run);
    expectCents(nets.platform!, 130 - 60);
    expectCents(nets['insurer:p']!, 60);
    expect(run.record.exhausted).toEqual([]);
  });

  it('never pays a loss tagged uninsured, even under a policy that lists the tag', () => {
    // The schema refuses covers that list uninsured (insurance-schema.ts): the tag is added to the validated scenario.
    const scenario = buildScenario({
      inject: [lossEvent('bare', '2027-02-01', 50, { coverage: 'uninsured' })],
      insurance: { policies: [{ name: 'p', insured: 'platform', covers: ['forensics'], limit: 1_000 }] },
    });
    scenario.insurance.policies[0]!.covers!.unshift('uninsured');
    const model = compileModel(scenario, 1);
    const run = { record: simulateTrial(model, 1), model };
    expect(recoveriesOf(run.record, 'p')).toEqual([]);
    expectCents(netsOf(run).platform!, 50);
  });

  it('takes its line after the limit: share 0.8 of a limit of 30 on a loss of 60 pays 24', () => {
    // X = 60, retention 15: Y = 45 → limit 30 (15 cut) → share 0.8 × 30 = 24 (6 left with the insured).
    // The default aggregate is the limit times the share, 24: this payment uses it up.
    const run = fairRun({
      inject: [lossEvent('x60', '2027-05-01', 60)],
      insurance: { policies: [damagesPolicy({ retention: 15, limit: 30, share: 0.8 })] },
    });
    expectRecovery(recoveryOf(run.record, 'x60', 'p'), 24, [['retention', 15], ['limit', 15], ['share', 6], 'aggregate_used_up']);
    expect(run.model.insurance.covers[0]!.aggregate).toBe(24);
    expect(exhaustedNames(run)).toEqual(['p']);
  });

  it('applies coinsurance above the retention and before the limit', () => {
    // X = 100, retention 20: Y = 80; the insured keeps 25% = 20 → 60.
    // Limit 100: pays 60. Limit 50: pays 50 (10 cut by the limit).
    const inject = [lossEvent('x100', '2027-05-01', 100)];
    const wide = fairRun({ inject, insurance: { policies: [damagesPolicy({ retention: 20, coinsurance: 0.25, limit: 100 })] } });
    expectRecovery(recoveryOf(wide.record, 'x100', 'p'), 60, [
      ['retention', 20],
      ['coinsurance', 20],
    ]);
    expect(recoveryOf(wide.record, 'x100', 'p').utilisation).toBeCloseTo(0.6, 12);
    const narrow = fairRun({ inject, insurance: { policies: [damagesPolicy({ retention: 20, coinsurance: 0.25, limit: 50, aggregate_limit: 1_000 })] } });
    expectRecovery(recoveryOf(narrow.record, 'x100', 'p'), 50, [
      ['retention', 20],
      ['coinsurance', 20],
      ['limit', 10],
    ]);
  });

  it('caps a coverage at its sublimit below the limit', () => {
    // A forensics loss of 100, limit 80, sublimit forensics 50: pays 50 (50 cut), the limit does not bind.
    const run = fairRun({
      inject: [lossEvent('lab', '2027-05-01', 100, { coverage: 'forensics' })],
      insurance: { policies: [{ name: 'p', insured: 'platform', covers: ['forensics'], limit: 80, sublimits: { forensics: 50 } }] },
    });
    expectRecovery(recoveryOf(run.record, 'lab', 'p'), 50, [['sublimit_forensics', 50]]);
    expect(recoveryOf(run.record, 'lab', 'p').utilisation).toBeCloseTo(50 / 80, 12);
  });

  it("shares the retention pro rata over a breach's coverages before a sublimit cuts one of them", () => {
    // Platform breach, 10% of 1,000,000 accounts = 100,000 people, vector insider, never litigated:
    // forensics 40,000 + 20 × 3,000 = 100,000; notification 100,000 × 1.5 = 150,000;
    // PCI 100,000 × 0.5 cards × 4 = 200,000. X = 450,000.
    // Retention 45,000: Y = 405,000 = 0.9 X, so Y_c = 0.9 X_c: forensics 90,000, notification 135,000,
    // PCI 180,000 → sublimit 100,000 (80,000 cut). P = 90,000 + 135,000 + 100,000 = 325,000.
    const run = marketRun({
      inject: [platformBreach('hack', 'insider')],
      breach_costs: TEST_BREACH_COSTS,
      regulation: NEVER_LITIGATED,
      insurance: { policies: [{ name: 'cyber', preset: 'cyber', insured: 'platform', retention: 45_000, limit: 1_000_000, sublimits: { pci_assessments: 100_000 } }] },
    });
    const recovery = recoveryOf(run.record, 'hack', 'cyber');
    expectRecovery(recovery, 325_000, [
      ['retention', 45_000],
      ['sublimit_pci_assessments', 80_000],
    ]);
    expect(recovery.utilisation).toBeCloseTo(0.325, 12);
    expect(recovery.insured).toBe('platform');
  });
});

describe('the annual aggregate, eroded in time order', () => {
  const policy = damagesPolicy({ limit: 30, aggregate_limit: 70 });

  it('pays three losses of 40 as 30, 30, 10: the third exhausts the aggregate, a fourth gets nothing', () => {
    // Each occurrence: min(40, limit 30) = 30. Aggregate 70: 70 → 40 → 10 → the third is cut to 10
    // (20 over the aggregate), leaving 0; the fourth finds it exhausted (its 30 all denied).
    const run = fairRun({
      inject: [lossEvent('feb', '2027-02-01', 40), lossEvent('mar', '2027-03-01', 40), lossEvent('apr', '2027-04-01', 40), lossEvent('may', '2027-05-01', 40)],
      insurance: { policies: [policy] },
    });
    const [feb, mar, apr, may] = recoveriesOf(run.record, 'p');
    expectRecovery(feb!, 30, [['limit', 10]]);
    expectRecovery(mar!, 30, [['limit', 10]]);
    expectRecovery(apr!, 10, [
      ['limit', 10],
      ['aggregate_binding', 20],
    ]);
    expectRecovery(may!, 0, [
      ['limit', 10],
      ['aggregate_exhausted', 30],
    ]);
    // Utilisation is of the per-occurrence limit, before the aggregate: 1 each time.
    expect([feb, mar, apr, may].map((r) => r!.utilisation)).toEqual([1, 1, 1, 1]);
    expect(exhaustedNames(run)).toEqual(['p']);
    expectCents(netsOf(run)['insurer:p']!, 70);
  });

  it('lists the policy as exhausted when a payment uses up exactly what is left', () => {
    // Aggregate 60: 30 + 30 = 60, the second payment uses it up without being cut.
    const run = fairRun({
      inject: [lossEvent('feb', '2027-02-01', 40), lossEvent('mar', '2027-03-01', 40)],
      insurance: { policies: [damagesPolicy({ limit: 30, aggregate_limit: 60 })] },
    });
    const [feb, mar] = recoveriesOf(run.record, 'p');
    expectRecovery(feb!, 30, [['limit', 10]]);
    expectRecovery(mar!, 30, [['limit', 10], 'aggregate_used_up']);
    expect(exhaustedNames(run)).toEqual(['p']);
  });

  it('defaults the aggregate to the limit times the share: a second loss of 40 gets nothing', () => {
    // Limit 30, share 1, no aggregate given: aggregate 30, used up by the first occurrence.
    const run = fairRun({
      inject: [lossEvent('feb', '2027-02-01', 40), lossEvent('mar', '2027-03-01', 40)],
      insurance: { policies: [damagesPolicy({ limit: 30 })] },
    });
    const [feb, mar] = recoveriesOf(run.record, 'p');
    expectRecovery(feb!, 30, [['limit', 10], 'aggregate_used_up']);
    expectRecovery(mar!, 0, [
      ['limit', 10],
      ['aggregate_exhausted', 30],
    ]);
  });

  it('erodes in time order: the same three losses pay differently when the smaller one comes last', () => {
    // Losses 40, 40 and 20; limit 30, aggregate 70.
    // Small one first (Feb 20, Mar 40, Apr 40): 20 → 30 → min(30, 70 − 50 = 20) = 20.
    // Small one last (Feb 40, Mar 40, Apr 20): 30 → 30 → min(20, 70 − 60 = 10) = 10.
    // The year's total is 70 either way; which occurrence is cut by the aggregate changes.
    const year = (small: string, first: string, second: string) =>
      fairRun({
        inject: [lossEvent('small', small, 20), lossEvent('big1', first, 40), lossEvent('big2', second, 40)],
        insurance: { policies: [policy] },
      });
    const smallFirst = year('2027-02-01', '2027-03-01', '2027-04-01');
    expectRecovery(recoveryOf(smallFirst.record, 'small', 'p'), 20, []);
    expectRecovery(recoveryOf(smallFirst.record, 'big1', 'p'), 30, [['limit', 10]]);
    expectRecovery(recoveryOf(smallFirst.record, 'big2', 'p'), 20, [
      ['limit', 10],
      ['aggregate_binding', 10],
    ]);

    const smallLast = year('2027-04-01', '2027-02-01', '2027-03-01');
    expectRecovery(recoveryOf(smallLast.record, 'big1', 'p'), 30, [['limit', 10]]);
    expectRecovery(recoveryOf(smallLast.record, 'big2', 'p'), 30, [['limit', 10]]);
    expectRecovery(recoveryOf(smallLast.record, 'small', 'p'), 10, [['aggregate_binding', 10]]);

    // Recoveries come in time order, whatever the order of the injections.
    expect(recoveriesOf(smallLast.record, 'p').map((r) => r.incident.name)).toEqual(['big1', 'big2', 'small']);
    for (const run of [smallFirst, smallLast]) {
      expect(exhaustedNames(run)).toEqual(['p']);
      expectCents(netsOf(run)['insurer:p']!, 70);
    }
  });

  it('restores the aggregate once with one reinstatement: capacity 140 pays 30, 30, 30, 30, 20', () => {
    // Aggregate 70 with 1 reinstatement: 140 in the year. Left: 140 → 110 → 80 → 50 (the third
    // payment crosses 70 used: reinstated 70) → 20 → the fifth is cut to 20 and exhausts it.
    // Without the reinstatement the third would have paid 10 and the rest nothing.
    const run = fairRun({
      inject: ['01', '02', '03', '04', '05'].map((day) => lossEvent(`jun${day}`, `2027-06-${day}`, 40)),
      insurance: { policies: [damagesPolicy({ limit: 30, aggregate_limit: 70, reinstatements: 1 })] },
    });
    const paid = recoveriesOf(run.record, 'p');
    expectRecovery(paid[0]!, 30, [['limit', 10]]);
    expectRecovery(paid[1]!, 30, [['limit', 10]]);
    expectRecovery(paid[2]!, 30, [
      ['limit', 10],
      ['aggregate_reinstated', 70],
    ]);
    expectRecovery(paid[3]!, 30, [['limit', 10]]);
    expectRecovery(paid[4]!, 20, [
      ['limit', 10],
      ['aggregate_binding', 10],
    ]);
    expect(exhaustedNames(run)).toEqual(['p']);
    expectCents(netsOf(run)['insurer:p']!, 140);
  });

  it('starts every trial of a run with the whole aggregate', () => {
    // One model, trials 1–3 through one pipeline (the settlement state is reused from trial to
    // trial): each is the same year, 30, 30, 10, exhausted.
    const model = compileModel(
      buildScenario({
        inject: [lossEvent('feb', '2027-02-01', 40), lossEvent('mar', '2027-03-01', 40), lossEvent('apr', '2027-04-01', 40)],
        insurance: { policies: [policy] },
      }),
      1,
    );
    const records: InsuredTrial[] = [];
    from(
      [1, 2, 3].flatMap((trial) => {
        const record = new TrialRecord({ trial, strategy: 0 });
        return [trialStart(record), trialEnd(record)];
      }),
    )
      .pipe(simulateTrials(model))
      .subscribe((event) => {
        if (event.kind === 'trial-end') records.push({ ...event.trial, recoveries: [...event.trial.recoveries], exhausted: [...event.trial.exhausted] });
      });
    expect(records.map((record) => record.recoveries.map((r) => r.amount))).toEqual([
      [30, 30, 10],
      [30, 30, 10],
      [30, 30, 10],
    ]);
    expect(records.map((record) => record.exhausted)).toEqual([[0], [0], [0]]);
  });
});

describe('excess layers', () => {
  // Primary: retention 10, limit 30 (used up at X = 40). Layer 50 xs 40 at a 50% line.
  const tower = (layer: Record<string, unknown> = {}) => ({
    policies: [damagesPolicy({ retention: 10, limit: 30, aggregate_limit: 1_000 })],
    layers: [{ name: 'xs', over: 'p', attachment: 40, limit: 50, share: 0.5, aggregate_limit: 1_000, ...layer }],
  });

  it('pays its line of the loss above the attachment, up to its limit, occurrence by occurrence', () => {
    // X = 100: primary 100 − 10 = 90 → 30 (60 cut); layer min(100 − 40, 50) = 50 → × 0.5 = 25 (25 left).
    // X = 60:  primary 50 → 30 (20 cut); layer min(20, 50) = 20 → 10.
    // X = 30:  primary 20; below the attachment, so no layer recovery.
    const run = fairRun({
      inject: [lossEvent('x100', '2027-02-01', 100), lossEvent('x60', '2027-03-01', 60), lossEvent('x30', '2027-04-01', 30)],
      insurance: tower(),
    });
    expectRecovery(recoveryOf(run.record, 'x100', 'p'), 30, [
      ['retention', 10],
      ['limit', 60],
    ]);
    expectRecovery(recoveryOf(run.record, 'x100', 'xs'), 25, [
      ['attachment', 40],
      ['limit', 10],
      ['share', 25],
    ]);
    expectRecovery(recoveryOf(run.record, 'x60', 'p'), 30, [
      ['retention', 10],
      ['limit', 20],
    ]);
    expectRecovery(recoveryOf(run.record, 'x60', 'xs'), 10, [
      ['attachment', 40],
      ['share', 10],
    ]);
    expectRecovery(recoveryOf(run.record, 'x30', 'p'), 20, [['retention', 10]]);
    expect(recoveriesOf(run.record, 'xs').map((r) => r.incident.name)).toEqual(['x100', 'x60']);
    expect(recoveryOf(run.record, 'x100', 'xs').utilisation).toBe(1);
    expect(recoveryOf(run.record, 'x60', 'xs').utilisation).toBeCloseTo(0.4, 12);
    // Platform: 190 carried − 80 − 35 = 75; primary 80, layer 35.
    const nets = netsOf(run);
    expectCents(nets.platform!, 75);
    expectCents(nets['insurer:p']!, 80);
    expectCents(nets['insurer:xs']!, 35);
  });

  it("takes the insured's coinsurance inside the layer before its limit, and its own aggregate", () => {
    // X = 100, layer coinsurance 0.2: 0.8 × 60 = 48 (12 kept), below the limit 50 → × 0.5 = 24.
    // Then X = 100 again with the layer's aggregate at 30: 24, then min(24, 6) = 6.
    const run = fairRun({
      inject: [lossEvent('first', '2027-02-01', 100), lossEvent('second', '2027-03-01', 100)],
      insurance: tower({ coinsurance: 0.2, aggregate_limit: 30 }),
    });
    expectRecovery(recoveryOf(run.record, 'first', 'xs'), 24, [
      ['attachment', 40],
      ['coinsurance', 12],
      ['share', 24],
    ]);
    expectRecovery(recoveryOf(run.record, 'second', 'xs'), 6, [
      ['attachment', 40],
      ['coinsurance', 12],
      ['share', 24],
      ['aggregate_binding', 18],
    ]);
    expect(exhaustedNames(run)).toEqual(['xs']);
  });

  it("drops down to the primary's retention once the primary's aggregate is exhausted, only when it says so", () => {
    // Primary retention 10, limit 30, aggregate 30 (the default). Two losses of 50.
    // Feb: primary 40 → 30, using up its aggregate; the layer (not yet dropped) pays 50 − 40 = 10.
    // Mar: primary exhausted → 0. With drop_down the layer attaches at 10: min(50 − 10, 50) = 40;
    //      without, it still attaches at 40: 10.
    const year = (dropDown: boolean) =>
      fairRun({
        inject: [lossEvent('feb', '2027-02-01', 50), lossEvent('mar', '2027-03-01', 50)],
        insurance: {
          policies: [damagesPolicy({ retention: 10, limit: 30 })],
          layers: [{ name: 'xs', over: 'p', attachment: 40, limit: 50, aggregate_limit: 100, drop_down: dropDown }],
        },
      });
    const dropping = year(true);
    expectRecovery(recoveryOf(dropping.record, 'feb', 'p'), 30, [['retention', 10], ['limit', 10], 'aggregate_used_up']);
    expectRecovery(recoveryOf(dropping.record, 'feb', 'xs'), 10, [['attachment', 40]]);
    expectRecovery(recoveryOf(dropping.record, 'mar', 'p'), 0, [
      ['retention', 10],
      ['limit', 10],
      ['aggregate_exhausted', 30],
    ]);
    expectRecovery(recoveryOf(dropping.record, 'mar', 'xs'), 40, [
      ['dropped_down', 10],
      ['attachment', 10],
    ]);
    expect(exhaustedNames(dropping)).toEqual(['p']);

    const standing = year(false);
    expectRecovery(recoveryOf(standing.record, 'mar', 'p'), 0, [
      ['retention', 10],
      ['limit', 10],
      ['aggregate_exhausted', 30],
    ]);
    expectRecovery(recoveryOf(standing.record, 'mar', 'xs'), 10, [['attachment', 40]]);
  });
});

describe('business interruption and the waiting period', () => {
  // A DDoS outage of 20 h at full scope on 10 March with 5,000 of incident response:
  // lost GMV = 20 × 10,000 × (1 − 0.25) = 150,000; the platform's lost commission = 15,000
  // (business_interruption). Not negligent: sellers keep their lost margin.
  const ddos = (fields: Record<string, unknown> = {}) => ({
    type: 'outage',
    name: 'ddos',
    at: '2027-03-10T00:00',
    duration_hours: constant(20),
    scope: constant(1),
    incident_response: constant(5_000),
    causes: { ddos: 1 },
    ...fields,
  });
  const cyber = (terms: Record<string, unknown> = {}) => ({ policies: [{ name: 'cyber', preset: 'cyber', insured: 'platform', retention: 1_000, limit: 1_000_000, ...terms }] });

  it('claims only the lost commission after the waiting period: (d − w) / d of it with flat demand', () => {
    // Cyber preset: waiting 8 h. Claimable BI = 15,000 × (20 − 8) / 20 = 9,000 (6,000 cut).
    // X = 9,000 + 5,000 incident response = 14,000; retention 1,000 → 13,000.
    const run = marketRun({ inject: [ddos()], insurance: cyber() });
    const recovery = recoveryOf(run.record, 'ddos', 'cyber');
    expectRecovery(recovery, 13_000, [
      ['waiting_period', 6_000],
      ['retention', 1_000],
    ]);
    expect(recovery.trail[0]!.threshold).toBe(8);
    // The platform carries 15,000 + 5,000 and recovers 13,000.
    expectCents(netsOf(run).platform!, 20_000 - 13_000);
    expectInsuranceConserved(run);
  });

  it('claims no business interruption when the waiting period is as long as the outage or longer', () => {
    // w = 20 = d and w = 24 > d: the whole 15,000 is cut; X = 5,000 → 4,000.
    for (const hours of [20, 24]) {
      const run = marketRun({ inject: [ddos()], insurance: cyber({ waiting_period_hours: hours }) });
      expectRecovery(recoveryOf(run.record, 'ddos', 'cyber'), 4_000, [
        ['waiting_period', 15_000],
        ['retention', 1_000],
      ]);
    }
    // Lost commission alone: nothing is left to claim.
    const run = marketRun({ inject: [ddos({ incident_response: constant(0) })], insurance: cyber({ waiting_period_hours: 24 }) });
    expectRecovery(recoveryOf(run.record, 'ddos', 'cyber'), 0, [['waiting_period', 15_000]]);
  });

  it('claims all of it with no waiting period', () => {
    // X = 15,000 + 5,000 = 20,000 → 19,000.
    const run = marketRun({ inject: [ddos()], insurance: cyber({ waiting_period_hours: 0 }) });
    expectRecovery(recoveryOf(run.record, 'ddos', 'cyber'), 19_000, [['retention', 1_000]]);
  });

  it('measures the waiting period in demand: an outage running past the year end loses only in-year demand', () => {
    // 31 Dec 20:00 for 20 h: only 4 h fall in the policy year: lost commission 4 × 10,000 × 0.75 × 0.1
    // = 3,000. Waiting 2 h: claimable = demand 22:00–24:00 / demand 20:00–24:00 = 1/2 → 1,500
    // (not (20 − 2)/20 of it). No retention, no incident response.
    const run = marketRun({
      inject: [ddos({ at: '2027-12-31T20:00', incident_response: constant(0) })],
      insurance: cyber({ retention: 0, waiting_period_hours: 2 }),
    });
    expectRecovery(recoveryOf(run.record, 'ddos', 'cyber'), 1_500, [['waiting_period', 1_500]]);
  });

  it('answers only the outage causes it lists: cyber answers DDoS, not a failed change, unless extended', () => {
    const change = ddos({ name: 'change', causes: { change: 1 } });
    const plain = marketRun({ inject: [change], insurance: cyber() });
    expect(plain.record.recoveries).toEqual([]);
    // With a system-failure extension: 13,000 as for the DDoS.
    const extended = marketRun({ inject: [change], insurance: cyber({ outage_causes: ['ddos', 'change'] }) });
    expectRecovery(recoveryOf(extended.record, 'change', 'cyber'), 13_000, [
      ['waiting_period', 6_000],
      ['retention', 1_000],
    ]);
  });
});

/** Regulators and courts that never act: no fine, no class action, no defense costs. */
const NEVER_LITIGATED = {
  gdpr: { fine_probability: 0, fine: constant(1_000_000) },
  ccpa: { filing_probability: 0, statutory_damages: constant(100) },
  other: { filing_probability: 0, settlement_per_record: constant(2) },
};

/**
 * A breach of the platform on 1 June: 10% of accounts exposed (100,000 people), 20 days to
 * contain, one attack vector. Never litigated: forensics 100,000, notification 150,000,
 * PCI 200,000 (450,000 in all).
 */
function platformBreach(name: string, vector: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'breach',
    name,
    target: 'platform',
    at: '2027-06-01T00:00',
    exposed_share: constant(0.1),
    days_to_contain: constant(20),
    vectors: { [vector]: 1 },
    ...fields,
  };
}
const BREACH_COSTS = 450_000;

describe('defense costs within or outside the limits', () => {
  // Platform breach, insider, only the "other jurisdictions" class action filed:
  // class action 100,000 × 0.5 × 2 = 100,000 (privacy_liability) and legal defense 300,000
  // (defense_costs); forensics, notification and PCI (450,000) are not E&O's.
  const regulation = { ...NEVER_LITIGATED, other: { filing_probability: 1, settlement_per_record: constant(2) } };
  const eo = (terms: Record<string, unknown>) =>
    marketRun({
      inject: [platformBreach('hack', 'insider')],
      breach_costs: TEST_BREACH_COSTS,
      regulation,
      insurance: { policies: [{ name: 'eo', preset: 'tech_eo', insured: 'platform', retention: 50_000, limit: 250_000, aggregate_limit: 1_000_000, ...terms }] },
    });

  it('counts defense towards retention and limit when within limits', () => {
    // X = 100,000 + 300,000 = 400,000; Y = 350,000 → limit 250,000 (100,000 cut).
    const run = eo({});
    expectRecovery(recoveryOf(run.record, 'hack', 'eo'), 250_000, [
      ['retention', 50_000],
      ['limit', 100_000],
    ]);
    // The breach's components, as the impact stage books them.
    expect(run.record.components.map((c) => `${c.kind}:${c.coverage}:${c.amount}`).sort()).toEqual([
      'class_action:privacy_liability:100000',
      'forensics:forensics:100000',
      'legal_defense:defense_costs:300000',
      'notification:notification:150000',
      'pci_assessment:pci_assessments:200000',
    ]);
  });

  it('pays defense on top when outside limits', () => {
    // X = 100,000 (defense left out); Y = 50,000 → 50,000; defense 300,000 on top: 350,000.
    const run = eo({ defense: 'outside_limits' });
    const recovery = recoveryOf(run.record, 'hack', 'eo');
    expectRecovery(recovery, 350_000, [
      ['retention', 50_000],
      ['defense_outside_limits', 300_000],
    ]);
    expect(recovery.utilisation).toBeCloseTo(0.2, 12); // 50,000 of the 250,000 limit
  });

  it('applies coinsurance and the defense sublimit to defense outside limits', () => {
    // Damages: Y = 50,000 × 0.9 = 45,000 (5,000 coinsured).
    // Defense: 0.9 × 300,000 = 270,000 (30,000 coinsured) → sublimit 200,000 (70,000 cut). Paid 245,000.
    const run = eo({ defense: 'outside_limits', coinsurance: 0.1, sublimits: { defense_costs: 200_000 } });
    expectRecovery(recoveryOf(run.record, 'hack', 'eo'), 245_000, [
      ['retention', 50_000],
      ['coinsurance', 5_000],
      ['defense_coinsurance', 30_000],
      ['sublimit_defense_costs', 70_000],
      ['defense_outside_limits', 200_000],
    ]);
  });

  it('does not erode the aggregate with defense outside limits', () => {
    // Aggregate 50,000: damages 50,000 use it up; defense 300,000 is still paid.
    const run = eo({ defense: 'outside_limits', aggregate_limit: 50_000 });
    expectRecovery(recoveryOf(run.record, 'hack', 'eo'), 350_000, [['retention', 50_000], ['defense_outside_limits', 300_000], 'aggregate_used_up']);
    expect(exhaustedNames(run)).toEqual(['eo']);
  });
});

describe("denials, each in the recovery's trail with its reason", () => {
  const cyberPolicy = (terms: Record<string, unknown> = {}) => ({ name: 'cyber', preset: 'cyber', insured: 'platform', limit: 10_000_000, ...terms });

  it('excludes every incident of a definition carrying `war`, and only under a war exclusion', () => {
    // A recurring definition, once a year, with attributes [war]: its forensics loss of 10,000 is
    // denied whole by the cyber preset (which excludes war); a policy without the exclusion pays it.
    // An unattributed injection of 4,000 is paid either way.
    const year = (policy: Record<string, unknown>) =>
      fairRun({
        incidents: [{ type: 'loss_event', name: 'state-attack', frequency: fixed(1), loss: constant(10_000), bearer: 'platform', coverage: 'forensics', attributes: ['war'] }],
        inject: [lossEvent('plain', '2027-06-01', 4_000, { coverage: 'forensics' })],
        insurance: { policies: [policy] },
      });
    const excluding = year(cyberPolicy());
    expectRecovery(recoveryOf(excluding.record, 'state-attack', 'cyber'), 0, [['excluded_war', 10_000]]);
    expectRecovery(recoveryOf(excluding.record, 'plain', 'cyber'), 4_000, []);
    const open = year({ name: 'open', insured: 'platform', covers: ['forensics'], limit: 10_000_000, aggregate_limit: 100_000_000 });
    expectRecovery(recoveryOf(open.record, 'state-attack', 'open'), 10_000, []);
    expectRecovery(recoveryOf(open.record, 'plain', 'open'), 4_000, []);
  });

  it('excludes prior acts the same way', () => {
    const run = fairRun({
      inject: [lossEvent('old', '2027-06-01', 4_000, { coverage: 'forensics', attributes: ['prior_acts'] })],
      insurance: { policies: [cyberPolicy()] },
    });
    expectRecovery(recoveryOf(run.record, 'old', 'cyber'), 0, [['excluded_prior_acts', 4_000]]);
  });

  /** A 10 h outage on 10 March (cause change), with SLA credits to sellers. */
  const creditYear = (policies: Record<string, unknown>[]) =>
    marketRun({
      inject: [{ type: 'outage', name: 'down', at: '2027-03-10T00:00', duration_hours: constant(10), scope: constant(1) }],
      contracts: {
        seller_terms: {
          sla_tiers: [
            { below: 0.999, credit: 0.1 },
            { below: 0.99, credit: 0.25 },
          ],
        },
      },
      insurance: { policies },
    });
  const creditCovers = ['sla_credits', 'business_interruption'];
  // March downtime 10/744 → uptime 0.98656 < 0.99 → credit 0.25 of a month's fees: small
  // 0.25 × 100,000 = 25,000, large 0.25 × 41,666.67 = 10,416.67, 35,416.67 in all, paid by the
  // platform. Its lost commission: 10 × 10,000 × 0.75 × 0.1 = 7,500 (business interruption).
  const CREDITS = 25_000 + 0.25 * (500_000 / 12);

  it('denies the SLA credits the platform paid as contractual liability, and pays its lost commission', () => {
    const strict = creditYear([{ name: 'strict', insured: 'platform', covers: creditCovers, exclusions: ['contractual_liability'], limit: 1_000_000 }]);
    expectRecovery(recoveryOf(strict.record, 'down', 'strict'), 7_500, [['excluded_contractual_liability', CREDITS]]);
    const broad = creditYear([{ name: 'broad', insured: 'platform', covers: creditCovers, limit: 1_000_000 }]);
    expectRecovery(recoveryOf(broad.record, 'down', 'broad'), 7_500 + CREDITS, []);
  });

  it('never lets two policies of one insured recover more than it paid for an occurrence', () => {
    // Both policies answer the same 42,916.67 (credits and lost commission): between them they
    // pay it once, whichever of them pays which part.
    const run = creditYear([
      { name: 'strict', insured: 'platform', covers: creditCovers, exclusions: ['contractual_liability'], limit: 1_000_000 },
      { name: 'broad', insured: 'platform', covers: creditCovers, limit: 1_000_000 },
    ]);
    const recovered = run.record.recoveries.reduce((total, recovery) => total + recovery.amount, 0);
    expectCents(recovered, 7_500 + CREDITS);
    expectCents(netsOf(run).platform!, 0);
    expectInsuranceConserved(run);
  });

  it('denies what the platform pays buyers under its buyer guarantee as contractual liability', () => {
    // A small seller sells 100 counterfeit orders of 50: buyers lose 5,000. The seller is insolvent
    // (solvency 0), so the platform pays under its guarantee and its recovery fails.
    const guaranteed = (name: string, exclusions: string[]) =>
      marketRun(
        {
          inject: [{ type: 'seller_misconduct', name: 'fake', segment: 'small', kind: 'counterfeit', at: '2027-03-10T00:00', orders: constant(100), order_value: constant(50) }],
          contracts: { seller_terms: { buyer_guarantee: true } },
          insurance: { policies: [{ name, insured: 'platform', incident_types: ['seller_misconduct'], covers: ['third_party_damages'], exclusions, limit: 1_000_000 }] },
        },
        marketWithSolvency(0, 1),
      );
    expectRecovery(recoveryOf(guaranteed('strict', ['contractual_liability']).record, 'fake', 'strict'), 0, [['excluded_contractual_liability', 5_000]]);
    expectRecovery(recoveryOf(guaranteed('broad', []).record, 'fake', 'broad'), 5_000, []);
  });

  it('denies a regulatory fine under a fines-and-penalties exclusion and pays the rest', () => {
    // Platform breach, insider, a certain GDPR fine of 1,000,000 (below the 20M ceiling) and its
    // legal defense 300,000, plus 450,000 of breach costs: 1,750,000 in all.
    const breach = (policy: Record<string, unknown>) =>
      marketRun({
        inject: [platformBreach('hack', 'insider')],
        breach_costs: TEST_BREACH_COSTS,
        regulation: { ...NEVER_LITIGATED, gdpr: { fine_probability: 1, fine: constant(1_000_000) } },
        insurance: { policies: [policy] },
      });
    const excluding = breach(cyberPolicy({ exclusions: ['fines_and_penalties', 'contractual_liability', 'war', 'prior_acts'] }));
    expectRecovery(recoveryOf(excluding.record, 'hack', 'cyber'), 750_000, [['excluded_fines_and_penalties', 1_000_000]]);
    // The cyber preset covers fines where insurable: all 1,750,000.
    const insurable = breach(cyberPolicy());
    expectRecovery(recoveryOf(insurable.record, 'hack', 'cyber'), 1_750_000, []);
  });

  it('denies a breach through a known unpatched vulnerability when the insured is found negligent', () => {
    // Posture 0, negligence base 1: probability min(1, 1 × 1 × 1) = 1, so every draw finds negligence.
    const unpatched = (negligence: Record<string, unknown>, policy = cyberPolicy({ exclusions: ['known_unpatched_vulnerability'] }), vector = 'unpatched_vulnerability') =>
      marketRun({ inject: [platformBreach('hack', vector)], breach_costs: TEST_BREACH_COSTS, regulation: NEVER_LITIGATED, negligence, insurance: { policies: [policy] } }, CARELESS_MARKET);
    const negligent = unpatched({ base: 1, gross_share: 0 });
    const denied = recoveryOf(negligent.record, 'hack', 'cyber');
    expectRecovery(denied, 0, [['excluded_known_unpatched_vulnerability', BREACH_COSTS]]);
    expect(denied.trail[0]!.threshold).toBe(1);
    expect(denied.trail[0]!.draw).toBe(negligent.record.incidents[0]!.negligenceDraw);
    // Not negligent (base 0): paid in full.
    expectRecovery(recoveryOf(unpatched({ base: 0 }).record, 'hack', 'cyber'), BREACH_COSTS, []);
    // Negligent, but without the exclusion (the cyber preset's list): paid.
    expectRecovery(recoveryOf(unpatched({ base: 1, gross_share: 0 }, cyberPolicy()).record, 'hack', 'cyber'), BREACH_COSTS, []);
    // Negligent through another vector: the exclusion does not apply.
    expectRecovery(recoveryOf(unpatched({ base: 1, gross_share: 0 }, undefined, 'insider').record, 'hack', 'cyber'), BREACH_COSTS, []);
  });

  it("does not void the platform's cover for its processor's unpatched systems", () => {
    // A breach at the cloud host (contact data): 100,000 people; the processor pays forensics
    // (100,000), the platform as controller notification 100,000 × 1.5 = 150,000 (no indemnity
    // terms). The processor is negligent, but it is not the insured: the platform recovers 150,000.
    const run = marketRun(
      {
        inject: [platformBreach('hack', 'unpatched_vulnerability', { target: 'processor', processor: 'cloud' })],
        breach_costs: TEST_BREACH_COSTS,
        regulation: NEVER_LITIGATED,
        negligence: { base: 1, gross_share: 0 },
        insurance: { policies: [cyberPolicy({ exclusions: ['known_unpatched_vulnerability'] })] },
      },
      CARELESS_MARKET,
    );
    expectRecovery(recoveryOf(run.record, 'hack', 'cyber'), 150_000, []);
  });

  it('denies a claim notified after the notice period, and pays one notified within it', () => {
    // A forensics loss of 10,000; notice within 30 days. Delay 45 → denied; 30 (not above) and 10 → paid.
    const notified = (delay: number) =>
      fairRun({
        inject: [lossEvent('lab', '2027-06-01', 10_000, { coverage: 'forensics' })],
        insurance: { policies: [cyberPolicy({ conditions: { notice: { within_days: 30, delay_days: constant(delay) } } })] },
      });
    const late = recoveryOf(notified(45).record, 'lab', 'cyber');
    expectRecovery(late, 0, [['notice_late', 10_000]]);
    expect(late.trail[0]).toMatchObject({ draw: 45, threshold: 30 });
    expectRecovery(recoveryOf(notified(30).record, 'lab', 'cyber'), 10_000, []);
    expectRecovery(recoveryOf(notified(10).record, 'lab', 'cyber'), 10_000, []);
  });

  it('denies a credential-stuffing breach when the warranted MFA is not enabled, and only then', () => {
    const warranted = (enabled: boolean, vector = 'credential_stuffing') =>
      marketRun({
        inject: [platformBreach('hack', vector)],
        breach_costs: TEST_BREACH_COSTS,
        regulation: NEVER_LITIGATED,
        mitigations: [{ name: 'mfa', enabled }],
        insurance: { policies: [cyberPolicy({ conditions: { mfa_warranty: { mitigation: 'mfa' } } })] },
      });
    expectRecovery(recoveryOf(warranted(false).record, 'hack', 'cyber'), 0, [['mfa_warranty_breached', BREACH_COSTS]]);
    expectRecovery(recoveryOf(warranted(false, 'phishing').record, 'hack', 'cyber'), 0, [['mfa_warranty_breached', BREACH_COSTS]]);
    expectRecovery(recoveryOf(warranted(true).record, 'hack', 'cyber'), BREACH_COSTS, []);
    // MFA does not guard against an insider: no denial even with it disabled.
    expectRecovery(recoveryOf(warranted(false, 'insider').record, 'hack', 'cyber'), BREACH_COSTS, []);
  });

  it("does not deny the platform for its processor's missing MFA", () => {
    // A credential-stuffing breach at the cloud host, the platform's MFA disabled: the warranty
    // concerns the platform's own systems, so its 150,000 as controller is paid (as above).
    const run = marketRun({
      inject: [platformBreach('hack', 'credential_stuffing', { target: 'processor', processor: 'cloud' })],
      breach_costs: TEST_BREACH_COSTS,
      regulation: NEVER_LITIGATED,
      mitigations: [{ name: 'mfa', enabled: false }],
      insurance: { policies: [cyberPolicy({ conditions: { mfa_warranty: { mitigation: 'mfa' } } })] },
    });
    expectRecovery(recoveryOf(run.record, 'hack', 'cyber'), 150_000, []);
  });

  it('pays no layer above a denied occurrence', () => {
    // The war loss of 10,000 is denied by the primary; the layer over it (attaching at 1,000) pays nothing.
    const run = fairRun({
      inject: [lossEvent('attack', '2027-06-01', 10_000, { coverage: 'forensics', attributes: ['war'] })],
      insurance: { policies: [cyberPolicy({ limit: 1_000 })], layers: [{ name: 'xs', over: 'cyber', attachment: 1_000, limit: 10_000 }] },
    });
    expectRecovery(recoveryOf(run.record, 'attack', 'cyber'), 0, [['excluded_war', 10_000]]);
    expect(recoveriesOf(run.record, 'xs')).toEqual([]);
  });
});

describe('per-seller policies', () => {
  // Segment small: 1,000 sellers. Each seller's policy: retention 600, limit 500, aggregate 600.
  const sellerPolicy = (terms: Record<string, unknown> = {}) => ({
    name: 'seller-bi',
    insured: 'sellers:small',
    per_seller: true,
    covers: ['business_interruption', 'forensics', 'notification'],
    retention: 600,
    limit: 500,
    aggregate_limit: 600,
    premium: 100,
    ...terms,
  });
  const segmentLoss = (name: string, at: string, amount: number) => lossEvent(name, at, amount, { bearer: 'sellers:small', coverage: 'business_interruption' });

  it('splits a segment-wide loss over the sellers and pays each holder above its retention', () => {
    // 1,000,000 over 1,000 sellers = 1,000 each; 1,000 − 600 = 400 each (below the limit 500);
    // × 1,000 holders = 400,000. Utilisation per seller 400 / 500 = 0.8.
    // A second identical loss: each seller's aggregate has 600 − 400 = 200 left → 200 × 1,000 = 200,000.
    const run = marketRun({ inject: [segmentLoss('feb', '2027-02-01', 1_000_000), segmentLoss('mar', '2027-03-01', 1_000_000)], insurance: { policies: [sellerPolicy()] } });
    const feb = recoveryOf(run.record, 'feb', 'seller-bi');
    expectRecovery(feb, 400_000, ['per_seller', ['retention', 600]]);
    expect(feb.trail[0]!.share).toBe(1);
    expect(feb.utilisation).toBeCloseTo(0.8, 12);
    expect(feb.insured).toBe('sellers:small');
    expectRecovery(recoveryOf(run.record, 'mar', 'seller-bi'), 200_000, ['per_seller', ['retention', 600], ['aggregate_binding', 200]]);
    expect(exhaustedNames(run)).toEqual(['seller-bi']);
    // The segment carries 2,000,000 and recovers 600,000.
    expectCents(netsOf(run)['sellers:small']!, 1_400_000);
    expectCents(netsOf(run)['insurer:seller-bi']!, 600_000);
    expectInsuranceConserved(run);
  });

  it("pays nothing when each seller's share is below its retention", () => {
    // 500,000 / 1,000 = 500 per seller < 600.
    const run = marketRun({ inject: [segmentLoss('feb', '2027-02-01', 500_000)], insurance: { policies: [sellerPolicy()] } });
    expectRecovery(recoveryOf(run.record, 'feb', 'seller-bi'), 0, ['per_seller', ['within_retention', 500]]);
  });

  it('scales by take-up: a quarter of the sellers hold it', () => {
    // 400 per holder × 1,000 × 0.25 = 250 holders = 100,000. Premium 100 × 250 = 25,000.
    const run = marketRun({ inject: [segmentLoss('feb', '2027-02-01', 1_000_000)], insurance: { policies: [sellerPolicy({ take_up: 0.25 })] } });
    const feb = recoveryOf(run.record, 'feb', 'seller-bi');
    expectRecovery(feb, 100_000, ['per_seller', ['retention', 600]]);
    expect(feb.trail[0]!.share).toBe(0.25);
    expect(run.model.insurance.covers[0]!.premium).toBe(25_000);
  });

  /** A seller of segment small mishandles data: investigation 2,000 (forensics), 1,000 people notified at 1.5 = 1,500. */
  const sellerSlip = (name: string, at: string) => ({
    type: 'data_mishandling',
    name,
    party: 'seller',
    segment: 'small',
    at,
    records: constant(1_000),
    investigation: constant(2_000),
  });
  const slipYear = (terms: Record<string, unknown>) =>
    marketRun({
      inject: [sellerSlip('slip1', '2027-03-01'), sellerSlip('slip2', '2027-04-01')],
      breach_costs: TEST_BREACH_COSTS,
      regulation: NEVER_LITIGATED,
      insurance: { policies: [sellerPolicy({ retention: 1_000, limit: 10_000, aggregate_limit: 3_000, ...terms })] },
    });

  it("pays one seller's claim for an incident one seller caused, without eroding the aggregate", () => {
    // That seller's cost: 2,000 + 1,500 = 3,500 (not split over the segment) → 3,500 − 1,000 = 2,500.
    // Such incidents hit different sellers: the second is paid 2,500 too, though the aggregate is 3,000.
    const run = slipYear({});
    expect(run.record.allocations.filter((a) => a.bearer === 'sellers:small').reduce((sum, a) => sum + a.amount, 0)).toBeCloseTo(7_000, 6);
    expectRecovery(recoveryOf(run.record, 'slip1', 'seller-bi'), 2_500, [['retention', 1_000]]);
    expectRecovery(recoveryOf(run.record, 'slip2', 'seller-bi'), 2_500, [['retention', 1_000]]);
    expect(run.record.exhausted).toEqual([]);
  });

  it('pays the one seller whose goods were counterfeit', () => {
    // 100 orders of 50 = 5,000 owed to buyers by one small seller (solvent): 5,000 − 1,000 = 4,000,
    // not split over the 1,000 sellers.
    const run = marketRun({
      inject: [{ type: 'seller_misconduct', name: 'fake', segment: 'small', kind: 'counterfeit', at: '2027-03-10T00:00', orders: constant(100), order_value: constant(50) }],
      insurance: { policies: [sellerPolicy({ incident_types: ['seller_misconduct'], covers: ['third_party_damages'], retention: 1_000, limit: 10_000, aggregate_limit: 10_000 })] },
    });
    expectRecovery(recoveryOf(run.record, 'fake', 'seller-bi'), 4_000, [['retention', 1_000]]);
  });

  it('draws whether that seller holds the policy: never at take-up 0, by the draw at 0.5', () => {
    const none = slipYear({ take_up: 0 });
    const denied = recoveryOf(none.record, 'slip1', 'seller-bi');
    expectRecovery(denied, 0, ['seller_uninsured']);
    expect(denied.trail[0]!.threshold).toBe(0);
    const half = slipYear({ take_up: 0.5 });
    for (const name of ['slip1', 'slip2']) {
      const recovery = recoveryOf(half.record, name, 'seller-bi');
      const draw = recovery.trail[0]!.draw!;
      if (draw < 0.5) expectRecovery(recovery, 2_500, ['seller_holds_policy', ['retention', 1_000]]);
      else expectRecovery(recovery, 0, ['seller_uninsured']);
    }
  });
});

describe('the third-party view', () => {
  it('a platform E&O policy pays the damages the platform owes sellers for a negligent outage', () => {
    // Posture 0, base 1: negligent (not gross); lost profits not excluded. A 10 h outage on 10 March:
    // lost GMV 75,000 → sellers' margin small 75,000 × 0.4 × 0.25 = 7,500, large 75,000 × 0.6 × 0.1
    // = 4,500, both claimed from the platform and settled in full: 12,000 of third_party_damages.
    // The platform's own lost commission (7,500, business interruption) is not E&O's.
    // Retention 2,000 → 10,000; utilisation 10,000 / 100,000.
    const run = marketRun(
      {
        inject: [{ type: 'outage', name: 'down', at: '2027-03-10T00:00', duration_hours: constant(10), scope: constant(1) }],
        negligence: { base: 1, gross_share: 0 },
        contracts: { seller_terms: { exclude_consequential: false } },
        insurance: { policies: [{ name: 'eo', preset: 'tech_eo', insured: 'platform', retention: 2_000, limit: 100_000 }] },
      },
      CARELESS_MARKET,
    );
    const owed = run.record.allocations.filter((a) => a.bearer === 'platform' && a.component.sufferer !== 'platform');
    expect(owed.map((a) => `${a.component.kind}:${a.component.sufferer}`)).toEqual(['seller_lost_margin:sellers:small', 'seller_lost_margin:sellers:large']);
    const recovery = recoveryOf(run.record, 'down', 'eo');
    expectRecovery(recovery, 10_000, [['retention', 2_000]]);
    expect(recovery.utilisation).toBeCloseTo(0.1, 12);
    const nets = netsOf(run);
    expectCents(nets.platform!, 7_500 + 12_000 - 10_000);
    expectCents(nets['insurer:eo']!, 10_000);
    expectCents(nets['sellers:small']!, 0);
    expectCents(nets['sellers:large']!, 0);
    expectInsuranceConserved(run);
  });

  it("counts the platform's own legal costs in the sellers' litigation as defense costs", () => {
    // The same outage, each segment's claim litigated and paid in full; each side bears its own
    // costs: the platform 3,000 per claim (legal_costs, defense_costs), 6,000 in all.
    // Limit 12,000. Within limits: X = 12,000 + 6,000 = 18,000 → 16,000 → limit 12,000 (4,000 cut).
    // Outside limits: X = 12,000 → 10,000, plus defense 6,000 = 16,000.
    const litigated = (defense: string) =>
      marketRun(
        {
          inject: [{ type: 'outage', name: 'down', at: '2027-03-10T00:00', duration_hours: constant(10), scope: constant(1) }],
          negligence: { base: 1, gross_share: 0 },
          contracts: { seller_terms: { exclude_consequential: false } },
          dispute: { negotiation: { probability: 0 }, litigation: { probability: 1, claimant_costs: constant(1_000), defendant_costs: constant(3_000) } },
          insurance: { policies: [{ name: 'eo', preset: 'tech_eo', insured: 'platform', retention: 2_000, limit: 12_000, aggregate_limit: 1_000_000, defense }] },
        },
        CARELESS_MARKET,
      );
    const within = litigated('within_limits');
    const legal = within.record.allocations.filter((a) => a.bearer === 'platform' && a.component.kind === 'legal_costs');
    expect(legal.map((a) => [a.component.coverage, a.amount])).toEqual([
      ['defense_costs', 3_000],
      ['defense_costs', 3_000],
    ]);
    expectRecovery(recoveryOf(within.record, 'down', 'eo'), 12_000, [
      ['retention', 2_000],
      ['limit', 4_000],
    ]);
    expectRecovery(recoveryOf(litigated('outside_limits').record, 'down', 'eo'), 16_000, [
      ['retention', 2_000],
      ['defense_outside_limits', 6_000],
    ]);
    expectInsuranceConserved(within);
  });
});
