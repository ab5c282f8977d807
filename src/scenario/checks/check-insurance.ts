import type { ScenarioIssue } from '../describe-issue.ts';
import { COVERAGE_TAGS } from '../schema/coverage.ts';
import { POLICY_PRESETS } from '../schema/insurance-schema.ts';
import { INCIDENT_TYPES } from '../vocabulary.ts';
import { suggestName } from '../suggest-name.ts';
import { asList, asNumber, asRecord, asText, namesOf, processorNames, segmentNames, vendorLicensees } from './raw-value.ts';

type Path = (string | number)[];

/** Relative tolerance when comparing amounts of a tower (attachments are sums and quotients). */
const TOLERANCE = 1e-9;

/** A layer of a tower, when the schema would accept its terms. */
interface LayerTerms {
  index: number;
  name: string;
  attachment: number;
  limit: number;
  coinsurance: number;
  share: number;
  /** Where the layer is used up: attachment + limit / (1 − coinsurance). */
  top: number;
}

/**
 * Checks who pays each mitigation (`paid_by` names a defined segment or processor),
 * and the insurance section across its fields (MODEL §9): names unique over policies and
 * layers (each is the bearer `insurer:<name>`), the insured a bearer that pays losses in this
 * scenario, per-seller terms on a seller segment, covers given or preset, sublimits within the
 * limit and on covered tags, the warranted mitigation defined, layers over a defined policy, and
 * towers stacking end to end without gap or overlap.
 */
export function checkInsurance(value: unknown): ScenarioIssue[] {
  const scenario = asRecord(value);
  if (!scenario) return [];
  const issues: ScenarioIssue[] = [];
  // Who pays a mitigation: a segment or processor must be one the scenario defines (`sellers`
  // means all segments, by GMV share); the payer is reported as a bearer.
  const payers = insuredContext(scenario);
  asList(scenario.mitigations).forEach((item, index) => {
    const payer = asText(asRecord(item)?.paid_by);
    if (payer !== undefined && /^(sellers|processor):.+$/.test(payer)) checkMarketMember(payer, ['mitigations', index, 'paid_by'], payers, issues);
  });
  const insurance = asRecord(scenario.insurance);
  if (!insurance) return issues;
  const policies = asList(insurance.policies);
  const layers = asList(insurance.layers);
  const policyNames = namesOf(policies);
  const layerNames = namesOf(layers);

  checkUniqueNames(policies, layers, issues);
  const context = insuredContext(scenario);
  const mitigations = new Set(namesOf(scenario.mitigations).keys());
  policies.forEach((item, index) => {
    const policy = asRecord(item);
    if (policy) checkPolicy(policy, ['insurance', 'policies', index], context, mitigations, issues);
  });

  checkRelatedIncidents(policies, issues);

  // Layers over a policy, by the policy's index.
  const towers = new Map<number, { layer: Record<string, unknown>; index: number }[]>();
  layers.forEach((item, index) => {
    const layer = asRecord(item);
    const over = asText(layer?.over);
    if (!layer || over === undefined) return;
    const at: Path = ['insurance', 'layers', index, 'over'];
    const policyIndex = policyNames.get(over);
    if (policyIndex !== undefined) {
      // Only covers that are bought stack: a layer switched off leaves the tower.
      if (layer.enabled === false) return;
      if (asRecord(policies[policyIndex])?.enabled === false) {
        issues.push({ path: at, message: `expected a policy that is enabled under an enabled layer, got "${over}" with enabled: false (switch the layer off too, or the policy on)` });
        return;
      }
      towers.set(policyIndex, [...(towers.get(policyIndex) ?? []), { layer, index }]);
    } else if (layerNames.has(over)) {
      const below = asText(asRecord(layers[layerNames.get(over)!])?.over);
      const hint = below !== undefined && policyNames.has(below) ? `: name the policy at the bottom of its tower, "${below}"` : '';
      issues.push({ path: at, message: `expected the name of a policy under insurance.policies, got "${over}", a layer (layers sit over policies, not over layers${hint})` });
    } else {
      const suggestion = suggestName(over, [...policyNames.keys()]);
      const hint = suggestion
        ? ` (did you mean "${suggestion}"?)`
        : policyNames.size === 0
          ? ' (this scenario defines no policies)'
          : ` (policies: ${[...policyNames.keys()].join(', ')})`;
      issues.push({ path: at, message: `expected the name of a policy under insurance.policies, got "${over}"${hint}` });
    }
  });
  for (const [policyIndex, members] of towers) {
    checkTower(asRecord(policies[policyIndex])!, policyIndex, members, issues);
  }
  return issues;
}

