import type { ScenarioIssue } from '../describe-issue.ts';
import { suggestName } from '../suggest-name.ts';
import { asList, asRecord, asText, processorNames } from './raw-value.ts';

/**
 * Checks the processor terms against the market: each names a processor defined under
 * market.platform.processors, and each processor has one set of terms.
 */
export function checkContracts(value: unknown): ScenarioIssue[] {
  const scenario = asRecord(value);
  if (!scenario) return [];
  const issues: ScenarioIssue[] = [];
  const processors = processorNames(scenario);
  const seen = new Map<string, number>();
  asList(asRecord(scenario.contracts)?.processor_terms).forEach((item, index) => {
    const name = asText(asRecord(item)?.processor);
    if (name === undefined) return;
    const path = ['contracts', 'processor_terms', index, 'processor'];
    if (!processors.has(name)) {
      const suggestion = suggestName(name, [...processors]);
      const hint = suggestion ? ` (did you mean "${suggestion}"?)` : processors.size === 0 ? ' (this scenario defines no processors)' : '';
      issues.push({ path, message: `expected the name of a processor under market.platform.processors, got "${name}"${hint}` });
    } else if (seen.has(name)) {
      issues.push({ path, message: `expected one set of terms per processor, got "${name}" again (first in contracts.processor_terms[${seen.get(name)}])` });
    } else {
      seen.set(name, index);
    }
  });
  return issues;
}
