import type { ScenarioIssue } from '../describe-issue.ts';
import { suggestName } from '../suggest-name.ts';
import { checkPayers, checkPolicyHolder, insuredContext } from './check-insured.ts';
import { checkLayers } from './check-layers.ts';
import { checkRelatedIncidents } from './check-related-incidents.ts';
import { asList, asRecord, asText, namesOf } from './raw-value.ts';

/**
 * Checks the insurance section against the rest of the scenario (MODEL §9, §12): who pays each
 * mitigation and who holds each policy are parties of this scenario (check-insured.ts), the MFA
 * warranty names a mitigation of it, layers sit over a policy and stack end to end
 * (check-layers.ts, check-tower.ts), and a policy counting a trigger chain as one occurrence
 * comes after the policies it shares losses with (check-related-incidents.ts). The rules about
 * one policy's own terms are the schema's (insurance-schema.ts).
 */
export function checkInsurance(value: unknown): ScenarioIssue[] {
  const scenario = asRecord(value);
  if (!scenario) return [];
  const context = insuredContext(scenario);
  const issues = checkPayers(scenario, context);
  const insurance = asRecord(scenario.insurance);
  if (!insurance) return issues;
  const policies = asList(insurance.policies);
  const mitigations = new Set(namesOf(scenario.mitigations).keys());
  policies.forEach((item, index) => {
    const policy = asRecord(item);
    if (!policy) return;
    const at = ['insurance', 'policies', index];
    issues.push(...checkPolicyHolder(policy, at, context), ...checkWarranty(policy, at, mitigations));
  });
  issues.push(...checkRelatedIncidents(policies), ...checkLayers(insurance));
  return issues;
}

/** The MFA warranty names a control of this scenario. */
function checkWarranty(policy: Record<string, unknown>, at: (string | number)[], mitigations: Set<string>): ScenarioIssue[] {
  const warranted = asText(asRecord(asRecord(policy.conditions)?.mfa_warranty)?.mitigation);
  if (warranted === undefined || mitigations.has(warranted)) return [];
  const suggestion = suggestName(warranted, [...mitigations]);
  const hint = suggestion ? ` (did you mean "${suggestion}"?)` : mitigations.size === 0 ? ' (this scenario defines no mitigations)' : '';
  return [{ path: [...at, 'conditions', 'mfa_warranty', 'mitigation'], message: `expected the name of a mitigation under mitigations, got "${warranted}"${hint}` }];
}
