import type { BugIncident, DataExposureIncident, Incident, OutageIncident } from '../incidents/incident.ts';
import { formatAmount, formatHours, formatPercent } from './format-amount.ts';

/**
 * Says what happened in an incident in plain words, for a student reading one simulated year.
 *
 * @example
 * describeIncident(outage, 'USD'); // "6.0 h outage, 100% of traffic, cause: change."
 * describeIncident(breach, 'USD');
 * // "Breach at processor payments via phishing: 48,213 people exposed (payment_card), 45.0 days to contain."
 */
export function describeIncident(incident: Incident, currency: string): string {
  const what = describeType(incident, currency);
  const churn = incident.churnShare > 0 && booksChurn(incident) ? `; ${formatPercent(incident.churnShare)} of the remaining buyers leave for the rest of the year` : '';
  return `${capitalize(what)}${churn}.`;
}

function describeType(incident: Incident, currency: string): string {
  switch (incident.type) {
    case 'outage':
    case 'third_party_outage':
      return describeOutage(incident);
    case 'bug':
      return describeBug(incident, currency);
    case 'breach':
    case 'data_mishandling':
      return describeDataExposure(incident);
    case 'seller_misconduct':
      return (
        `${words(incident.cause)} goods from ${seller(incident.segment)}: ${count(incident.orders)} order${incident.orders === 1 ? '' : 's'} ` +
        `of ${formatAmount(incident.orderValue, currency)} on average` +
        (incident.sellerSalesInWindow === undefined ? '' : `, at most ${formatAmount(incident.sellerSalesInWindow, currency)} (the seller's sales in ${incident.windowDays} days)`)
      );
    case 'loss_event':
      return `loss of ${formatAmount(incident.lossAmount, currency)} borne by ${incident.bearer} (coverage ${incident.coverage})`;
  }
}

function describeOutage(incident: OutageIncident): string {
  const length = formatHours(incident.durationHours);
  const scope = `${formatPercent(incident.scope)} of traffic`;
  if (incident.type === 'third_party_outage') return `${length} outage at provider ${incident.provider ?? incident.cause}, ${scope}`;
  return `${length} outage, ${scope}, cause: ${words(incident.cause)}`;
}

function describeBug(incident: BugIncident, currency: string): string {
  const origin =
    incident.origin === 'platform'
      ? "the platform's code"
      : incident.origin === 'seller'
        ? `the integration of ${seller(incident.segment)}`
        : `a pricing algorithm${incident.segment ? ` (sellers: ${incident.segment})` : ''}`;
  const window = formatHours(incident.windowHours);
  const share = formatPercent(incident.share);
  switch (incident.error) {
    case 'overcharge':
      return (
        `bug in ${origin}: ${share} of orders overcharged by ${formatPercent(incident.priceError)} of the price for ${window}` +
        (incident.handlingFee > 0 ? `, ${formatAmount(incident.handlingFee, currency)} handling per refund` : '')
      );
    case 'mispricing':
      return `bug in ${origin}: ${share} of orders priced ${formatPercent(incident.priceError)} too low for ${window}`;
    case 'payment_failure':
      return `bug in ${origin}: ${share} of payments failed for ${window}`;
  }
}

function describeDataExposure(incident: DataExposureIncident): string {
  const where = incident.party === 'platform' ? 'the platform' : incident.party === 'processor' ? `processor ${incident.processor}` : seller(incident.segment);
  const exposed = `${count(incident.people)} ${incident.people === 1 ? 'person' : 'people'} exposed (${incident.dataClasses.join(', ') || 'no data classes'})`;
  const encrypted = incident.protectedShare > 0 ? `, ${formatPercent(incident.protectedShare)} of records encrypted` : '';
  if (incident.type === 'breach') {
    return `breach at ${where} via ${words(incident.cause)}: ${exposed}, ${incident.daysToContain.toFixed(1)} days to contain${encrypted}`;
  }
  const left = incident.leftOrganisation ? 'the data left the organisation' : 'the data stayed inside the organisation';
  return `data mishandling at ${where} (${words(incident.cause)}): ${exposed}${encrypted}; ${left}`;
}

/** Whether the incident's churn is booked: a data exposure loses buyers only when the data left. */
function booksChurn(incident: Incident): boolean {
  return incident.type === 'breach' || incident.type === 'data_mishandling' ? incident.leftOrganisation : true;
}

function seller(segment: string | undefined): string {
  return segment === undefined ? 'a seller' : `a seller (${segment})`;
}

function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** A reason or cause code in words: `unpatched_vulnerability` → `unpatched vulnerability`. */
export function words(code: string): string {
  return code.replaceAll('_', ' ').replace(/(\d+)pct\b/g, '$1%');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
