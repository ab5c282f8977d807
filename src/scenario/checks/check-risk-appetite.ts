import type { ScenarioIssue } from '../describe-issue.ts';
import type { Scenario } from '../schema/scenario-schema.ts';
import { suggestName } from '../suggest-name.ts';

/**
 * Checks that every bearer `risk_tolerance` and `cost_of_capital` name is one the run reports
 * (`bearers`: the scenario's and its strategies' bearers, as summary.csv lists them), with a
 * suggestion for a near miss: a tolerance for a party nobody reports would silently test nothing.
 */
export function checkRiskAppetite(scenario: Scenario, bearers: readonly string[]): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  for (const field of ['risk_tolerance', 'cost_of_capital'] as const) {
    for (const bearer of Object.keys(scenario[field] ?? {})) {
      if (bearers.includes(bearer)) continue;
      const suggestion = suggestName(bearer, bearers);
      const hint = suggestion ? `did you mean "${suggestion}"?` : `the run reports ${bearers.join(', ')}`;
      issues.push({ path: [field, bearer], atKey: true, message: `expected a bearer the run reports (${hint}), got "${bearer}"` });
    }
  }
  return issues;
}
