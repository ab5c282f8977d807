import type { ScenarioIssue } from '../describe-issue.ts';
import { asList, asNumber, asRecord, asText } from './raw-value.ts';

/** The fields of `regulation.gdpr` that only the EDPB method reads. */
const EDPB_FIELDS = ['seriousness', 'starting_share', 'turnover_tiers', 'negligence_adjustment', 'cooperation_adjustment', 'discretion'] as const;

/**
 * Checks the combinations of the breach and regulation sections that the schema alone cannot
 * see: EDPB fields without `method: edpb` (they would be ignored), a flat `fine` beside
 * `method: edpb` (the method sizes the fine itself), turnover tiers out of order or with min above
 * max, and data subjects' own costs whose draws can be negative.
 */
export function checkRegulation(value: unknown): ScenarioIssue[] {
  const scenario = asRecord(value);
  if (!scenario) return [];
  const issues: ScenarioIssue[] = [];
  const gdpr = asRecord(asRecord(scenario.regulation)?.gdpr);
  if (gdpr) {
    const method = asText(gdpr.method) ?? 'flat';
    const at = ['regulation', 'gdpr'];
    if (method === 'flat') {
      for (const field of EDPB_FIELDS) {
        if (gdpr[field] !== undefined) {
          issues.push({ path: [...at, field], message: `expected ${field} only with method: edpb (the flat method draws the fine from \`fine\`), got it with method: ${gdpr.method === undefined ? 'flat (the default)' : 'flat'}` });
        }
      }
    }
    if (method === 'edpb' && gdpr.fine !== undefined) {
      issues.push({ path: [...at, 'fine'], message: 'expected no fine distribution with method: edpb (the EDPB method sizes the fine from the legal maximum), got one' });
    }
    if (method === 'edpb' && gdpr.seriousness !== undefined && gdpr.starting_share !== undefined) {
      issues.push({ path: [...at, 'starting_share'], message: 'expected either seriousness (a band) or starting_share (a distribution), got both' });
    }
    let previous = -Infinity;
    asList(gdpr.turnover_tiers).forEach((item, index) => {
      const tier = asRecord(item);
      const upTo = asNumber(tier?.up_to);
      const min = asNumber(tier?.min);
      const max = asNumber(tier?.max);
      if (upTo !== undefined) {
        if (!(upTo > previous)) {
          issues.push({ path: [...at, 'turnover_tiers', index, 'up_to'], message: `expected turnover tiers in rising order of up_to, got ${upTo} after ${previous}` });
        }
        previous = upTo;
      }
      if (min !== undefined && max !== undefined && min > max) {
        issues.push({ path: [...at, 'turnover_tiers', index, 'max'], message: `expected a max of at least the tier's min (${min}), got ${max}` });
      }
    });
  }
  const ownCosts = asRecord(asRecord(scenario.breach_costs)?.data_subject_costs);
  for (const [dataClass, spec] of Object.entries(ownCosts ?? {})) {
    const lowest = lowestBound(spec);
    if (lowest && lowest.value < 0) {
      issues.push({
        path: ['breach_costs', 'data_subject_costs', dataClass, ...lowest.path],
        message: `expected an amount ≥ 0 per person (a data subject's own cost), got ${lowest.value}`,
      });
    }
  }
  return issues;
}

/**
 * The field that bounds a distribution's draws from below, when it is written: a plain number
 * (the constant itself, path []), a constant's value, a min, an empirical value.
 */
export function lowestBound(written: unknown): { path: (string | number)[]; value: number } | undefined {
  if (typeof written === 'number') return Number.isFinite(written) ? { path: [], value: written } : undefined;
  const spec = asRecord(written);
  if (!spec) return undefined;
  if (spec.dist === 'constant' && asNumber(spec.value) !== undefined && asNumber(spec.min) === undefined) return { path: ['value'], value: asNumber(spec.value)! };
  if (asNumber(spec.min) !== undefined) return { path: ['min'], value: asNumber(spec.min)! };
  if (spec.dist === 'empirical') {
    const values = asList(spec.values);
    let lowest: { path: (string | number)[]; value: number } | undefined;
    values.forEach((entry, index) => {
      const number = asNumber(entry);
      if (number !== undefined && (lowest === undefined || number < lowest.value)) lowest = { path: ['values', index], value: number };
    });
    return lowest;
  }
  return undefined;
}