/**
 * `related_incidents: one_occurrence` settles a chain's incidents together, so each one's part is
 * known only when the chain is complete: it is not for a per-seller policy (the chain's incidents
 * may fall on different sellers), and no policy of the same insured sharing a coverage tag and an
 * incident type may come after it (other insurance is settled incident by incident, on what the
 * policies listed earlier paid).
 */
function checkRelatedIncidents(policies: unknown[], issues: ScenarioIssue[]): void {
  const scopes = policies.map((item) => {
    const policy = asRecord(item);
    if (!policy || policy.enabled === false) return undefined;
    const preset = asText(policy.preset);
    const presetTerms = preset !== undefined && Object.hasOwn(POLICY_PRESETS, preset) ? POLICY_PRESETS[preset as keyof typeof POLICY_PRESETS] : undefined;
    const covers = Array.isArray(policy.covers) ? (policy.covers as unknown[]) : (presetTerms?.covers ?? []);
    const types = Array.isArray(policy.incident_types) ? (policy.incident_types as unknown[]) : (presetTerms?.incident_types ?? INCIDENT_TYPES);
    return { policy, name: asText(policy.name), insured: asText(policy.insured), covers: new Set(covers), types: new Set(types) };
  });
  scopes.forEach((scope, index) => {
    if (!scope || scope.policy.related_incidents !== 'one_occurrence') return;
    const at: Path = ['insurance', 'policies', index, 'related_incidents'];
    if (scope.policy.per_seller === true) {
      issues.push({ path: at, message: 'expected related_incidents: separate on a per_seller policy (the incidents of a trigger chain may fall on different sellers of the segment), got one_occurrence' });
      return;
    }
    for (const later of scopes.slice(index + 1)) {
      if (!later || later.insured !== scope.insured) continue;
      const tags = [...scope.covers].filter((tag) => later.covers.has(tag));
      const types = [...scope.types].filter((type) => later.types.has(type));
      if (tags.length === 0 || types.length === 0) continue;
      issues.push({
        path: at,
        message: `expected a one_occurrence policy to come after the other policies of ${scope.insured} that answer the same losses, got "${later.name}" listed after it sharing ${tags.join(', ')} on ${types.join(', ')} (other insurance: a policy listed earlier pays first, incident by incident; list "${later.name}" first, or make this policy separate)`,
      });
      return;
    }
  });
}

/** Policy and layer names share one namespace: each insurer is reported as `insurer:<name>`. */
function checkUniqueNames(policies: unknown[], layers: unknown[], issues: ScenarioIssue[]): void {
  const first = new Map<string, string>();
  for (const [list, items] of [['policies', policies], ['layers', layers]] as const) {
    items.forEach((item, index) => {
      const name = asText(asRecord(item)?.name);
      if (name === undefined) return;
      const earlier = first.get(name);
      if (earlier !== undefined) {
        issues.push({
          path: ['insurance', list, index, 'name'],
          message: `expected a policy or layer name not used before (each insurer is the bearer insurer:<name>), got "${name}" again (first used by ${earlier})`,
        });
      } else {
        first.set(name, `insurance.${list}[${index}]`);
      }
    });
  }
}

/** What a policy may insure in this scenario. */
interface InsuredContext {
  hasMarket: boolean;
  segments: Set<string>;
  processors: Set<string>;
  vendors: Set<string>;
  /** Without a market: the bearers that loss_event incidents and injections name. */
  lossBearers: Set<string>;
}

function insuredContext(scenario: Record<string, unknown>): InsuredContext {
  const lossBearers = new Set<string>();
  for (const list of ['incidents', 'inject'] as const) {
    for (const item of asList(scenario[list])) {
      const incident = asRecord(item);
      const bearer = asText(incident?.bearer);
      if (incident?.type === 'loss_event' && bearer !== undefined) lossBearers.add(bearer);
    }
  }
  return {
    hasMarket: asRecord(scenario.market) !== undefined,
    segments: segmentNames(scenario),
    processors: processorNames(scenario),
    vendors: new Set(vendorLicensees(scenario).keys()),
    lossBearers,
  };
}

