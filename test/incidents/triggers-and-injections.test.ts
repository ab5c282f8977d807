import { describe, expect, it } from 'vitest';
import { compileModel, type SimulationModel } from '../../src/engine/simulation-model.ts';
import { compareIncidents, incidentId, type Incident, type LossEventIncident } from '../../src/incidents/incident.ts';
import type { Scenario } from '../../src/scenario/schema/scenario-schema.ts';
import { buildScenario } from '../helpers/build-scenario.ts';
import { constant, fixed, marketScenario, runTrialOn } from '../helpers/fixed-trial.ts';

/**
 * The incident stage's scheduling (MODEL §6): triggers (one incident starting another with a
 * probability, after a delay), scheduled injections present in every trial, how mitigations treat
 * injections, and demand-weighted timing.
 */

/** The time-ordered incidents of trials 1..`trials`, triggers included. */
function incidentsOfTrials(model: SimulationModel, trials: number): Incident[][] {
  return Array.from({ length: trials }, (_, index) => runTrialOn(model, index + 1).incidents);
}

/** A loss_event definition (no market needed), `fixed` count, constant loss. */
function lossEvent(name: string, count: number, loss: number, extra: Record<string, unknown> = {}) {
  return { type: 'loss_event', name, frequency: fixed(count), loss: constant(loss), bearer: 'platform', ...extra };
}

/** Three `ransomware` events a year, each starting `outage` with `probability` after `delay` hours. */
function triggering(probability: number, delay: Record<string, unknown> | undefined, extra: Record<string, unknown>[] = []): Scenario {
  const trigger = { incident: 'outage', probability, ...(delay ? { delay_hours: delay } : {}) };
  return buildScenario({
    incidents: [lossEvent('ransomware', 3, 1_000, { triggers: [trigger] }), lossEvent('outage', 0, 10), ...extra],
  });
}

/** Expects a trial's incidents in time order (ties: definition, then candidate). */
function expectTimeOrder(incidents: readonly Incident[]): void {
  for (let i = 1; i < incidents.length; i++) expect(incidents[i]!.timeHours).toBeGreaterThanOrEqual(incidents[i - 1]!.timeHours);
}

