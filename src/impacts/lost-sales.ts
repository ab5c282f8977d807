import type { Incident } from '../incidents/incident.ts';
import type { MarketModel } from '../market/market-model.ts';
import type { ComponentSink } from './component-sink.ts';

/**
 * Books sales lost for good: each segment's share of the GMV times its margin to its sellers
 * (`seller_lost_margin`), and the GMV times the take rate to the platform
 * (`platform_lost_commission`), both business interruption.
 *
 * `segment` limits the loss to one segment, whose `gmvShare` of `lostGmv` is then all of it.
 */
export function bookLostSales(sink: ComponentSink, market: MarketModel, incident: Incident, lostGmv: number, segment?: string): void {
  if (!(lostGmv > 0)) return;
  const segmentShare = segment === undefined ? undefined : market.segments.find((s) => s.name === segment)?.gmvShare;
  sink.addToSellers(incident, 'seller_lost_margin', segment, (s) => (segmentShare ? lostGmv : lostGmv * s.gmvShare) * s.margin, 'business_interruption');
  sink.add(incident, 'platform_lost_commission', lostGmv * market.takeRate, 'platform', 'business_interruption');
}

/**
 * Books the demand of buyers who leave after an incident at `fromHours`: `churnShare` of the
 * remaining buyers, for the rest of the year (`lost_business`, no recapture), then removes them
 * from the market state.
 */
export function bookChurn(sink: ComponentSink, market: MarketModel, state: { buyerShare: number }, incident: Incident, fromHours: number): void {
  const share = incident.churnShare;
  if (!(share > 0)) return;
  const lostGmv = share * state.buyerShare * market.demand.integrate(fromHours, market.demand.hoursInYear);
  sink.addToSellers(incident, 'lost_business', undefined, (s) => lostGmv * s.gmvShare * s.margin, 'lost_business');
  sink.add(incident, 'lost_business', lostGmv * market.takeRate, 'platform', 'lost_business');
  state.buyerShare *= 1 - share;
}
