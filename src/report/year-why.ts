import { formatAmount } from './format-amount.ts';
import { partyName } from './reason-sentences.ts';
import type { PartyTotal, YearExplanation } from './year-explanation.ts';

/** A reason why a party's row of the year's totals reads as it does. */
export interface PartyWhy {
  bearer: string;
  why: string;
}

/** Amounts within half a cent of zero are nothing. */
const HALF_CENT = 0.005;

/**
 * Says why a party's year is zero or surprising, from the year's own numbers: a party nothing
 * reached; one that suffered losses but carries none (who took them over, and how much); one
 * whose insurance paid back all it carried; one that received more in credits than it lost; an
 * insurer claimed on that paid nothing. Parties whose net loss is plain (positive and no larger
 * than what they suffered and were charged) get none.
 *
 * @example
 * yearWhy(explanation) // [{ bearer: 'buyers', why: 'suffered USD 1,849 but carries none of it: USD 1,849 was taken over by the platform.' }, …]
 */
export function yearWhy(explanation: YearExplanation): PartyWhy[] {
  const { currency } = explanation;
  const money = (amount: number) => formatAmount(amount, currency);
  const reasons: PartyWhy[] = [];
  for (const total of explanation.totals) {
    const why = partyWhy(total, explanation, money);
    if (why) reasons.push({ bearer: total.bearer, why });
  }
  return reasons;
}

function partyWhy(total: PartyTotal, explanation: YearExplanation, money: (amount: number) => string): string | undefined {
  const zero = (amount: number) => Math.abs(amount) < HALF_CENT;
  const { bearer } = total;
  if (bearer.startsWith('insurer:') && zero(total.net)) {
    const policy = bearer.slice('insurer:'.length);
    const claims = explanation.incidents.flatMap((incident) => incident.recoveries.filter((recovery) => recovery.policy === policy));
    if (claims.length === 0) return 'no loss its policy covers reached it this year.';
    return `its policy was claimed on ${times(claims.length)} but paid nothing (see the reasons under each incident).`;
  }
  if (zero(total.suffered) && zero(total.carried) && zero(total.insurance)) {
    return named(explanation, bearer) ? 'what it paid and what it received this year cancel out.' : 'no incident reached it this year.';
  }
  if (total.suffered > 0 && zero(total.carried)) return `suffered ${money(total.suffered)} but carries none of it: ${takenOver(bearer, explanation, money)}.`;
  if (total.carried > 0 && zero(total.net)) return `carried ${money(total.carried)} after liability, and its insurance paid all of it back.`;
  if (total.net < 0 && !bearer.startsWith('insurer:')) return `received ${money(-total.net)} more (in credits, transfers or insurance) than it lost this year.`;
  // Surprising: most of what it suffered is not its to carry.
  if (total.suffered > 0 && total.carried > 0 && total.carried < total.suffered / 2) {
    return `suffered ${money(total.suffered)} but carries ${money(total.carried)}: ${takenOver(bearer, explanation, money)}.`;
  }
  return undefined;
}

/**
 * Who took over what a party suffered, largest first, and the credits it received: "USD 1,110
 * was taken over by the platform and USD 355 by the small sellers; it received USD 25,000 in credits".
 */
function takenOver(bearer: string, explanation: YearExplanation, money: (amount: number) => string): string {
  const by = new Map<string, number>();
  let credits = 0;
  for (const incident of explanation.incidents) {
    for (const component of incident.components) {
      for (const allocation of component.allocations) {
        if (allocation.bearer === bearer && allocation.amount < 0) credits -= allocation.amount;
        else if (component.sufferer === bearer && component.ground_up && allocation.bearer !== bearer) by.set(allocation.bearer, (by.get(allocation.bearer) ?? 0) + allocation.amount);
      }
    }
  }
  const parts = [...by].filter(([, amount]) => amount >= HALF_CENT).sort((a, b) => b[1] - a[1]);
  const phrases = parts.map(([other, amount], index) => `${money(amount)}${index === 0 ? ' was taken over' : ''} by ${partyName(other)}`);
  const taken = phrases.length <= 1 ? (phrases[0] ?? '') : `${phrases.slice(0, -1).join(', ')} and ${phrases.at(-1)}`;
  const credited = credits >= HALF_CENT ? `it received ${money(credits)} in credits` : '';
  return [taken, credited].filter((part) => part !== '').join('; ') || 'what it received from others offsets it';
}

/** Whether any allocation or recovery of the year names the party. */
function named(explanation: YearExplanation, bearer: string): boolean {
  return explanation.incidents.some(
    (incident) =>
      incident.recoveries.some((recovery) => recovery.insured === bearer) ||
      incident.components.some((component) => component.sufferer === bearer || component.allocations.some((allocation) => allocation.bearer === bearer)),
  );
}

function times(count: number): string {
  return count === 1 ? 'once' : count === 2 ? 'twice' : `${count} times`;
}
