import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { incidentId, type Incident } from '../../src/incidents/incident.ts';
import { compileInsurance, policyDrawKey, policyIncidentKey, type DrawPurpose } from '../../src/insurance/insurance-program.ts';
import { loadScenario } from '../../src/scenario/load-scenario.ts';

/**
 * policyIncidentKey (the insurance stage's draw keys, hashed on from each policy's prefix state
 * without building strings) gives the key policyDrawKey gives the built name: every notice delay
 * and take-up draw stays where it was.
 */
describe('policyIncidentKey', () => {
  const { scenario } = loadScenario('scenarios/marketplace.yaml');
  const { policies } = compileInsurance(scenario, undefined);

  /** An incident with the id fields that matter: its name, candidate number and trigger. */
  const incidents = fc.record({
    name: fc.oneof(fc.string(), fc.constantFrom('seller-fraud', 'ransomware-outage', 'données-€')),
    candidate: fc.oneof(fc.nat({ max: 30 }), fc.integer({ min: 1_000_001, max: 3_000_100 })),
    triggeredBy: fc.option(fc.oneof(fc.string(), fc.constant('breach#3'), fc.constant('')), { nil: undefined }),
  });

  it('equals policyDrawKey of `<purpose>:<incident id>` for every policy, purpose and incident', () => {
    expect(policies.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(incidents, fc.constantFrom<DrawPurpose>('notice', 'take_up'), (fields, purpose) => {
        const incident = { type: 'loss_event', ...fields } as unknown as Incident;
        for (const policy of policies) expect(policyIncidentKey(policy, purpose, incident)).toBe(policyDrawKey(policy, `${purpose}:${incidentId(incident)}`));
      }),
      { numRuns: 500 },
    );
  });
});
