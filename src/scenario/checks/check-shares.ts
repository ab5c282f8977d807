import type { ScenarioIssue } from '../describe-issue.ts';
import { asList, asNumber, asRecord, namesOf } from './raw-value.ts';

const TOLERANCE = 1e-6;

/**
 * Checks shares that must add up to 1 (seller segments' gmv_share, buyers' jurisdictions) and
 * names that must be unique (seller segments, processors, mitigations, seasonality peaks),
 * saying by how much a sum is off.
 */
export function checkShares(value: unknown): ScenarioIssue[] {
  const market = asRecord(asRecord(value)?.market);
  if (!market) return [];
  const issues: ScenarioIssue[] = [];

  const segments = asList(market.sellers);
  if (segments.length > 0) {
    const shares = segments.map((segment) => asNumber(asRecord(segment)?.gmv_share));
    if (shares.every((share) => share !== undefined)) {
      const issue = sumIssue(shares as number[], ['market', 'sellers'], 'gmv_share of the seller segments');
      if (issue) issues.push(issue);
    }
  }
  const jurisdictions = asRecord(asRecord(market.buyers)?.jurisdictions);
  if (jurisdictions) {
    const shares = ['eu', 'california', 'other'].map((key) => (key in jurisdictions ? asNumber(jurisdictions[key]) : key === 'other' ? 1 : 0));
    if (shares.every((share) => share !== undefined)) {
      const issue = sumIssue(shares as number[], ['market', 'buyers', 'jurisdictions'], 'jurisdiction shares (eu, california, other; other defaults to 1)');
      if (issue) issues.push(issue);
    }
  }
  issues.push(...duplicateNames(market.sellers, ['market', 'sellers'], 'seller segment'));
  issues.push(...duplicateNames(asRecord(market.platform)?.processors, ['market', 'platform', 'processors'], 'processor'));
  issues.push(...duplicateNames(asRecord(value)?.mitigations, ['mitigations'], 'mitigation'));
  // Peaks merge by name across `extends`: a name used twice would leave one of them unreachable.
  issues.push(...duplicateNames(asRecord(market.seasonality)?.peaks, ['market', 'seasonality', 'peaks'], 'peak'));
  return issues;
}

function sumIssue(shares: number[], path: (string | number)[], what: string): ScenarioIssue | undefined {
  const sum = shares.reduce((total, share) => total + share, 0);
  if (Math.abs(sum - 1) <= TOLERANCE) return undefined;
  const gap = Math.abs(1 - sum);
  const off = `${round(gap)} ${sum < 1 ? 'short' : 'over'}`;
  return { path, message: `expected the ${what} to sum to 1, got ${round(sum)} (${off})` };
}

function duplicateNames(list: unknown, path: (string | number)[], what: string): ScenarioIssue[] {
  const first = namesOf(list);
  const issues: ScenarioIssue[] = [];
  asList(list).forEach((item, index) => {
    const name = asRecord(item)?.name;
    if (typeof name === 'string' && first.get(name) !== index) {
      issues.push({ path: [...path, index, 'name'], message: `expected a unique ${what} name, got "${name}" again (first used by ${path.join('.')}[${first.get(name)}])` });
    }
  });
  return issues;
}

function round(value: number): string {
  return String(Number(value.toPrecision(6)));
}
