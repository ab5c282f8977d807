import type { ScenarioIssue } from './describe-issue.ts';

/**
 * Checks what a schema cannot: names that must be unique and names that must refer to
 * something defined elsewhere in the scenario.
 *
 * Takes the merged value before validation (it may be invalid elsewhere), so that these
 * problems are listed together with the schema's; fields of the wrong type are skipped here,
 * the schema reports them.
 */
export function checkReferences(scenario: unknown): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const incidents = isRecord(scenario) && Array.isArray(scenario.incidents) ? (scenario.incidents as unknown[]) : [];
  const firstIndex = new Map<string, number>();
  incidents.forEach((incident, index) => {
    if (!isRecord(incident)) return;
    const { name, type, bearer } = incident;
    if (typeof name === 'string') {
      const earlier = firstIndex.get(name);
      if (earlier !== undefined) {
        issues.push({
          path: ['incidents', index, 'name'],
          message: `expected a unique incident name, got "${name}" again (first used by incidents[${earlier}])`,
        });
      } else {
        firstIndex.set(name, index);
      }
    }
    if (type === 'loss_event' && typeof bearer === 'string') {
      const [kind, member] = bearer.split(':');
      if (member !== undefined) {
        const what = kind === 'sellers' ? 'seller segments' : 'processors';
        issues.push({
          path: ['incidents', index, 'bearer'],
          message: `expected buyers, sellers or platform, got "${bearer}" (this scenario defines no ${what})`,
        });
      }
    }
  });
  return issues;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