describe('triggers', () => {
  it('start the target at parent time + delay, after the parent, named after it', () => {
    const model = compileModel(triggering(1, constant(48)), 3);
    let children = 0;
    for (const incidents of incidentsOfTrials(model, 200)) {
      expectTimeOrder(incidents);
      const parents = incidents.filter((incident) => incident.name === 'ransomware');
      expect(parents).toHaveLength(3);
      for (const parent of parents) {
        const parentId = incidentId(parent);
        const child = incidents.find((incident) => incident.triggeredBy === parentId);
        if (parent.timeHours + 48 >= 8760) {
          expect(child).toBeUndefined(); // would start after the year's end
          continue;
        }
        children++;
        expect(child).toMatchObject({ name: 'outage', timeHours: parent.timeHours + 48, definitionIndex: 1, lossAmount: 10 });
        expect(incidentId(child!)).toBe(`outage<${parentId}`);
        expect(incidents.indexOf(child!)).toBeGreaterThan(incidents.indexOf(parent));
      }
      // Nothing but triggered incidents of the target: its own frequency is 0.
      expect(incidents.filter((incident) => incident.name === 'outage').every((incident) => incident.triggeredBy !== undefined)).toBe(true);
    }
    expect(children).toBeGreaterThan(590); // 600 parents, of which ~0.5% fall in the last 48 hours
  });

  it('insert a zero-delay child right after its parent even when its definition sorts first', () => {
    // The target is defined first (index 0), so by compareIncidents it would sort before its parent.
    const scenario = buildScenario({
      incidents: [lossEvent('outage', 0, 10), lossEvent('ransomware', 2, 1_000, { triggers: [{ incident: 'outage', probability: 1 }] })],
    });
    for (const incidents of incidentsOfTrials(compileModel(scenario, 1), 50)) {
      expect(incidents.map((incident) => incident.name)).toEqual(['ransomware', 'outage', 'ransomware', 'outage']);
      expect(incidents[1]!.timeHours).toBe(incidents[0]!.timeHours);
      expect(incidents[1]!.triggeredBy).toBe(incidentId(incidents[0]!));
    }
  });

  it('never start anything with probability 0', () => {
    for (const incidents of incidentsOfTrials(compileModel(triggering(0, constant(1)), 3), 200)) {
      expect(incidents.map((incident) => incident.name)).toEqual(['ransomware', 'ransomware', 'ransomware']);
    }
  });

  it('drop a started incident that would begin after the year ends', () => {
    for (const incidents of incidentsOfTrials(compileModel(triggering(1, constant(9_000)), 3), 200)) {
      expect(incidents.filter((incident) => incident.name === 'outage')).toEqual([]);
    }
  });

  it('start each with its probability, independently per parent', () => {
    const trials = incidentsOfTrials(compileModel(triggering(0.3, constant(1)), 3), 1_000);
    const started = trials.flat().filter((incident) => incident.triggeredBy !== undefined).length;
    // 3,000 parents (a handful in the last hour of the year cannot start one); sd of the share ≈ 0.0084.
    expect(Math.abs(started / 3_000 - 0.3)).toBeLessThan(4 * Math.sqrt((0.3 * 0.7) / 3_000));
  });

  it('draw the delay from its distribution', () => {
    const trials = incidentsOfTrials(compileModel(triggering(1, { dist: 'uniform', min: 10, max: 100 }), 3), 300);
    const delays: number[] = [];
    for (const incidents of trials) {
      for (const child of incidents.filter((incident) => incident.triggeredBy !== undefined)) {
        const parent = incidents.find((incident) => incidentId(incident) === child.triggeredBy)!;
        delays.push(child.timeHours - parent.timeHours);
      }
    }
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...delays)).toBeLessThanOrEqual(100);
    const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
    expect(Math.abs(mean - 55)).toBeLessThan(4 * Math.sqrt(90 ** 2 / 12 / delays.length));
  });

  it('chain: a started incident starts others in turn, and the id names the whole chain', () => {
    const scenario = triggering(1, constant(48), []);
    const chained = buildScenario({
      ...scenario,
      incidents: [scenario.incidents[0], { ...lossEvent('outage', 0, 10), triggers: [{ incident: 'refunds', probability: 1, delay_hours: constant(24) }] }, lossEvent('refunds', 0, 5)],
    });
    for (const incidents of incidentsOfTrials(compileModel(chained, 9), 100)) {
      expectTimeOrder(incidents);
      for (const refund of incidents.filter((incident) => incident.name === 'refunds')) {
        const outage = incidents.find((incident) => incidentId(incident) === refund.triggeredBy)!;
        const ransomware = incidents.find((incident) => incidentId(incident) === outage.triggeredBy)!;
        expect(incidentId(refund)).toBe(`refunds<outage<${incidentId(ransomware)}`);
        expect(refund.timeHours).toBe(ransomware.timeHours + 72);
      }
    }
  });

  it('books the started incident’s own losses in the impact stage', () => {
    const model = compileModel(triggering(1, constant(1)), 3);
    const trial = runTrialOn(model, 1);
    const started = trial.components.filter((component) => component.incident.triggeredBy !== undefined);
    expect(started.map((component) => [component.kind, component.amount, component.sufferer])).toEqual([
      ['loss_event', 10, 'platform'],
      ['loss_event', 10, 'platform'],
      ['loss_event', 10, 'platform'],
    ]);
  });
});

