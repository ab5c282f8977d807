import type { MarketModel } from '../market/market-model.ts';
import { generatorKey, generatorPrefixState } from '../random/trial-random.ts';
import { continueFnv, mix32 } from '../random/hash.ts';
import type { Incident } from '../incidents/incident.ts';
import { createSeveritySampler, type SeveritySampler } from '../random/sample-severity.ts';
import type { LayerDefinition, PolicyDefinition, PremiumRule } from '../scenario/schema/insurance-schema.ts';
import { COVERAGE_TAGS, DEFAULT_RELATED_INCIDENTS, INCIDENT_TYPES, OUTAGE_CAUSES, POLICY_PRESETS, type ExclusionName, type IncidentAttribute, type IncidentType } from '../scenario/vocabulary.ts';
import type { Scenario } from '../scenario/schema/scenario-schema.ts';
import { COVERAGE_INDEX, type LayerTerms, type PrimaryTerms } from './occurrence-terms.ts';

/** Terms common to policies and layers: who holds it and its annual capacity. */
interface CompiledCover {
  name: string;
  /** Position in `InsuranceProgram.covers`: the index of its aggregate in a trial. */
  index: number;
  /** The insured bearer. */
  insured: string;
  /** The aggregate limit, in the insurer's share (default: limit × share). */
  aggregate: number;
  reinstatements: number;
  /** Most it pays in a year per holder: aggregate × (1 + reinstatements). */
  capacity: number;
  /** Annual premium in total (for a per-seller policy: per seller × holders); 0 under a pricing rule until the run prices it. */
  premium: number;
  /** A premium priced from the run (`premium: { rule: expected_loss, … }`), its load in total (per seller × holders). */
  premiumRule?: PremiumRuleTerms;
  /** Set for a policy every seller of a segment holds on its own terms. */
  perSeller?: { sellers: number; takeUp: number };
}

/** A pricing rule: premium = the insurer's expected loss on the cover ÷ targetLossRatio + load (MODEL §9, premiums). */
export interface PremiumRuleTerms {
  rule: PremiumRule['rule'];
  targetLossRatio: number;
  load: number;
}

/** A primary policy compiled for the insurance stage. */
export interface CompiledPolicy extends CompiledCover {
  kind: 'policy';
  answers: ReadonlySet<IncidentType>;
  /** Causes of `outage` incidents answered. */
  outageCauses: ReadonlySet<string>;
  /** 1 where the policy covers the tag, by `COVERAGE_INDEX`. */
  covers: Uint8Array;
  exclusions: ReadonlySet<ExclusionName>;
  /** Incident definitions whose attributes an exclusion of this policy matches, with that exclusion. */
  excludedDefinitions: ReadonlyMap<string, ExclusionName>;
  notice?: { withinDays: number; delayDays: SeveritySampler };
  /** The warranted mitigation, when the warranty is broken (the mitigation is not enabled). */
  brokenWarranty?: string;
  terms: PrimaryTerms;
  waitingHours: number;
  /** `related_incidents: one_occurrence`: a trigger chain is one occurrence for this policy. */
  chainIsOneOccurrence: boolean;
  /** Key of the policy's random draws (notice delays, whether a seller holds it). */
  generatorName: string;
  /** The hash states of its draw names per purpose, `<generatorName>:<purpose>:`, for `policyIncidentKey`. */
  drawPrefixes: Record<DrawPurpose, number>;
  /** Its excess layers, lowest first. */
  layers: CompiledLayer[];
}

/** An excess layer compiled for the insurance stage. */
export interface CompiledLayer extends CompiledCover {
  kind: 'layer';
  over: CompiledPolicy;
  terms: LayerTerms;
  dropDown: boolean;
}

/** A scenario's insurance program, ready for the insurance stage. */
export interface InsuranceProgram {
  /** Policies and layers in report order: each policy followed by its layers, lowest first. */
  covers: (CompiledPolicy | CompiledLayer)[];
  policies: CompiledPolicy[];
}

/**
 * Compiles the scenario's `insurance` section (the enabled policies and layers): presets filled in, sublimits as arrays, per-seller
 * policies sized by their segment, layers attached to their policy in attachment order.
 * References are assumed checked (the loader's cross-field checks).
 */
export function compileInsurance(scenario: Scenario, market: MarketModel | undefined): InsuranceProgram {
  const attributes = new Map<string, readonly IncidentAttribute[]>();
  for (const definition of [...scenario.incidents, ...scenario.inject]) attributes.set(definition.name, definition.attributes ?? []);
  const enabled = new Set(scenario.mitigations.filter((m) => m.enabled).map((m) => m.name));

  const covers: (CompiledPolicy | CompiledLayer)[] = [];
  const policies = scenario.insurance.policies.filter((policy) => policy.enabled).map((definition) => compilePolicy(definition, attributes, enabled, market));
  for (const policy of policies) {
    const layers = scenario.insurance.layers
      .filter((layer) => layer.enabled && layer.over === policy.name)
      .map((layer) => compileLayer(layer, policy))
      .sort((a, b) => a.terms.attachment - b.terms.attachment || (a.name < b.name ? -1 : 1));
    policy.layers = layers;
    covers.push(policy, ...layers);
  }
  covers.forEach((cover, index) => (cover.index = index));
  return { covers, policies };
}

