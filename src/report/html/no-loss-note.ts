import { formatAmount, formatPercent } from '../format-amount.ts';
import { partyName } from '../reason-sentences.ts';
import type { RunData } from '../run-data.ts';
import { yearWhy } from '../year-why.ts';
import { html, type SafeHtml } from './safe-html.ts';

/** Means within half a cent of zero are nothing. */
const HALF_CENT = 0.005;

/**
 * Why a party of the key figures lost nothing in any simulated year, from the run's own files:
 * an insurer whose policy never attached (insurance.csv); a party that carries losses after
 * liability that its insurance pays back, or whose payments and receipts cancel
 * (allocation.csv); one that nothing was ever left with, and whether it suffered losses in the
 * explained year that others took over or was not reached at all (explain.json).
 */
export function noLossReason(data: RunData, strategy: string, bearer: string): string {
  const { currency } = data.manifest;
  if (bearer.startsWith('insurer:')) {
    const policy = data.insurance.find((row) => row.strategy === strategy && `insurer:${row.policy}` === bearer);
    if (policy) return `its policy ${policy.policy} never paid: no year's loss reached it (P(attach) ${formatPercent(policy.prob_attach)}).`;
  }
  const rows = data.allocation.filter((row) => row.strategy === strategy && row.bearer === bearer);
  const carried = rows.reduce((sum, row) => sum + row.mean_annual, 0);
  if (rows.length > 0 && carried > HALF_CENT) return `it carries ${formatAmount(carried, currency)} a year on average after liability, and its insurance pays all of it back.`;
  if (rows.length > 0) return 'what it pays others and what it receives from them cancel out every year.';
  const year = data.explanation?.strategy === strategy ? data.explanation : undefined;
  const total = year?.totals.find((entry) => entry.bearer === bearer);
  if (total && total.suffered > HALF_CENT) {
    const why = yearWhy(year!).find((entry) => entry.bearer === bearer)?.why ?? `suffered ${formatAmount(total.suffered, currency)}, all of it taken over by other parties.`;
    return `no loss is ever left with it after liability: in the explained year it ${why}`;
  }
  return `no loss is ever left with it after liability${year ? ', and no incident reached it in the explained year' : ''}.`;
}

/** The note under the key figures naming each party with no loss in any simulated year, and why. */
export function noLossNote(data: RunData, strategy: string, bearers: readonly string[]): SafeHtml | '' {
  if (bearers.length === 0) return '';
  return html`<div class="note no-loss"><p>No loss in any simulated year:</p><ul>
${bearers.map((bearer) => html`<li data-bearer="${bearer}"><strong>${bearer}</strong> (${partyName(bearer)}): ${noLossReason(data, strategy, bearer)}</li>\n`)}</ul></div>`;
}