function checkPolicy(
  policy: Record<string, unknown>,
  at: Path,
  context: InsuredContext,
  mitigations: Set<string>,
  issues: ScenarioIssue[],
): void {
  const insured = asText(policy.insured);
  if (insured !== undefined) checkInsured(insured, [...at, 'insured'], context, issues);

  // Per-seller terms.
  const perSeller = policy.per_seller === true;
  if (perSeller) {
    if (!context.hasMarket) {
      issues.push({ path: [...at, 'per_seller'], message: 'expected a market section for a per_seller policy (it is held by each seller of a segment), got a scenario without one' });
    } else if (insured !== undefined && (insured === 'platform' || insured.startsWith('processor:'))) {
      issues.push({
        path: [...at, 'per_seller'],
        message: `expected insured sellers:<segment> for a per_seller policy (each seller of the segment holds it), got insured "${insured}"`,
      });
    }
  }
  if ((policy.per_seller === undefined || policy.per_seller === false) && policy.take_up !== undefined) {
    issues.push({
      path: [...at, 'take_up'],
      message: `expected take_up only on a policy with per_seller: true (the share of the segment's sellers holding it), got take_up ${shown(policy.take_up)} on a policy that is not per_seller`,
    });
  }

  // What it covers: given, or from the preset.
  const presetName = asText(policy.preset);
  const preset = presetName !== undefined && Object.hasOwn(POLICY_PRESETS, presetName) ? POLICY_PRESETS[presetName as keyof typeof POLICY_PRESETS] : undefined;
  if (policy.covers === undefined && presetName === undefined) {
    issues.push({
      path: [...at, 'covers'],
      message: `expected covers (the coverage tags the policy answers) on a policy without a preset, got neither covers nor preset (presets: ${Object.keys(POLICY_PRESETS).join(', ')})`,
    });
  }
  for (const list of ['covers', 'incident_types'] as const) {
    if (Array.isArray(policy[list]) && policy[list].length === 0) {
      issues.push({ path: [...at, list], message: `expected at least one ${list === 'covers' ? 'coverage tag' : 'incident type'}, got an empty list (the policy would never pay)` });
    }
  }
  asList(policy.covers).forEach((tag, index) => {
    if (tag === 'uninsured') {
      issues.push({ path: [...at, 'covers', index], message: 'expected a coverage tag a policy can answer, got "uninsured" (a loss tagged uninsured is never covered)' });
    }
  });
  const knownTags = new Set<string>(COVERAGE_TAGS);
  const covers = Array.isArray(policy.covers)
    ? policy.covers.every((tag) => typeof tag === 'string' && knownTags.has(tag))
      ? new Set(policy.covers as string[])
      : undefined
    : preset
      ? new Set<string>(preset.covers)
      : undefined;
  const coversText = (tags: Set<string>) => (tags.size === 0 ? 'nothing' : [...tags].join(', '));
  const from = Array.isArray(policy.covers) ? 'its covers' : `the ${presetName} preset's covers`;

  // Sublimits: within the limit, on a tag the policy covers.
  const limit = positive(policy.limit);
  const sublimits = asRecord(policy.sublimits);
  for (const [tag, amount] of Object.entries(sublimits ?? {})) {
    const sublimit = asNumber(amount);
    if (!knownTags.has(tag) || sublimit === undefined || sublimit < 0) continue; // the schema reports it
    const path = [...at, 'sublimits', tag];
    if (covers && !covers.has(tag)) {
      issues.push({ path, message: `expected a sublimit on a coverage the policy covers (${from}: ${coversText(covers)}), got a sublimit on ${tag}` });
    } else if (limit !== undefined && sublimit > limit) {
      issues.push({ path, message: `expected a sublimit at most the policy's limit of ${amountText(limit)}, got ${amountText(sublimit)}` });
    }
  }

  // Terms that only act on a coverage the policy does not cover.
  if (covers && policy.waiting_period_hours !== undefined && !covers.has('business_interruption')) {
    issues.push({
      path: [...at, 'waiting_period_hours'],
      message: `expected waiting_period_hours only on a policy covering business_interruption (${from}: ${coversText(covers)}), got ${shown(policy.waiting_period_hours)} hours that would never apply`,
    });
  }
  if (covers && policy.defense === 'outside_limits' && !covers.has('defense_costs')) {
    issues.push({
      path: [...at, 'defense'],
      message: `expected defense: outside_limits only on a policy covering defense_costs (${from}: ${coversText(covers)}), got a policy that pays no defense costs`,
    });
  }

  // The MFA warranty names a control of this scenario.
  const conditions = asRecord(policy.conditions);
  const warranted = asText(asRecord(conditions?.mfa_warranty)?.mitigation);
  if (warranted !== undefined && !mitigations.has(warranted)) {
    const suggestion = suggestName(warranted, [...mitigations]);
    const hint = suggestion ? ` (did you mean "${suggestion}"?)` : mitigations.size === 0 ? ' (this scenario defines no mitigations)' : '';
    issues.push({
      path: [...at, 'conditions', 'mfa_warranty', 'mitigation'],
      message: `expected the name of a mitigation under mitigations, got "${warranted}"${hint}`,
    });
  }
}

