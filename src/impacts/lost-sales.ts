import { incidentEndHours, type Incident } from '../incidents/incident.ts';
import type { MarketModel } from '../market/market-model.ts';
import type { ComponentSink } from './component-sink.ts';

/**
 * The listings an incident's lost or mispriced sales fall on: one seller segment's (`segment`), or
 * all the sellers' pro rata to their GMV shares, with (`firstParty`) or without the platform's
 * own first-party listings.
 */
export interface Listings {
  segment?: string | undefined;
  firstParty: boolean;
}

/** Every listing of the marketplace: the sellers' and the platform's own. */
const ALL_LISTINGS: Listings = { firstParty: true };

/**
 * How an amount on `listings` divides: `sellers` of it falls on the sellers, each segment taking
 * `perSegment` of that, and `firstParty` of it on the platform's own listings.
 */
export function listingParts(market: MarketModel, { segment, firstParty }: Listings): { sellers: number; perSegment: (s: { gmvShare: number }) => number; firstParty: number } {
  const everyListing = firstParty && segment === undefined;
  return {
    sellers: everyListing ? market.sellersShare : 1,
    perSegment: (s) => (segment === undefined ? s.gmvShare : 1),
    firstParty: everyListing ? market.firstPartyShare : 0,
  };
}

/**
 * Books sales lost for good (`lostGmv` on `listings`, default all of them): the sellers' part,
 * each segment's share times its margin, to its sellers (`seller_lost_margin`) and times the
 * take rate to the platform (`platform_lost_commission`); the platform's own first-party part
 * times its margin to the platform (`platform_lost_margin`); all business interruption.
 */
export function bookLostSales(sink: ComponentSink, market: MarketModel, incident: Incident, lostGmv: number, listings: Listings = ALL_LISTINGS): void {
  if (!(lostGmv > 0)) return;
  const parts = listingParts(market, listings);
  const sellersGmv = lostGmv * parts.sellers;
  sink.addToSellers(incident, 'seller_lost_margin', listings.segment, (s) => sellersGmv * parts.perSegment(s) * s.margin, 'business_interruption');
  sink.add(incident, 'platform_lost_commission', sellersGmv * market.takeRate, 'platform', 'business_interruption');
  sink.add(incident, 'platform_lost_margin', lostGmv * parts.firstParty * market.firstPartyMargin, 'platform', 'business_interruption');
}

/**
 * Books the demand of buyers who leave after an incident, from the hour `churnFrom` gives:
 * `churnShare` of the remaining buyers, for the rest of the year (`lost_business`, no recapture): the sellers' margin
 * on their part, the platform's commission on it and its margin on its own sales; then removes
 * the buyers from the market state.
 */
export function bookChurn(sink: ComponentSink, market: MarketModel, state: { buyerShare: number }, incident: Incident): void {
  const fromHours = churnFrom(incident, market.demand.hoursInYear);
  if (fromHours === undefined) return;
  const share = incident.churnShare;
  const lostGmv = share * state.buyerShare * market.demand.integrate(fromHours, market.demand.hoursInYear);
  const parts = listingParts(market, ALL_LISTINGS);
  const sellersGmv = lostGmv * parts.sellers;
  sink.addToSellers(incident, 'lost_business', undefined, (s) => sellersGmv * parts.perSegment(s) * s.margin, 'lost_business');
  sink.add(incident, 'lost_business', sellersGmv * market.takeRate + lostGmv * parts.firstParty * market.firstPartyMargin, 'platform', 'lost_business');
  state.buyerShare *= 1 - share;
}

/**
 * When buyers leave after an incident, in virtual hours, or undefined when none do: at the
 * restoration of an outage or the fix of a bug (within the year), when a breach's data has left
 * the organisation, else when the incident happens. Only incidents whose definition has churn lose buyers.
 */
export function churnFrom(incident: Incident, hoursInYear: number): number | undefined {
  if (!(incident.churnShare > 0)) return undefined;
  switch (incident.type) {
    case 'outage':
    case 'third_party_outage':
    case 'bug':
      return incidentEndHours(incident, hoursInYear);
    case 'breach':
    case 'data_mishandling':
      return incident.leftOrganisation ? incident.timeHours : undefined;
    default:
      return incident.timeHours;
  }
}
