import type { ScenarioIssue } from '../describe-issue.ts';
import { suggestName } from '../suggest-name.ts';
import { asList, asNumber, asRecord, asText, processorNames } from './raw-value.ts';

/**
 * Checks the contracts and dispute sections: credit tiers in order without overlaps, dispute
 * channel probabilities summing to 1, a channel's costs scale given whole (reference amount and
 * exponent together), processor terms naming a defined processor once, and the buyer guarantee's
 * limits given only with the guarantee, and a vendor's indemnity capped one way only.
 */
export function checkContracts(value: unknown): ScenarioIssue[] {
  const scenario = asRecord(value);
  if (!scenario) return [];
  const issues: ScenarioIssue[] = [];
  const contracts = asRecord(scenario.contracts);
  const sellerTerms = asRecord(contracts?.seller_terms);
  checkTiers(asList(sellerTerms?.sla_tiers), ['contracts', 'seller_terms', 'sla_tiers'], issues);
  checkGuaranteeLimits(sellerTerms, issues);

  const processors = processorNames(scenario);
  const seen = new Map<string, number>();
  asList(contracts?.processor_terms).forEach((item, index) => {
    const terms = asRecord(item);
    const path = ['contracts', 'processor_terms', index];
    checkTiers(asList(terms?.sla_tiers), [...path, 'sla_tiers'], issues);
    const name = asText(terms?.processor);
    if (name === undefined) return;
    if (!processors.has(name)) {
      const suggestion = suggestName(name, [...processors]);
      const hint = suggestion ? ` (did you mean "${suggestion}"?)` : processors.size === 0 ? ' (this scenario defines no processors)' : '';
      issues.push({ path: [...path, 'processor'], message: `expected the name of a processor under market.platform.processors, got "${name}"${hint}` });
    } else if (seen.has(name)) {
      issues.push({ path: [...path, 'processor'], message: `expected one set of terms per processor, got "${name}" again (first in contracts.processor_terms[${seen.get(name)}])` });
    } else {
      seen.set(name, index);
    }
  });

  asList(asRecord(scenario.market)?.vendors).forEach((item, index) => {
    const indemnity = asRecord(asRecord(item)?.indemnity);
    if (indemnity && indemnity.cap_fees !== undefined && indemnity.cap_amount !== undefined) {
      issues.push({
        path: ['market', 'vendors', index, 'indemnity', 'cap_amount'],
        message: 'expected cap_fees or cap_amount, not both (the indemnity\'s cap per licensee in annual fees, or in currency units)',
      });
    }
  });

  const dispute = asRecord(scenario.dispute);
  if (dispute) {
    const defaults: Record<string, number> = { negotiation: 1, arbitration: 0, litigation: 0 };
    for (const channel of Object.keys(defaults)) checkCostsScale(asRecord(dispute[channel]), ['dispute', channel], issues);
    const probabilities = Object.keys(defaults).map((channel) => {
      const given = asRecord(dispute[channel]);
      return given === undefined ? defaults[channel]! : asNumber(given.probability);
    });
    if (probabilities.every((p) => p !== undefined)) {
      const sum = (probabilities as number[]).reduce((a, b) => a + b, 0);
      if (Math.abs(sum - 1) > 1e-6) {
        const gap = Number(Math.abs(1 - sum).toPrecision(6));
        issues.push({
          path: ['dispute'],
          message: `expected the probabilities of negotiation, arbitration and litigation to sum to 1, got ${Number(sum.toPrecision(6))} (${gap} ${sum < 1 ? 'short' : 'over'}; an absent channel counts as negotiation 1, others 0)`,
        });
      }
    }
  }
  return issues;
}

/** `guarantee_order_cap` and `guarantee_exclusions` limit the buyer guarantee: without it they would silently do nothing. */
function checkGuaranteeLimits(terms: Record<string, unknown> | undefined, issues: ScenarioIssue[]): void {
  if (!terms || terms.buyer_guarantee === true) return;
  for (const field of ['guarantee_order_cap', 'guarantee_exclusions']) {
    if (terms[field] === undefined) continue;
    const found = terms.buyer_guarantee === undefined ? 'buyer_guarantee absent (false by default)' : `buyer_guarantee: ${String(terms.buyer_guarantee)}`;
    issues.push({ path: ['contracts', 'seller_terms', field], message: `expected buyer_guarantee: true (${field} limits the buyer guarantee), got ${found}` });
  }
}

/** Tiers run from the highest uptime threshold down, each giving a larger credit than the last. */
function checkTiers(tiers: unknown[], path: (string | number)[], issues: ScenarioIssue[]): void {
  for (let i = 1; i < tiers.length; i++) {
    const previous = asRecord(tiers[i - 1]);
    const tier = asRecord(tiers[i]);
    const [below, previousBelow] = [asNumber(tier?.below), asNumber(previous?.below)];
    const [credit, previousCredit] = [asNumber(tier?.credit), asNumber(previous?.credit)];
    if (below !== undefined && previousBelow !== undefined && below >= previousBelow) {
      issues.push({
        path: [...path, i, 'below'],
        message: `expected a threshold below the previous tier's ${previousBelow} (tiers go from the highest uptime down, without overlap), got ${below}`,
      });
    } else if (credit !== undefined && previousCredit !== undefined && credit <= previousCredit) {
      issues.push({
        path: [...path, i, 'credit'],
        message: `expected a credit above the previous tier's ${previousCredit} (lower uptime earns more), got ${credit}`,
      });
    }
  }
}

/**
 * A channel's legal costs scale with the amount in dispute only with both its reference amount
 * and its exponent, and only if it has legal costs to scale.
 */
function checkCostsScale(channel: Record<string, unknown> | undefined, path: (string | number)[], issues: ScenarioIssue[]): void {
  if (!channel) return;
  const given = (['costs_reference_amount', 'costs_exponent'] as const).filter((key) => channel[key] !== undefined);
  if (given.length === 2 && channel.claimant_costs === undefined && channel.defendant_costs === undefined) {
    issues.push({
      path: [...path, 'costs_reference_amount'],
      message: 'expected claimant_costs or defendant_costs on this channel for its costs to scale with the amount in dispute, got neither',
    });
  }
  if (given.length !== 1) return;
  const [present] = given;
  const missing = present === 'costs_exponent' ? 'costs_reference_amount' : 'costs_exponent';
  issues.push({
    path: [...path, present!],
    message: `expected ${missing} alongside ${present} (legal costs scale as (amount in dispute / costs_reference_amount)^costs_exponent), got nothing`,
  });
}