/** The insured must be a bearer that pays losses in this scenario. */
function checkInsured(insured: string, path: Path, context: InsuredContext, issues: ScenarioIssue[]): void {
  const kind = insured.split(':', 1)[0];
  if (!/^(platform|sellers|(sellers|processor|vendor):.+)$/.test(insured)) return; // malformed: the schema reports it
  if (!context.hasMarket) {
    if (context.lossBearers.has(insured)) return;
    const known = [...context.lossBearers];
    // Without a market there are no segments: `sellers:<segment>` is meant as `sellers`.
    const suggestion = kind === 'sellers' && context.lossBearers.has('sellers') ? 'sellers' : suggestName(insured, known);
    const hint = suggestion
      ? ` (did you mean "${suggestion}"?)`
      : known.length > 0
        ? ` (bearers named: ${known.join(', ')})`
        : ' (no loss_event names a bearer)';
    issues.push({
      path,
      message: `expected a bearer that a loss_event incident or injection names (without a market only they carry losses), got "${insured}"${hint}`,
    });
    return;
  }
  const segmentList = [...context.segments].map((segment) => `sellers:${segment}`);
  if (insured === 'sellers') {
    issues.push({
      path,
      message: `expected sellers:<segment> naming a seller segment (with a market, sellers carry losses by segment), got "sellers" (segments: ${segmentList.join(', ')})`,
    });
    return;
  }
  checkMarketMember(insured, path, context, issues);
}

/** `sellers:<name>`, `processor:<name>` and `vendor:<name>` must name a segment, processor or vendor the scenario defines. */
function checkMarketMember(bearer: string, path: Path, context: InsuredContext, issues: ScenarioIssue[]): void {
  const [kind, member] = bearer.split(':', 2) as [string, string | undefined];
  if (member === undefined) return; // platform, sellers
  const [known, what, where] =
    kind === 'sellers'
      ? [context.segments, 'seller segment', 'market.sellers']
      : kind === 'vendor'
        ? [context.vendors, 'vendor', 'market.vendors']
        : [context.processors, 'processor', 'market.platform.processors'];
  if (known.has(member)) return;
  const suggestion = suggestName(member, [...known]);
  const hint = suggestion ? ` (did you mean "${kind}:${suggestion}"?)` : known.size === 0 ? ` (this scenario defines no ${what}s)` : '';
  issues.push({ path, message: `expected ${kind}:<name> with the name of a ${what} under ${where}, got "${bearer}"${hint}` });
}

/**
 * Layers over one policy stack end to end: the lowest attaches where the policy is used up
 * (retention + limit / (1 − coinsurance)), each next one where the one below is used up. Layers
 * with the same attachment and limit are participations in one layer, whose shares sum to at
 * most 1.
 */
