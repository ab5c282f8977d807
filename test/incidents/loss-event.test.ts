import { describe, expect, it } from 'vitest';
import { compileLossEvent } from '../../src/incidents/loss-event.ts';
import type { Incident } from '../../src/incidents/incident.ts';
import { createPolicyYear } from '../../src/market/market-exposure.ts';
import { seedKey } from '../../src/random/trial-random.ts';
import { lossEventScenario } from '../helpers/build-scenario.ts';
import type { LossEventDefinition } from '../../src/scenario/schema/incident-schema.ts';

const year = createPolicyYear('2027-01-01');
const seed = seedKey(5);

function incidentsOf(definition: LossEventDefinition, trial: number): Incident[] {
  const into: Incident[] = [];
  compileLossEvent(definition, 0, seed)(trial, year, into);
  return into;
}

describe('compileLossEvent', () => {
  const base = lossEventScenario({ mean: 3 }).incidents[0]!;

  it('draws incidents within the year, with losses ≥ 0, numbered from 1', () => {
    for (let trial = 1; trial <= 200; trial++) {
      incidentsOf(base, trial).forEach((incident, index) => {
        expect(incident.candidate).toBe(index + 1);
        expect(incident.timeHours).toBeGreaterThanOrEqual(0);
        expect(incident.timeHours).toBeLessThan(year.hoursInYear);
        expect(incident.lossAmount).toBeGreaterThanOrEqual(0);
        expect(incident.bearer).toBe('platform');
      });
    }
  });

  it('keeps each candidate\'s time and loss when the frequency changes (common random numbers)', () => {
    const busier = { ...base, frequency: { dist: 'poisson' as const, mean: 6 } };
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

  it('scales the same draw when the severity scales', () => {
    const doubled = { ...base, loss: { dist: 'lognormal' as const, p05: 20_000, p95: 2_000_000 } };
    for (let trial = 1; trial <= 50; trial++) {
      const original = incidentsOf(base, trial);
      incidentsOf(doubled, trial).forEach((incident, index) => {
        expect(incident.lossAmount).toBeCloseTo(2 * original[index]!.lossAmount, 6);
        expect(incident.timeHours).toBe(original[index]!.timeHours);
      });
    }
  });
});