function compilePolicy(
  definition: PolicyDefinition,
  attributes: ReadonlyMap<string, readonly IncidentAttribute[]>,
  enabledMitigations: ReadonlySet<string>,
  market: MarketModel | undefined,
): CompiledPolicy {
  const preset = definition.preset ? POLICY_PRESETS[definition.preset] : undefined;
  const covered = definition.covers ?? preset?.covers ?? [];
  const exclusions = new Set(definition.exclusions ?? preset?.exclusions ?? []);
  const coverFlags = new Uint8Array(COVERAGE_TAGS.length);
  for (const tag of covered) if (tag !== 'uninsured') coverFlags[COVERAGE_INDEX.get(tag)!] = 1; // never covered, whatever a policy lists
  const sublimits = new Float64Array(COVERAGE_TAGS.length).fill(Infinity);
  for (const [tag, amount] of Object.entries(definition.sublimits)) sublimits[COVERAGE_INDEX.get(tag as never)!] = amount!;

  const excludedDefinitions = new Map<string, ExclusionName>();
  for (const [name, list] of attributes) {
    const match = list.find((attribute) => exclusions.has(attribute));
    if (match) excludedDefinitions.set(name, match);
  }
  const warranty = definition.conditions.mfa_warranty?.mitigation;
  const common = commonTerms(definition, definition.share, definition.insured, market);
  return {
    ...common,
    kind: 'policy',
    answers: new Set(definition.incident_types ?? preset?.incident_types ?? INCIDENT_TYPES),
    outageCauses: new Set(definition.outage_causes ?? preset?.outage_causes ?? OUTAGE_CAUSES),
    covers: coverFlags,
    exclusions,
    excludedDefinitions,
    ...(definition.conditions.notice ? { notice: { withinDays: definition.conditions.notice.within_days, delayDays: createSeveritySampler(definition.conditions.notice.delay_days) } } : {}),
    ...(warranty !== undefined && !enabledMitigations.has(warranty) ? { brokenWarranty: warranty } : {}),
    terms: {
      retention: definition.retention,
      limit: definition.limit,
      sublimits,
      coinsurance: definition.coinsurance,
      share: definition.share,
      defenseOutsideLimits: (definition.defense ?? preset?.defense) === 'outside_limits',
    },
    waitingHours: definition.waiting_period_hours ?? preset?.waiting_period_hours ?? 0,
    chainIsOneOccurrence: (definition.related_incidents ?? DEFAULT_RELATED_INCIDENTS) === 'one_occurrence',
    generatorName: `insurance:${definition.name}`,
    drawPrefixes: { notice: generatorPrefixState(`insurance:${definition.name}:notice:`), take_up: generatorPrefixState(`insurance:${definition.name}:take_up:`) },
    layers: [],
  };
}

function compileLayer(definition: LayerDefinition, over: CompiledPolicy): CompiledLayer {
  return {
    ...commonTerms(definition, definition.share, over.insured, undefined, over.perSeller),
    kind: 'layer',
    over,
    terms: { attachment: definition.attachment, limit: definition.limit, coinsurance: definition.coinsurance, share: definition.share },
    dropDown: definition.drop_down,
  };
}

function commonTerms(definition: PolicyDefinition | LayerDefinition, share: number, insured: string, market: MarketModel | undefined, perSeller?: { sellers: number; takeUp: number }): CompiledCover {
  const aggregate = definition.aggregate_limit ?? definition.limit * share;
  if (!perSeller && 'per_seller' in definition && definition.per_seller) {
    const segment = market?.segments.find((s) => s.bearer === insured);
    perSeller = { sellers: segment?.count ?? 1, takeUp: definition.take_up };
  }
  const holders = perSeller ? perSeller.sellers * perSeller.takeUp : 1;
  return {
    name: definition.name,
    index: 0,
    insured,
    aggregate,
    reinstatements: definition.reinstatements,
    capacity: aggregate * (1 + definition.reinstatements),
    ...(typeof definition.premium === 'number'
      ? { premium: definition.premium * holders }
      : { premium: 0, premiumRule: { rule: definition.premium.rule, targetLossRatio: definition.premium.target_loss_ratio, load: definition.premium.load * holders } }),
    ...(perSeller ? { perSeller } : {}),
  };
}

/** The numeric key of a policy's draws for one incident. */
export function policyDrawKey(policy: CompiledPolicy, incidentId: string): number {
  return generatorKey(`${policy.generatorName}:${incidentId}`);
}

/** What a policy draws for, each from its own generator per incident: the notice delay, whether a seller holds it. */
export type DrawPurpose = 'notice' | 'take_up';

/**
 * `policyDrawKey(policy, `${purpose}:${incidentId(incident)}`)`, hashed on from the policy's prefix
 * state without building the two strings (they were 2% of a default-scenario year).
 */
export function policyIncidentKey(policy: CompiledPolicy, purpose: DrawPurpose, incident: Incident): number {
  const named = continueFnv(policy.drawPrefixes[purpose], incident.name);
  // incidentId: `<name><<parent id>` when triggered, else `<name>#<candidate>`.
  const id = incident.triggeredBy ? continueFnv(continueFnv(named, '<'), incident.triggeredBy) : continueFnv(continueFnv(named, '#'), String(incident.candidate));
  return mix32(id);
}
