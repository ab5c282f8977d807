import type { BugIncident } from '../incidents/incident.ts';
import type { MarketModel } from '../market/market-model.ts';
import type { MarketState } from '../market/market-state.ts';
import type { ComponentSink } from './component-sink.ts';
import { bookChurn, bookLostSales, listingParts, type Listings } from './lost-sales.ts';

/**
 * Impacts of a bug with window w and share f of orders (MODEL §7), on the GMV its code touches:
 * all of it for the platform's code (the sellers' part and the platform's own first-party part),
 * one seller's for a seller's integration, the segment's (or all sellers') for a pricing algorithm.
 * - overcharge: buyers overpay f·GMV(w)·price_error (`overcharge`); refunds cost the code's
 *   owner a handling fee per affected order (`refund_handling`);
 * - mispricing: the wrong low price draws a rush (`surge` × the demand, at most `units_listed`
 *   orders); of those orders the honoured share ship at price_error below price
 *   (`mispricing_loss`, the listing owner's: sellers', or the platform's own on first-party
 *   listings) and the rest are cancelled at `cancellation_cost` each (`cancellation_handling`);
 * - payment_failure: f·GMV(w)·(1 − recapture) of sales lost, as in an outage;
 * and the owner pays `remediation` (a vendor, for its software). Churn follows the fix.
 */
export function assessBug(incident: BugIncident, market: MarketModel, state: MarketState, sink: ComponentSink): void {
  const { segment } = incident;
  const segmentModel = segment === undefined ? undefined : market.segments.find((s) => s.name === segment);
  const end = incident.timeHours + incident.windowHours;
  const windowGmv = state.buyerShare * market.demand.integrate(incident.timeHours, end);
  // The platform's code touches every listing, its own first-party ones included; sellers' code
  // only theirs. A vendor's software acts as its licensee's: the platform's (no segment) or a
  // segment's repricer.
  const platformCode = incident.origin === 'platform' || (incident.origin === 'vendor' && segment === undefined);
  const reach = platformCode
    ? 1
    : !segmentModel
      ? market.sellersShare
      : incident.origin === 'seller'
        ? (market.sellersShare * segmentModel.gmvShare) / Math.max(1, segmentModel.count)
        : market.sellersShare * segmentModel.gmvShare;
  const affectedGmv = incident.share * windowGmv * reach;
  const touched = platformCode ? undefined : segment;
  const listings: Listings = { segment: touched, firstParty: platformCode };

  switch (incident.error) {
    case 'overcharge':
      sink.add(incident, 'overcharge', affectedGmv * incident.priceError, 'buyers', 'refunds');
      bookToOwner(sink, incident, 'refund_handling', (affectedGmv / market.averageOrderValue) * incident.handlingFee, platformCode);
      break;
    case 'mispricing':
      bookMispricing(sink, market, incident, affectedGmv, listings);
      break;
    case 'payment_failure':
      bookLostSales(sink, market, incident, affectedGmv * (1 - market.recapture), listings);
      break;
  }
  // A vendor fixes its own software.
  if (incident.origin === 'vendor') sink.add(incident, 'remediation', incident.remediationCost, `vendor:${incident.vendor}`, 'remediation');
  else bookToOwner(sink, incident, 'remediation', incident.remediationCost, platformCode);
  bookChurn(sink, market, state, incident);
}

/**
 * A mispricing on `affectedGmv` of listings at their right price: the rush multiplies it, the
 * units listed bound it, then each listing owner loses the price gap on the honoured orders and
 * the cost of cancelling the others: the listings' sellers pro rata (one segment's alone when
 * named) and, on the platform's first-party listings, the platform.
 */
function bookMispricing(sink: ComponentSink, market: MarketModel, incident: BugIncident, affectedGmv: number, listings: Listings): void {
  const rushed = affectedGmv * (incident.surge ?? 1);
  const ordered = incident.unitsListed === undefined ? rushed : Math.min(rushed, incident.unitsListed * market.averageOrderValue);
  const honoured = ordered * (incident.honouredShare ?? 1);
  const cancelledOrders = (ordered - honoured) / market.averageOrderValue;
  const gap = honoured * incident.priceError;
  const cancelling = cancelledOrders * (incident.cancellationCost ?? 0);
  const parts = listingParts(market, listings);
  const perSegment = (whole: number) => (s: { gmvShare: number }) => whole * parts.sellers * parts.perSegment(s);
  sink.addToSellers(incident, 'mispricing_loss', listings.segment, perSegment(gap), 'third_party_damages');
  sink.addToSellers(incident, 'cancellation_handling', listings.segment, perSegment(cancelling), 'third_party_damages');
  // The platform's own listings: a trading loss of its own, which no policy answers.
  sink.add(incident, 'mispricing_loss', gap * parts.firstParty, 'platform', 'uninsured');
  sink.add(incident, 'cancellation_handling', cancelling * parts.firstParty, 'platform', 'uninsured');
}

/** Books a cost to the runner of the faulty code: the platform, or the sellers (one segment, or all pro rata). */
function bookToOwner(sink: ComponentSink, incident: BugIncident, kind: string, amount: number, platformCode: boolean): void {
  const { segment } = incident;
  if (platformCode) sink.add(incident, kind, amount, 'platform', 'remediation');
  else sink.addToSellers(incident, kind, segment, (s) => (segment === undefined ? amount * s.gmvShare : amount), 'remediation');
}
