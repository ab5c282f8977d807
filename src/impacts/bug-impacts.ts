import type { BugIncident } from '../incidents/incident.ts';
import type { MarketModel } from '../market/market-model.ts';
import type { MarketState } from '../market/market-state.ts';
import type { ComponentSink } from './component-sink.ts';
import { bookChurn, bookLostSales } from './lost-sales.ts';

/**
 * Impacts of a bug with window w and share f of orders (DOMAIN §7), on the GMV its code touches:
 * all of it for the platform's code, one seller's for a seller's integration, the segment's (or
 * all sellers') for a pricing algorithm.
 * - overcharge: buyers overpay f·GMV(w)·price_error (`overcharge`); refunds cost the code's
 *   owner a handling fee per affected order (`refund_handling`);
 * - mispricing: sellers sell f·GMV(w) at price_error below price (`mispricing_loss`);
 * - payment_failure: f·GMV(w)·(1 − recapture) of sales lost, as in an outage;
 * and the owner pays `remediation`. Churn follows the fix.
 */
export function assessBug(incident: BugIncident, market: MarketModel, state: MarketState, sink: ComponentSink): void {
  const { segment } = incident;
  const segmentModel = segment === undefined ? undefined : market.segments.find((s) => s.name === segment);
  const end = incident.timeHours + incident.windowHours;
  const windowGmv = state.buyerShare * market.demand.integrate(incident.timeHours, end);
  const reach =
    incident.origin === 'platform' || !segmentModel
      ? 1
      : incident.origin === 'seller'
        ? segmentModel.gmvShare / Math.max(1, segmentModel.count)
        : segmentModel.gmvShare;
  const affectedGmv = incident.share * windowGmv * reach;
  const touched = incident.origin === 'platform' ? undefined : segment;

  switch (incident.error) {
    case 'overcharge':
      sink.add(incident, 'overcharge', affectedGmv * incident.priceError, 'buyers', 'refunds');
      bookToOwner(sink, incident, 'refund_handling', (affectedGmv / market.averageOrderValue) * incident.handlingFee);
      break;
    case 'mispricing':
      sink.addToSellers(incident, 'mispricing_loss', touched, (s) => (touched === undefined ? affectedGmv * s.gmvShare : affectedGmv) * incident.priceError, 'third_party_damages');
      break;
    case 'payment_failure':
      bookLostSales(sink, market, incident, affectedGmv * (1 - market.recapture), touched);
      break;
  }
  bookToOwner(sink, incident, 'remediation', incident.remediationCost);
  bookChurn(sink, market, state, incident, Math.min(end, market.demand.hoursInYear));
}

/** Books a cost to the owner of the faulty code: the platform, or the sellers (one segment, or all pro rata). */
function bookToOwner(sink: ComponentSink, incident: BugIncident, kind: string, amount: number): void {
  const { segment } = incident;
  if (incident.origin === 'platform') sink.add(incident, kind, amount, 'platform', 'remediation');
  else sink.addToSellers(incident, kind, segment, (s) => (segment === undefined ? amount * s.gmvShare : amount), 'remediation');
}
