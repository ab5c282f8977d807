import type { ScenarioIssue } from '../describe-issue.ts';
import { withArticle } from '../schema/describe-input.ts';
import { suggestName } from '../suggest-name.ts';
import { asList, asRecord, asText, processorNames, segmentNames, vendorLicensees } from './raw-value.ts';

type Path = (string | number)[];

/**
 * Checks names that must be unique and names that must refer to something the scenario defines:
 * seller segments, processors, vendors and their licensees, triggered incidents, mitigated incidents.
 */
export function checkReferences(value: unknown): ScenarioIssue[] {
  const scenario = asRecord(value);
  if (!scenario) return [];
  const issues: ScenarioIssue[] = [];
  const segments = segmentNames(scenario);
  const processors = processorNames(scenario);
  const hasMarket = asRecord(scenario.market) !== undefined;
  const vendors = vendorLicensees(scenario);

  /** Reports `name` unless it is known; `prefix` is written before names (as in `sellers:<name>`). */
  const refer = (path: Path, name: unknown, known: Set<string>, what: string, prefix = '') => {
    if (typeof name !== 'string' || known.has(name)) return;
    const suggestion = suggestName(name, [...known]);
    const hint = suggestion ? ` (did you mean "${prefix}${suggestion}"?)` : known.size === 0 ? ` (this scenario defines no ${what}s)` : '';
    issues.push({ path, message: `expected ${prefix ? `${prefix}<name> with ` : ''}the name of ${withArticle(what)} defined in this scenario, got "${prefix}${name}"${hint}` });
  };

  asList(asRecord(scenario.market)?.vendors).forEach((item, index) => {
    asList(asRecord(item)?.licensed_by).forEach((licensee, l) => {
      if (typeof licensee === 'string' && licensee.startsWith('sellers:')) {
        refer(['market', 'vendors', index, 'licensed_by', l], licensee.slice('sellers:'.length), segments, 'seller segment', 'sellers:');
      }
    });
  });

  // Names unique across incident definitions and injections; definitions and their fields.
  const seen = new Map<string, string>();
  const definitions = new Set<string>();
  for (const list of ['incidents', 'inject'] as const) {
    asList(scenario[list]).forEach((item, index) => {
      const incident = asRecord(item);
      if (!incident) return;
      const at: Path = [list, index];
      const name = asText(incident.name);
      if (name !== undefined) {
        const earlier = seen.get(name);
        if (earlier) issues.push({ path: [...at, 'name'], message: `expected a unique incident name, got "${name}" again (first used by ${earlier})` });
        else seen.set(name, `${list}[${index}]`);
        if (list === 'incidents') definitions.add(name);
      }
      const type = asText(incident.type);
      if (type !== undefined && type !== 'loss_event' && !hasMarket) {
        issues.push({ path: [...at, 'type'], message: `expected a market section for ${withArticle(type)} incident, got a scenario without one` });
      }
      if (incident.timing === 'demand' && !hasMarket) {
        issues.push({ path: [...at, 'timing'], message: 'expected a market section for demand-weighted timing, got a scenario without one' });
      }
      if (incident.segment !== undefined) refer([...at, 'segment'], incident.segment, segments, 'seller segment');
      if (type === 'third_party_outage') refer([...at, 'provider'], incident.provider, processors, 'processor');
      const party = asText(type === 'breach' ? incident.target : type === 'data_mishandling' ? incident.party : undefined);
      // Naming no processor at all is the incident's own rule (INCIDENT_RULES).
      if (party === 'processor' && incident.processor !== undefined) refer([...at, 'processor'], incident.processor, processors, 'processor');
      if ((type === 'bug' || type === 'outage' || type === 'breach') && typeof incident.origin === 'string' && incident.origin.startsWith('vendor:')) {
        issues.push(...checkVendorOrigin(incident, at, type, vendors, refer));
      }
      if (type === 'loss_event' && typeof incident.bearer === 'string') {
        const [kind, member] = incident.bearer.split(':');
        if (member !== undefined && kind === 'sellers') refer([...at, 'bearer'], member, segments, 'seller segment', 'sellers:');
        if (member !== undefined && kind === 'processor') refer([...at, 'bearer'], member, processors, 'processor', 'processor:');
        if (member !== undefined && kind === 'vendor') refer([...at, 'bearer'], member, new Set(vendors.keys()), 'vendor', 'vendor:');
      }
    });
  }

  asList(scenario.incidents).forEach((item, index) => {
    asList(asRecord(item)?.triggers).forEach((trigger, t) => {
      refer(['incidents', index, 'triggers', t, 'incident'], asRecord(trigger)?.incident, definitions, 'incident definition');
    });
  });
  issues.push(...checkTriggerCycles(scenario));
  asList(scenario.mitigations).forEach((item, index) => {
    asList(asRecord(item)?.applies_to).forEach((name, n) => refer(['mitigations', index, 'applies_to', n], name, new Set(seen.keys()), 'incident'));
  });
  const noIncidents = scenario.incidents === undefined || (Array.isArray(scenario.incidents) && scenario.incidents.length === 0);
  if (noIncidents && asList(scenario.inject).length === 0) {
    issues.push({ path: ['incidents'], message: 'expected at least one incident definition or injection, got none' });
  }
  return issues;
}

