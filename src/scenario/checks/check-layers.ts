import type { ScenarioIssue } from '../describe-issue.ts';
import { suggestName } from '../suggest-name.ts';
import { checkTower, type TowerMember } from './check-tower.ts';
import { asList, asRecord, asText, namesOf } from './raw-value.ts';

/**
 * Checks the excess layers of the insurance section (MODEL §9, towers): each sits over a policy
 * under insurance.policies (not over another layer), a policy that is enabled when the layer is,
 * and the layers over one policy stack end to end (checkTower).
 */
export function checkLayers(insurance: Record<string, unknown>): ScenarioIssue[] {
  const policies = asList(insurance.policies);
  const layers = asList(insurance.layers);
  const policyNames = namesOf(policies);
  const layerNames = namesOf(layers);
  const issues: ScenarioIssue[] = [];
  // Layers over a policy, by the policy's index.
  const towers = new Map<number, TowerMember[]>();
  layers.forEach((item, index) => {
    const layer = asRecord(item);
    const over = asText(layer?.over);
    if (!layer || over === undefined) return;
    const path = ['insurance', 'layers', index, 'over'];
    const policyIndex = policyNames.get(over);
    if (policyIndex !== undefined) {
      // Only covers that are bought stack: a layer switched off leaves the tower.
      if (layer.enabled === false) return;
      if (asRecord(policies[policyIndex])?.enabled === false) {
        issues.push({ path, message: `expected a policy that is enabled under an enabled layer, got "${over}" with enabled: false (switch the layer off too, or the policy on)` });
        return;
      }
      towers.set(policyIndex, [...(towers.get(policyIndex) ?? []), { layer, index }]);
    } else if (layerNames.has(over)) {
      const below = asText(asRecord(layers[layerNames.get(over)!])?.over);
      const hint = below !== undefined && policyNames.has(below) ? `: name the policy at the bottom of its tower, "${below}"` : '';
      issues.push({ path, message: `expected the name of a policy under insurance.policies, got "${over}", a layer (layers sit over policies, not over layers${hint})` });
    } else {
      const suggestion = suggestName(over, [...policyNames.keys()]);
      const hint = suggestion ? ` (did you mean "${suggestion}"?)` : policyNames.size === 0 ? ' (this scenario defines no policies)' : ` (policies: ${[...policyNames.keys()].join(', ')})`;
      issues.push({ path, message: `expected the name of a policy under insurance.policies, got "${over}"${hint}` });
    }
  });
  for (const [policyIndex, members] of towers) issues.push(...checkTower(asRecord(policies[policyIndex])!, policyIndex, members));
  return issues;
}
