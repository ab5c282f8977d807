import { formatAmount, formatPercent } from './format-amount.ts';
import type { ExplainedEvent } from './year-explanation.ts';

/**
 * One line for a student about one event of the year's streams: what happened, to whom, and the
 * incident it belongs to. An event of a stream this function does not know is written as its
 * stream and kind.
 *
 * @example
 * eventSentence({ time, stream: 'platform', kind: 'down', system: 'platform', scope: 1, incident: 4 }, 'USD') // 'platform down: all traffic lost (incident 4)'
 */
export function eventSentence(event: ExplainedEvent, currency: string): string {
  const of = typeof event.incident === 'number' ? ` (incident ${event.incident})` : '';
  const amount = (value: unknown) => formatAmount(Number(value), currency);
  switch (`${event.stream}:${event.kind}`) {
    case 'platform:down':
      return `${event.system} down: all traffic lost${of}`;
    case 'platform:degraded':
      return `${event.system} degraded: ${formatPercent(Number(event.scope))} of traffic lost${of}`;
    case 'platform:up':
      return `${event.system} up again${of}`;
    case 'demand:month':
      return `demand in ${event.label}: ${Number(event.ratio).toFixed(2)}× the average month, ${amount(event.gmv)} of sales expected`;
    case 'demand:peak_began':
      return `demand peak ${event.label} begins: ${Number(event.ratio)}× demand`;
    case 'demand:peak_ended':
      return `demand peak ${event.label} ends`;
    case 'demand:fell':
      return `demand falls: with ${event.label} ${Number(event.ratio) > 0 ? 'degraded' : 'down'}, ${formatPercent(Number(event.ratio))} of buyers' demand is served${of}`;
    case 'demand:back':
      return `demand back: ${event.label} serves every buyer again${of}`;
    case 'incidents:began':
      return `incident ${event.incident} begins: ${event.name} (${event.type})`;
    case 'incidents:over':
      return `incident ${event.incident} is over: ${overWord(String(event.type))}`;
    case 'sellers:misconduct':
      return `${event.sellers}: a seller's misconduct${of}`;
    case 'sellers:own_code_failed':
      return `${event.sellers}: a seller's own code fails${of}`;
    case 'sellers:own_systems_breached':
      return `${event.sellers}: a seller's own systems expose buyers' data${of}`;
    case 'buyers:churn':
      return `${formatPercent(Number(event.share))} of the remaining buyers leave${of}; ${formatPercent(Number(event.buyersLeft))} of the year's buyers are left`;
    case 'claims:settled':
      return Number(event.amount) >= 0 ? `${event.payer} pays ${event.payee} ${amount(event.amount)}${of}` : `${event.payee} pays ${event.payer} ${amount(-Number(event.amount))}${of}`;
    case 'insurance:paid':
      return `policy ${event.policy} pays ${event.insured} ${amount(event.amount)}${of}`;
    default:
      return `${event.stream} ${event.kind}${of}`;
  }
}

/** How an incident of a type ends. */
function overWord(type: string): string {
  switch (type) {
    case 'outage':
    case 'third_party_outage':
      return 'service restored';
    case 'bug':
      return 'the bug is fixed';
    default:
      return 'contained';
  }
}
