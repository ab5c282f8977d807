import type { Scenario } from '../scenario/schema/scenario-schema.ts';

const ORDER = ['buyers', 'sellers', 'platform', 'processor', 'insurer'];

/**
 * The bearers a scenario can load, in report order: buyers, sellers (then segments), platform,
 * processors, insurers; alphabetical within a kind.
 */
export function listBearers(scenario: Scenario): string[] {
  const bearers = new Set<string>();
  for (const incident of scenario.incidents) bearers.add(incident.bearer);
  return [...bearers].sort(compareBearers);
}

/** Orders bearers by kind (buyers, sellers, platform, processor, insurer), then by name. */
export function compareBearers(a: string, b: string): number {
  const kind = (bearer: string) => ORDER.indexOf(bearer.split(':')[0] ?? bearer);
  return kind(a) - kind(b) || (a < b ? -1 : a > b ? 1 : 0);
}
