import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/engine/simulation-model.ts';
import { incidentId, type Incident, type LossEventIncident } from '../../src/incidents/incident.ts';
import type { Scenario } from '../../src/scenario/schema/scenario-schema.ts';
import { buildScenario, lossEventScenario } from '../helpers/build-scenario.ts';

/** The incidents of one trial, as the incident stage draws them (before sorting and triggers). */
function incidentsOf(scenario: Scenario, trial: number, seed = 5): Incident[] {
  const model = compileModel(scenario, seed);
  const into: Incident[] = [];
  for (const generate of model.incidents.generators) generate(trial, model.year, into);
  return into;
}

function withMitigation(scenario: Scenario, mitigation: Record<string, unknown>): Scenario {
  return buildScenario({ ...scenario, mitigations: [{ name: 'control', ...mitigation }] });
}

describe('recurring incidents', () => {
  const base = lossEventScenario({ mean: 3 });

  it('draws incidents within the year, with losses ≥ 0, numbered from 1', () => {
    for (let trial = 1; trial <= 200; trial++) {
      incidentsOf(base, trial).forEach((incident, index) => {
        expect(incident.candidate).toBe(index + 1);
        expect(incident.timeHours).toBeGreaterThanOrEqual(0);
        expect(incident.timeHours).toBeLessThan(8760);
        expect((incident as LossEventIncident).lossAmount).toBeGreaterThanOrEqual(0);
      });
    }
  });

  it("keeps each candidate's time and loss when the frequency distribution changes (common random numbers)", () => {
    const busier = lossEventScenario({ mean: 6 });
    let shared = 0;
    for (let trial = 1; trial <= 300; trial++) {
      const fewer = incidentsOf(base, trial);
      const more = incidentsOf(busier, trial);
      expect(more.length).toBeGreaterThanOrEqual(fewer.length); // inversion: a higher mean never gives fewer
      fewer.forEach((incident, index) => {
        expect(more[index]).toEqual(incident);
        shared++;
      });
    }
    expect(shared).toBeGreaterThan(600);
  });

  it('keeps every surviving incident identical when a mitigation halves the frequency (thinning)', () => {
    const halved = withMitigation(base, { frequency: 0.5 });
    let kept = 0;
    let candidates = 0;
    for (let trial = 1; trial <= 2000; trial++) {
      const all = new Map(incidentsOf(base, trial).map((incident) => [incidentId(incident), incident]));
      candidates += all.size;
      for (const survivor of incidentsOf(halved, trial)) {
        expect(survivor).toEqual(all.get(incidentId(survivor)));
        kept++;
      }
    }
    // Each of ~6,000 candidates survives with probability 0.5: sd ≈ 39.
    expect(Math.abs(kept / candidates - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / candidates));
  });

  it('nests thinning: what a stronger mitigation keeps, a weaker one keeps too', () => {
    const weak = withMitigation(base, { frequency: 0.7 });
    const strong = withMitigation(base, { frequency: 0.3 });
    for (let trial = 1; trial <= 300; trial++) {
      const weakIds = new Set(incidentsOf(weak, trial).map(incidentId));
      for (const incident of incidentsOf(strong, trial)) expect(weakIds.has(incidentId(incident))).toBe(true);
    }
  });

  it('adds an independent stream of extra events for a multiplier above 1, keeping the originals', () => {
    const doubled = withMitigation(base, { frequency: 2 });
    let originals = 0;
    let extras = 0;
    for (let trial = 1; trial <= 2000; trial++) {
      const before = incidentsOf(base, trial);
      const after = incidentsOf(doubled, trial);
      expect(after.slice(0, before.length)).toEqual(before);
      originals += before.length;
      extras += after.length - before.length;
      for (const extra of after.slice(before.length)) expect(extra.candidate).toBeGreaterThan(1_000_000);
    }
    expect(Math.abs(extras / originals - 1)).toBeLessThan(0.06); // ~6,000 each: sd of the ratio ≈ 0.018
  });

  it('scales the same draw when a mitigation scales the severity', () => {
    const scaled = withMitigation(base, { severity: { loss: 0.4 } });
    for (let trial = 1; trial <= 50; trial++) {
      const original = incidentsOf(base, trial) as LossEventIncident[];
      (incidentsOf(scaled, trial) as LossEventIncident[]).forEach((incident, index) => {
        expect(incident.lossAmount).toBeCloseTo(0.4 * original[index]!.lossAmount, 6);
        expect(incident.timeHours).toBe(original[index]!.timeHours);
      });
    }
  });

  it('ignores a disabled mitigation and one that applies to another incident', () => {
    const scenario = buildScenario({
      ...base,
      incidents: [...base.incidents, { ...base.incidents[0]!, name: 'other' }],
      mitigations: [
        { name: 'off', enabled: false, frequency: 0 },
        { name: 'elsewhere', applies_to: ['other'], frequency: 0 },
      ],
    });
    for (let trial = 1; trial <= 50; trial++) {
      expect(incidentsOf(scenario, trial).filter((incident) => incident.name === 'fraud')).toEqual(incidentsOf(base, trial));
      expect(incidentsOf(scenario, trial).filter((incident) => incident.name === 'other')).toEqual([]);
    }
  });
});
