import type { Scenario } from './schema/scenario-schema.ts';

const ORDER = ['buyers', 'sellers', 'platform', 'processor', 'vendor', 'card_issuers', 'insurer', 'regulators'];

/**
 * The bearers a scenario reports, in report order: buyers, sellers (by segment), platform,
 * processors, vendors, the card issuers (when leaked cards cost them something), then insurers;
 * alphabetical within a kind.
 *
 * With a market every party is listed, even one that carries nothing: a zero is an answer to
 * "who pays". There, `sellers` means all segments, so losses borne by `sellers` are split
 * across the segments pro rata to their GMV share. A FAIR-style scenario without a market lists
 * the bearers its loss events name. Payers of mitigation costs and insurers are reported too.
 */
export function listBearers(scenario: Scenario): string[] {
  const bearers = new Set<string>();
  const { market } = scenario;
  if (market) {
    bearers.add('buyers').add('platform');
    for (const segment of market.sellers) bearers.add(`sellers:${segment.name}`);
    for (const processor of market.platform.processors) bearers.add(`processor:${processor.name}`);
    for (const vendor of market.vendors) bearers.add(`vendor:${vendor.name}`);
    const { card_reissue_per_card: reissue, card_fraud_rate: rate, card_fraud_per_card: fraud } = scenario.breach_costs;
    if (reissue || (rate && fraud)) bearers.add('card_issuers');
  }
  for (const incident of [...scenario.incidents, ...scenario.inject]) {
    if (incident.type !== 'loss_event') continue;
    if (market && incident.bearer === 'sellers') continue;
    bearers.add(incident.bearer);
  }
  // Whoever pays for a control is a party to the total cost of risk, even without losses.
  for (const mitigation of scenario.mitigations) {
    if (mitigation.enabled && mitigation.annual_cost > 0 && !(market && mitigation.paid_by === 'sellers')) bearers.add(mitigation.paid_by);
  }
  const policies = new Set(scenario.insurance.policies.filter((policy) => policy.enabled).map((policy) => policy.name));
  for (const name of policies) bearers.add(`insurer:${name}`);
  for (const layer of scenario.insurance.layers) if (layer.enabled && policies.has(layer.over)) bearers.add(`insurer:${layer.name}`);
  return [...bearers].sort(compareBearers);
}

/** Orders bearers by kind (buyers, sellers, platform, processor, vendor, insurer), then by name. */
export function compareBearers(a: string, b: string): number {
  const kind = (bearer: string) => ORDER.indexOf(bearer.split(':')[0] ?? bearer);
  return kind(a) - kind(b) || (a < b ? -1 : a > b ? 1 : 0);
}
