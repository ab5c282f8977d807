import { scenarioSchema, type Scenario } from '../../src/scenario/schema/scenario-schema.ts';

/** A validated scenario built in code, with defaults applied, for tests that skip the files. */
export function buildScenario(input: Record<string, unknown>): Scenario {
  return scenarioSchema.parse({ name: 'test', ...input });
}

/** A one-incident loss_event scenario: Poisson frequency, lognormal severity, one bearer. */
export function lossEventScenario(options: { mean?: number; p05?: number; p95?: number; bearer?: string } = {}): Scenario {
  return buildScenario({
    incidents: [
      {
        type: 'loss_event',
        name: 'fraud',
        frequency: { dist: 'poisson', mean: options.mean ?? 2 },
        loss: { dist: 'lognormal', p05: options.p05 ?? 10_000, p95: options.p95 ?? 1_000_000 },
        bearer: options.bearer ?? 'platform',
      },
    ],
  });
}

/** Two loss_event incidents and a cyber policy over one of them: chunk results carry allocation and insurance sums. */
export function insuredLossEventScenario(): Scenario {
  return buildScenario({
    name: 'insured',
    incidents: [
      { type: 'loss_event', name: 'breach', frequency: { dist: 'poisson', mean: 2 }, loss: { dist: 'lognormal', p05: 20_000, p95: 800_000 }, bearer: 'platform', coverage: 'forensics' },
      { type: 'loss_event', name: 'fraud', frequency: { dist: 'poisson', mean: 1 }, loss: { dist: 'constant', value: 50_000 }, bearer: 'sellers' },
    ],
    insurance: { policies: [{ name: 'cyber', preset: 'cyber', insured: 'platform', retention: 100_000, limit: 1_000_000 }] },
  });
}