/**
 * An incident that starts in a vendor's software needs a vendor of that name and a licensee it
 * acts for: an outage takes the platform down, so the platform must license the vendor; a bug acts
 * for the named segment (which must license it), else for the platform, else for the vendor's only
 * seller segment.
 */
function checkVendorOrigin(
  incident: Record<string, unknown>,
  at: Path,
  type: string,
  vendors: Map<string, string[]>,
  refer: (path: Path, name: unknown, known: Set<string>, what: string, prefix?: string) => void,
): ScenarioIssue[] {
  const name = String(incident.origin).slice('vendor:'.length);
  const licensees = vendors.get(name);
  if (!licensees) {
    refer([...at, 'origin'], name, new Set(vendors.keys()), 'vendor', 'vendor:');
    return [];
  }
  const list = licensees.join(', ');
  if (type === 'breach') return checkVendorBreach(incident, at, name, licensees);
  if (type === 'outage') {
    return licensees.includes('platform')
      ? []
      : [{ path: [...at, 'origin'], message: `expected a vendor the platform licenses (an outage takes the platform down), got vendor:${name}, licensed by ${list}` }];
  }
  const segment = asText(incident.segment);
  if (segment !== undefined) {
    return licensees.includes(`sellers:${segment}`) ? [] : [{ path: [...at, 'segment'], message: `expected a seller segment that licenses vendor:${name} (${list}), got "${segment}"` }];
  }
  const sellers = licensees.filter((licensee) => licensee.startsWith('sellers:'));
  if (!licensees.includes('platform') && sellers.length > 1) {
    return [{ path: [...at, 'segment'], message: `expected the segment the bug of vendor:${name} acts for (it is licensed by ${list}), got nothing` }];
  }
  return [];
}

/**
 * A breach through a vendor's software on the target's pages: the target licenses it. The
 * platform for its own pages; a seller segment, named, for its shops; a processor's systems run no
 * vendor software of the marketplace's.
 */
function checkVendorBreach(incident: Record<string, unknown>, at: Path, name: string, licensees: string[]): ScenarioIssue[] {
  const list = licensees.join(', ');
  const target = asText(incident.target);
  if (target === 'processor') {
    return [{ path: [...at, 'origin'], message: `expected target platform or seller for a breach through vendor:${name} (its software runs on their pages), got target processor` }];
  }
  if (target === 'platform' && !licensees.includes('platform')) {
    return [{ path: [...at, 'origin'], message: `expected a vendor the platform licenses (the breach is on the platform's pages), got vendor:${name}, licensed by ${list}` }];
  }
  if (target !== 'seller') return [];
  const segment = asText(incident.segment);
  if (segment === undefined) {
    return [{ path: [...at, 'segment'], message: `expected the seller segment whose shops run vendor:${name} (licensed by ${list}), got nothing` }];
  }
  return licensees.includes(`sellers:${segment}`) ? [] : [{ path: [...at, 'segment'], message: `expected a seller segment that licenses vendor:${name} (${list}), got "${segment}"` }];
}

/** A trigger chain that comes back to where it started would start incidents forever. */
function checkTriggerCycles(scenario: Record<string, unknown>): ScenarioIssue[] {
  const edges = new Map<string, { to: string; path: Path }[]>();
  asList(scenario.incidents).forEach((item, index) => {
    const name = asText(asRecord(item)?.name);
    if (name === undefined) return;
    const targets = asList(asRecord(item)?.triggers).flatMap((trigger, t) => {
      const to = asText(asRecord(trigger)?.incident);
      return to === undefined ? [] : [{ to, path: ['incidents', index, 'triggers', t, 'incident'] as Path }];
    });
    edges.set(name, [...(edges.get(name) ?? []), ...targets]);
  });
  const issues: ScenarioIssue[] = [];
  const reported = new Set<string>();
  const visit = (name: string, chain: string[]): void => {
    for (const { to, path } of edges.get(name) ?? []) {
      const start = chain.indexOf(to);
      if (to === name || start >= 0) {
        const cycle = [...chain.slice(Math.max(start, 0)), name, to];
        const key = [...new Set(cycle)].sort().join(',');
        if (!reported.has(key)) {
          reported.add(key);
          issues.push({ path, message: `expected triggers without a cycle, got ${[...new Set(cycle.slice(0, -1))].join(' → ')} → ${to}` });
        }
      } else {
        visit(to, [...chain, name]);
      }
    }
  };
  for (const name of edges.keys()) visit(name, []);
  return issues;
}
