import { describe, expect, it } from 'vitest';
import type { OutageIncident } from '../../src/incidents/incident.ts';
import { expectExit } from '../helpers/expect-exit.ts';
import { constant, expectCents, expectComponents, marketScenario, runTrial } from '../helpers/fixed-trial.ts';
import { runCli } from '../helpers/run-cli.ts';
import { fixture } from '../helpers/scenario-issues.ts';

/**
 * An outage's incident response that scales with the case (MODEL §13): response =
 * incident_response + incident_response_per_hour × duration_hours × scope, on the flat market of
 * `fixed-trial.ts`; the rate is drawn from the incident's own stream, so it moves no other draw.
 */

function outage(extra: Record<string, unknown> = {}) {
  return { type: 'outage', name: 'down', at: '2027-01-31T20:00', duration_hours: constant(10), scope: constant(0.5), incident_response: constant(40_000), ...extra };
}

function responseOf(trial: ReturnType<typeof runTrial>): number[] {
  return trial.components.filter((c) => c.kind === 'incident_response').map((c) => c.amount);
}

describe('incident response that scales with duration and scope', () => {
  it('adds per hour × hours × scope to the fixed part', () => {
    // 40,000 + 2,000 × 10 h × 0.5 = 50,000.
    const trial = runTrial(marketScenario({ inject: [outage({ incident_response_per_hour: constant(2_000) })] }));
    expect((trial.incidents[0] as OutageIncident).incidentResponsePerHour).toBe(2_000);
    expectComponents(
      trial.components.filter((c) => c.kind === 'incident_response'),
      [['incident_response', 'platform', 50_000, 'incident_response']],
    );
  });

  it('is the fixed part alone, and the incident has no rate, without the field', () => {
    const trial = runTrial(marketScenario({ inject: [outage()] }));
    expect(responseOf(trial)).toEqual([40_000]);
    expect('incidentResponsePerHour' in trial.incidents[0]!).toBe(false);
  });

  it('applies to a provider’s outage too, and to a rate without a fixed part', () => {
    const provider = { type: 'third_party_outage', name: 'cloud-down', provider: 'cloud', at: '2027-03-01T00:00', duration_hours: constant(4), scope: constant(1) };
    const trial = runTrial(marketScenario({ inject: [{ ...provider, incident_response_per_hour: constant(1_500) }] }));
    expect(responseOf(trial)).toEqual([6_000]);
  });

  it('scales with the mitigations: duration and the incident_response multiplier', () => {
    // Duration × 0.5 → 5 h; incident_response × 0.8 on both parts: 0.8 × 40,000 + 0.8 × 2,000 × 5 × 0.5 = 36,000.
    const mitigations = [{ name: 'plan', severity: { duration_hours: 0.5, incident_response: 0.8 } }];
    const trial = runTrial(marketScenario({ inject: [outage({ incident_response_per_hour: constant(2_000) })], mitigations }));
    expectCents(responseOf(trial)[0]!, 36_000);
  });

  it('draws a distributed rate from its own stream: every other draw of every candidate stays put', () => {
    const definition = {
      type: 'outage',
      name: 'flaky',
      frequency: { dist: 'poisson', mean: 3 },
      duration_hours: { dist: 'lognormal', p05: 0.5, p95: 12 },
      scope: { dist: 'uniform', min: 0.1, max: 1 },
      incident_response: { dist: 'uniform', min: 1_000, max: 9_000 },
      churn: { dist: 'uniform', min: 0, max: 0.01 },
      causes: { change: 1, hardware: 1, ddos: 1 },
    };
    const rate = { dist: 'lognormal', p05: 500, p95: 20_000 };
    const without = (trial: number) => runTrial(marketScenario({ incidents: [definition] }), trial);
    const withRate = (trial: number) => runTrial(marketScenario({ incidents: [{ ...definition, incident_response_per_hour: rate }] }), trial);
    const rates = new Set<number>();
    let incidents = 0;
    for (let trial = 1; trial <= 15; trial++) {
      const before = without(trial).incidents as OutageIncident[];
      const after = withRate(trial).incidents as OutageIncident[];
      expect(after.map(({ incidentResponsePerHour, ...rest }) => rest)).toEqual(before);
      for (const incident of after) {
        rates.add(incident.incidentResponsePerHour!);
        incidents++;
      }
      const response = responseOf(withRate(trial));
      after.forEach((incident, index) => {
        expectCents(response[index]!, incident.incidentResponseCost + incident.incidentResponsePerHour! * incident.durationHours * incident.scope);
      });
    }
    expect(incidents).toBeGreaterThan(20);
    expect(rates.size).toBe(incidents);
  });

  it('refuses a rate that can be written below 0, with its location (exit 2)', async () => {
    const file = fixture('bad/negative-response-per-hour.yaml');
    const result = await runCli(['validate', file]);
    expectExit(result, 2);
    // 13: "    incident_response_per_hour: { dist: uniform, min: -50, max: 100 }"
    expect(result.stderr.trim()).toBe(`${file}:13:55: inject[0].incident_response_per_hour.min: expected an amount ≥ 0 per hour (the response cost of an hour of outage at full scope), got -50`);
  });
});
