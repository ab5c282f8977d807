import type { ScenarioIssue } from '../describe-issue.ts';
import { lowestBound } from './check-regulation.ts';
import { asList, asRecord } from './raw-value.ts';

/**
 * Checks the case-scaled costs of outages: a response cost per hour written below 0 (a constant's
 * value, a min or an empirical value) is refused, as the draw would be floored at 0 without a word.
 */
export function checkCaseCosts(value: unknown): ScenarioIssue[] {
  const scenario = asRecord(value);
  if (!scenario) return [];
  const issues: ScenarioIssue[] = [];
  for (const section of ['incidents', 'inject'] as const) {
    asList(scenario[section]).forEach((item, index) => {
      const lowest = lowestBound(asRecord(item)?.incident_response_per_hour);
      if (lowest && lowest.value < 0) {
        issues.push({
          path: [section, index, 'incident_response_per_hour', ...lowest.path],
          message: `expected an amount ≥ 0 per hour (the response cost of an hour of outage at full scope), got ${lowest.value}`,
        });
      }
    });
  }
  return issues;
}