function checkTower(
  policy: Record<string, unknown>,
  policyIndex: number,
  members: { layer: Record<string, unknown>; index: number }[],
  issues: ScenarioIssue[],
): void {
  const name = asText(policy.name)!;
  const retention = policy.retention === undefined ? 0 : nonNegative(policy.retention);
  const limit = positive(policy.limit);
  const coinsurance = policy.coinsurance === undefined ? 0 : fraction(policy.coinsurance);
  if (retention === undefined || limit === undefined || coinsurance === undefined) return; // the schema reports it
  if (coinsurance >= 1) {
    issues.push({
      path: ['insurance', 'policies', policyIndex, 'coinsurance'],
      message: `expected a coinsurance below 1 on a policy with layers over it, got 1 (the insured keeps every loss, so "${name}" is never used up and no layer can attach where it ends)`,
    });
    return;
  }

  const layers: LayerTerms[] = [];
  for (const { layer, index } of members) {
    const attachment = nonNegative(layer.attachment);
    const layerLimit = positive(layer.limit);
    const layerCoinsurance = layer.coinsurance === undefined ? 0 : fraction(layer.coinsurance);
    const share = layer.share === undefined ? 1 : fraction(layer.share);
    const layerName = asText(layer.name);
    if (attachment === undefined || layerLimit === undefined || layerCoinsurance === undefined || share === undefined || layerName === undefined) continue;
    layers.push({ index, name: layerName, attachment, limit: layerLimit, coinsurance: layerCoinsurance, share, top: attachment + layerLimit / (1 - layerCoinsurance) });
  }
  layers.sort((a, b) => a.attachment - b.attachment || a.limit - b.limit || a.index - b.index);

  // Participations: consecutive layers with the same attachment and limit.
  const slots: LayerTerms[][] = [];
  for (const layer of layers) {
    const last = slots[slots.length - 1]?.[0];
    if (last && same(last.attachment, layer.attachment) && same(last.limit, layer.limit)) slots[slots.length - 1]!.push(layer);
    else slots.push([layer]);
  }

  // A layer the insured keeps whole is never used up: nothing can stack above it.
  const endless = slots.slice(0, -1).flat().filter((layer) => layer.coinsurance >= 1);
  for (const layer of endless) {
    issues.push({
      path: ['insurance', 'layers', layer.index, 'coinsurance'],
      message: `expected a coinsurance below 1 on a layer with layers above it, got 1 (the insured keeps every loss in "${layer.name}", so it is never used up and no layer can attach where it ends)`,
    });
  }
  if (endless.length > 0) return;

  // Where cover so far is used up, and by whom, with how it was reached.
  let top = retention + limit / (1 - coinsurance);
  let below = `"${name}"`;
  let how = `retention ${amountText(retention)} + limit ${amountText(limit)}${coinsurance > 0 ? ` / (1 − coinsurance ${coinsurance})` : ''}`;
  for (const slot of slots) {
    const [first] = slot as [LayerTerms, ...LayerTerms[]];
    for (const layer of slot) {
      if (!same(layer.attachment, top)) {
        const where = `expected the layer to attach at ${amountText(top)}, where ${below} is used up (${how}), got ${amountText(layer.attachment)}`;
        const message =
          layer.attachment > top
            ? `${where}: a gap of ${amountText(layer.attachment - top)} between ${below} and "${layer.name}" that the insured would retain`
            : `${where}: an overlap of ${amountText(Math.min(top, layer.top) - layer.attachment)} that ${below} and "${layer.name}" would both pay`;
        issues.push({ path: ['insurance', 'layers', layer.index, 'attachment'], message });
      }
    }
    if (slot.length > 1) {
      for (const layer of slot.slice(1)) {
        if (layer.coinsurance !== first.coinsurance) {
          issues.push({
            path: ['insurance', 'layers', layer.index, 'coinsurance'],
            message: `expected the coinsurance of "${first.name}" (${first.coinsurance}), a participation in the same layer ${amountText(first.limit)} xs ${amountText(first.attachment)}, got ${layer.coinsurance}`,
          });
        }
      }
      const total = slot.reduce((sum, layer) => sum + layer.share, 0);
      if (total > 1 + TOLERANCE) {
        const last = slot[slot.length - 1]!;
        issues.push({
          path: ['insurance', 'layers', last.index, 'share'],
          message: `expected the shares of the participations in the layer ${amountText(first.limit)} xs ${amountText(first.attachment)} over "${name}" (${slot.map((layer) => `"${layer.name}" ${layer.share}`).join(', ')}) to sum to at most 1, got ${round(total)} (${round(total - 1)} over)`,
        });
      }
    }
    // The next layer attaches where this one is used up (the highest, should one sit inside another).
    const highest = slot.reduce((a, b) => (b.top > a.top ? b : a));
    if (highest.top > top) {
      top = highest.top;
      below = slot.length === 1 ? `"${highest.name}"` : `the layer of ${listed(slot.map((layer) => `"${layer.name}"`))}`;
      how = `attachment ${amountText(highest.attachment)} + limit ${amountText(highest.limit)}${highest.coinsurance > 0 ? ` / (1 − coinsurance ${highest.coinsurance})` : ''}`;
    }
  }
}

/** Whether two amounts are equal within the relative tolerance. */
function same(a: number, b: number): boolean {
  return Math.abs(a - b) <= TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

function nonNegative(value: unknown): number | undefined {
  const number = asNumber(value);
  return number !== undefined && number >= 0 ? number : undefined;
}

function positive(value: unknown): number | undefined {
  const number = asNumber(value);
  return number !== undefined && number > 0 ? number : undefined;
}

function fraction(value: unknown): number | undefined {
  const number = asNumber(value);
  return number !== undefined && number >= 0 && number <= 1 ? number : undefined;
}

/**
 * An amount with thousands separators: whole, or with cents and as many more decimals as it takes
 * to be exact within the tolerance (so that an attachment can be copied from the message).
 */
export function amountText(value: number): string {
  for (let digits = 0; digits <= 12; digits = digits === 0 ? 2 : digits + 1) {
    const rounded = Number(value.toFixed(digits));
    if (Math.abs(rounded - value) <= (TOLERANCE / 2) * Math.abs(value)) {
      return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    }
  }
  return value.toLocaleString('en-US', { maximumFractionDigits: 12 });
}

/** "a", "a and b", "a, b and c". */
function listed(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function round(value: number): string {
  return String(Number(value.toPrecision(6)));
}

function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
