import type { ScenarioIssue } from '../describe-issue.ts';
import { POLICY_PRESETS } from '../schema/insurance-schema.ts';
import { INCIDENT_TYPES } from '../vocabulary.ts';
import { asRecord, asText } from './raw-value.ts';

/**
 * `related_incidents: one_occurrence` settles a chain's incidents together, so each one's part is
 * known only when the chain is complete: no policy of the same insured sharing a coverage tag and
 * an incident type may come after it (other insurance is settled incident by incident, on what
 * the policies listed earlier paid). That it is not on a per-seller policy is the policy's own
 * rule (insurance-schema.ts).
 */
export function checkRelatedIncidents(policies: unknown[]): ScenarioIssue[] {
  const scopes = policies.map((item) => {
    const policy = asRecord(item);
    if (!policy || policy.enabled === false) return undefined;
    const preset = asText(policy.preset);
    const presetTerms = preset !== undefined && Object.hasOwn(POLICY_PRESETS, preset) ? POLICY_PRESETS[preset as keyof typeof POLICY_PRESETS] : undefined;
    const covers = Array.isArray(policy.covers) ? (policy.covers as unknown[]) : (presetTerms?.covers ?? []);
    const types = Array.isArray(policy.incident_types) ? (policy.incident_types as unknown[]) : (presetTerms?.incident_types ?? INCIDENT_TYPES);
    return { policy, name: asText(policy.name), insured: asText(policy.insured), covers: new Set(covers), types: new Set(types) };
  });
  const issues: ScenarioIssue[] = [];
  scopes.forEach((scope, index) => {
    if (!scope || scope.policy.related_incidents !== 'one_occurrence' || scope.policy.per_seller === true) return;
    for (const later of scopes.slice(index + 1)) {
      if (!later || later.insured !== scope.insured) continue;
      const tags = [...scope.covers].filter((tag) => later.covers.has(tag));
      const types = [...scope.types].filter((type) => later.types.has(type));
      if (tags.length === 0 || types.length === 0) continue;
      issues.push({
        path: ['insurance', 'policies', index, 'related_incidents'],
        message: `expected a one_occurrence policy to come after the other policies of ${scope.insured} that answer the same losses, got "${later.name}" listed after it sharing ${tags.join(', ')} on ${types.join(', ')} (other insurance: a policy listed earlier pays first, incident by incident; list "${later.name}" first, or make this policy separate)`,
      });
      return;
    }
  });
  return issues;
}