describe('scheduled injections', () => {
  const scenario = buildScenario({
    incidents: [{ ...lossEvent('fraud', 0, 500), frequency: { dist: 'poisson', mean: 4 } }],
    inject: [{ type: 'loss_event', name: 'stress', at: '2027-11-26T10:00', loss: constant(2_000_000), bearer: 'platform' }],
  });

  it('appear in every trial, once, at their calendar time, in time order with the rest', () => {
    // 26 November 10:00 is hour 329 × 24 + 10 = 7,906.
    for (const incidents of incidentsOfTrials(compileModel(scenario, 11), 300)) {
      const injected = incidents.filter((incident) => incident.name === 'stress');
      expect(injected).toHaveLength(1);
      expect(injected[0]).toMatchObject({ timeHours: 7906, candidate: 1, definitionIndex: 1, lossAmount: 2_000_000 });
      expect(incidentId(injected[0]!)).toBe('stress#1');
      expectTimeOrder(incidents);
    }
  });

  it('are kept by a mitigation that thins frequencies: multipliers do not apply to scheduled incidents', () => {
    const thinned = buildScenario({ ...scenario, mitigations: [{ name: 'everything', frequency: 0 }] });
    const trials = incidentsOfTrials(compileModel(thinned, 11), 100);
    for (const incidents of trials) expect(incidents.map(incidentId)).toEqual(['stress#1']);
    // Even one aimed at the injection by name.
    const aimed = buildScenario({ ...scenario, mitigations: [{ name: 'aimed', applies_to: ['stress'], frequency: 0 }] });
    expect(incidentsOfTrials(compileModel(aimed, 11), 20).every((incidents) => incidents.some((incident) => incident.name === 'stress'))).toBe(true);
  });

  it('are scaled by severity multipliers like any incident', () => {
    const scaled = buildScenario({ ...scenario, mitigations: [{ name: 'halve', applies_to: ['stress'], severity: { loss: 0.5 } }] });
    const [incidents] = incidentsOfTrials(compileModel(scaled, 11), 1);
    expect((incidents!.find((incident) => incident.name === 'stress') as LossEventIncident).lossAmount).toBe(1_000_000);
  });

  it('order simultaneous injections by their place in the file', () => {
    const a = { type: 'loss_event', at: '2027-03-01T00:00', loss: constant(1), bearer: 'platform' };
    const tie = buildScenario({
      inject: [
        { ...a, name: 'later' },
        { ...a, name: 'earlier', at: '2027-02-01T00:00' },
        { ...a, name: 'same' },
      ],
    });
    const [incidents] = incidentsOfTrials(compileModel(tie, 1), 1);
    expect(incidents!.map((incident) => incident.name)).toEqual(['earlier', 'later', 'same']);
    expect([...incidents!].sort(compareIncidents)).toEqual(incidents);
  });
});

describe('demand-weighted timing', () => {
  // A flat year but for 26 November at × 10: that day holds 10 / (364 + 10) = 2.674% of the GMV.
  const DAY_SHARE = 10 / 374;
  const FIRST_HOUR = 329 * 24; // 26 November 00:00
  const market = { gmv: 1_000_000, take_rate: 0.1, buyers: { accounts: 1_000 }, seasonality: { peaks: [{ name: 'bf', date: '2027-11-26', multiplier: 10 }] } };

  /** Share of the incidents of `trials` trials that fall on 26 November, and how many there were. */
  function peakDayShare(timing: 'demand' | 'uniform', trials: number): { share: number; count: number } {
    const scenario = marketScenario({ incidents: [{ type: 'outage', name: 'down', frequency: fixed(20), timing, duration_hours: constant(0), scope: constant(0) }] }, market);
    const model = compileModel(scenario, 4);
    let onPeak = 0;
    let count = 0;
    for (let trial = 1; trial <= trials; trial++) {
      const into: Incident[] = [];
      for (const generate of model.incidents.generators) generate(trial, model.year, into);
      for (const incident of into) {
        count++;
        if (incident.timeHours >= FIRST_HOUR && incident.timeHours < FIRST_HOUR + 24) onPeak++;
      }
    }
    return { share: onPeak / count, count };
  }

  it("puts incidents on the peak day in proportion to that day's GMV", () => {
    const { share, count } = peakDayShare('demand', 1_000);
    expect(count).toBe(20_000);
    // sd of the share = √(p(1 − p)/n) ≈ 0.00114
    expect(Math.abs(share - DAY_SHARE)).toBeLessThan(4 * Math.sqrt((DAY_SHARE * (1 - DAY_SHARE)) / count));
  });

  it('puts 1/365 of them there with uniform timing', () => {
    const { share, count } = peakDayShare('uniform', 1_000);
    expect(Math.abs(share - 1 / 365)).toBeLessThan(4 * Math.sqrt(((1 / 365) * (364 / 365)) / count));
  });
});
