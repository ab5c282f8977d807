import type { ScenarioIssue } from '../describe-issue.ts';
import { suggestName } from '../suggest-name.ts';
import { asList, asRecord, asText, processorNames, segmentNames, vendorLicensees } from './raw-value.ts';

type Path = (string | number)[];

/** Who may hold a policy or pay a mitigation in a scenario: its market's members, or without a market the bearers of its loss events. */
export interface InsuredContext {
  hasMarket: boolean;
  segments: Set<string>;
  processors: Set<string>;
  vendors: Set<string>;
  /** Without a market: the bearers that loss_event incidents and injections name. */
  lossBearers: Set<string>;
}

/** The parties of a scenario that can hold a policy or pay a mitigation. */
export function insuredContext(scenario: Record<string, unknown>): InsuredContext {
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

/**
 * Checks who pays each mitigation: a `paid_by` segment or processor is one the scenario defines
 * (`sellers` means all segments, by GMV share); the payer is reported as a bearer.
 */
export function checkPayers(scenario: Record<string, unknown>, context: InsuredContext): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  asList(scenario.mitigations).forEach((item, index) => {
    const payer = asText(asRecord(item)?.paid_by);
    if (payer !== undefined && /^(sellers|processor):.+$/.test(payer)) checkMarketMember(payer, ['mitigations', index, 'paid_by'], context, issues);
  });
  return issues;
}

/**
 * Checks who holds a policy: its insured is a bearer that pays losses in this scenario, and a
 * per-seller policy is held by the sellers of a segment of the market.
 */
export function checkPolicyHolder(policy: Record<string, unknown>, at: Path, context: InsuredContext): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const insured = asText(policy.insured);
  if (insured !== undefined) checkInsured(insured, [...at, 'insured'], context, issues);
  if (policy.per_seller !== true) return issues;
  if (!context.hasMarket) {
    issues.push({ path: [...at, 'per_seller'], message: 'expected a market section for a per_seller policy (it is held by each seller of a segment), got a scenario without one' });
  } else if (insured !== undefined && (insured === 'platform' || insured.startsWith('processor:'))) {
    issues.push({
      path: [...at, 'per_seller'],
      message: `expected insured sellers:<segment> for a per_seller policy (each seller of the segment holds it), got insured "${insured}"`,
    });
  }
  return issues;
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
    const hint = suggestion ? ` (did you mean "${suggestion}"?)` : known.length > 0 ? ` (bearers named: ${known.join(', ')})` : ' (no loss_event names a bearer)';
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
