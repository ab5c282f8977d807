import type { ScenarioIssue } from '../describe-issue.ts';
import { MAX_EVENTS_PER_YEAR } from '../schema/distribution-schema.ts';
import { MAX_FREQUENCY_MULTIPLIER } from '../schema/mitigation-schema.ts';
import { MAX_MULTIPLIER } from '../schema/numbers.ts';
import { asList, asNumber, asRecord, asText } from './raw-value.ts';

type Path = (string | number)[];

/** One enabled mitigation, with its index. */
interface ActiveMitigation {
  index: number;
  mitigation: Record<string, unknown>;
}

/**
 * Checks what the mitigations acting on one incident add up to. Their multipliers multiply
 * (MODEL §8), so each being in range is not enough: the frequency multipliers acting on an
 * incident multiply to at most 100 (each round above 1 is a full extra set of candidate
 * events), severity and vector multipliers to at most 1,000 per field, and an incident
 * definition's mean count times its frequency multiplier stays at most 10,000 a year.
 * Each excess is reported once, at the multiplier that takes the product past its bound.
 */
export function checkMitigations(value: unknown): ScenarioIssue[] {
  const scenario = asRecord(value);
  if (!scenario) return [];
  const mitigations: ActiveMitigation[] = asList(scenario.mitigations).flatMap((item, index) => {
    const mitigation = asRecord(item);
    return mitigation && mitigation.enabled !== false ? [{ index, mitigation }] : [];
  });
  if (mitigations.length === 0) return [];
  const issues: ScenarioIssue[] = [];
  const reported = new Set<string>();
  const report = (path: Path, message: string) => {
    const key = JSON.stringify(path);
    if (reported.has(key)) return;
    reported.add(key);
    issues.push({ path, message });
  };

  for (const list of ['incidents', 'inject'] as const) {
    asList(scenario[list]).forEach((item, incidentIndex) => {
      const incident = asRecord(item);
      const name = asText(incident?.name);
      if (!incident || name === undefined) return;
      const acting = mitigations.filter(({ mitigation }) => {
        const appliesTo = mitigation.applies_to;
        return appliesTo === undefined || (Array.isArray(appliesTo) && appliesTo.includes(name));
      });
      // Frequency multipliers act on definitions only, never on scheduled injections.
      if (list === 'incidents') {
        const frequency = multiplyAlong(acting, (mitigation) => mitigation.frequency, ['frequency'], MAX_FREQUENCY_MULTIPLIER, 'frequency', name, report);
        const mean = typeof incident.frequency === 'number' ? incident.frequency : meanCount(asRecord(incident.frequency));
        if (frequency > 1 && frequency <= MAX_FREQUENCY_MULTIPLIER && mean !== undefined && mean * frequency > MAX_EVENTS_PER_YEAR) {
          report(
            [list, incidentIndex, 'frequency'],
            `expected at most ${MAX_EVENTS_PER_YEAR.toLocaleString('en-US')} incidents a year on average once the mitigations' frequency multipliers apply, got ${mean} × ${round(frequency)} = ${round(mean * frequency).toLocaleString('en-US')}`,
          );
        }
      }
      for (const group of ['severity', 'vectors'] as const) {
        const keys = new Set(acting.flatMap(({ mitigation }) => Object.keys(asRecord(mitigation[group]) ?? {})));
        for (const key of keys) {
          multiplyAlong(acting, (mitigation) => asRecord(mitigation[group])?.[key], [group, key], MAX_MULTIPLIER, `${group} ${key}`, name, report);
        }
      }
    });
  }
  return issues;
}

/**
 * Multiplies the multipliers the acting mitigations give (absent: 1), reporting the one that
 * takes the product past `max`; returns the product.
 */
function multiplyAlong(
  acting: readonly ActiveMitigation[],
  factorOf: (mitigation: Record<string, unknown>) => unknown,
  field: Path,
  max: number,
  what: string,
  incident: string,
  report: (path: Path, message: string) => void,
): number {
  let product = 1;
  for (const { index, mitigation } of acting) {
    const factor = factorOf(mitigation);
    if (factor === undefined) continue;
    const number = asNumber(factor);
    if (number === undefined || number < 0) return 1; // the schema reports it
    const before = product;
    product *= number;
    if (product > max && before <= max) {
      report(
        ['mitigations', index, ...field],
        `expected the ${what} multipliers of the mitigations acting on "${incident}" to multiply to at most ${max.toLocaleString('en-US')}, got ${round(before)} × ${number} = ${round(product).toLocaleString('en-US')}`,
      );
    }
  }
  return product;
}

/** The mean of a count distribution, when it is valid enough to tell. */
function meanCount(frequency: Record<string, unknown> | undefined): number | undefined {
  if (frequency?.dist === 'fixed') return asNumber(frequency.value);
  if (frequency?.dist === 'bernoulli') return asNumber(frequency.p);
  return asNumber(frequency?.mean);
}

function round(value: number): number {
  return Number(value.toPrecision(6));
}
