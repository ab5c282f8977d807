import type { OutageIncident } from '../incidents/incident.ts';
import type { MarketModel } from '../market/market-model.ts';
import type { MarketState } from '../market/market-state.ts';
import type { ComponentSink } from './component-sink.ts';
import { bookChurn, bookLostSales } from './lost-sales.ts';

/**
 * Impacts of an outage or third-party outage of duration d and scope s at t (MODEL §7):
 * lost GMV = s · ∫ₜ^{t+d} r · (1 − recapture), with r the demand of the buyers still active;
 * sellers lose their margin on it and the platform its commission; the platform pays incident
 * response (fixed + per hour × d × s); s·d is added to each calendar month's downtime; churn follows the restoration.
 */
export function assessOutage(incident: OutageIncident, market: MarketModel, state: MarketState, sink: ComponentSink): void {
  const end = incident.timeHours + incident.durationHours;
  const lostGmv = incident.scope * state.buyerShare * market.demand.integrate(incident.timeHours, end) * (1 - market.recapture);
  bookLostSales(sink, market, incident, lostGmv);
  sink.add(incident, 'incident_response', responseCost(incident), 'platform', 'incident_response');
  state.addDowntime(incident.timeHours, end, incident.scope);
  bookChurn(sink, market, state, incident);
}

/**
 * The incident response cost of an outage (MODEL §13): the fixed part plus, when the scenario
 * gives a rate, rate per hour × duration × scope (a partial outage costs its share of a full one's
 * hourly response). Without a rate it is the fixed part, unchanged.
 */
export function responseCost(incident: OutageIncident): number {
  const { incidentResponseCost: fixed, incidentResponsePerHour: perHour } = incident;
  return perHour === undefined ? fixed : fixed + perHour * incident.durationHours * incident.scope;
}
