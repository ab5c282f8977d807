import type { Scenario } from './schema/scenario-schema.ts';
import type { ScenarioIssue } from './describe-issue.ts';

/**
 * Checks what a schema cannot: names that must be unique and names that must refer to
 * something defined elsewhere in the scenario.
 */
export function checkReferences(scenario: Scenario): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const firstIndex = new Map<string, number>();
  scenario.incidents.forEach((incident, index) => {
    const earlier = firstIndex.get(incident.name);
    if (earlier !== undefined) {
      issues.push({
        path: ['incidents', index, 'name'],
        message: `expected a unique incident name, got "${incident.name}" again (first used by incidents[${earlier}])`,
      });
    } else {
      firstIndex.set(incident.name, index);
    }
    if (incident.type === 'loss_event') {
      const [kind, member] = incident.bearer.split(':');
      if (member !== undefined) {
        const where = kind === 'sellers' ? 'a seller segment under market.sellers' : 'a processor under platform.processors';
        issues.push({
          path: ['incidents', index, 'bearer'],
          message: `expected ${where}, got "${incident.bearer}" (this scenario defines none)`,
        });
      }
    }
  });
  return issues;
}
