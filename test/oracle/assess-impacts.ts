import type { OperatorFunction } from 'rxjs';
import { stageMap } from './stage-map.ts';
import type { SimulationModel } from '../../src/engine/simulation-model.ts';
import { SimulationError } from '../../src/errors.ts';
import type { Incident, IncidentTrial } from '../../src/incidents/incident.ts';
import type { MarketExposure } from '../../src/market/market-exposure.ts';
import { assessBug } from '../../src/impacts/bug-impacts.ts';
import { ComponentSink } from '../../src/impacts/component-sink.ts';
import { assessDataExposure } from '../../src/impacts/data-exposure-impacts.ts';
import type { ImpactedTrial } from '../../src/impacts/loss-component.ts';
import { bookChurn } from '../../src/impacts/lost-sales.ts';
import { assessOutage } from '../../src/impacts/outage-impacts.ts';

/**
 * Impact stage: turns each incident, in time order, into its ground-up loss components,
 * carrying the market state forward (buyers lost to churn, each month's downtime).
 *
 * @example
 * incidents$.pipe(assessImpacts(model)) // emits { …, components }
 */
export function assessImpacts(model: SimulationModel): OperatorFunction<IncidentTrial, ImpactedTrial> {
  const { breach_costs: costs, regulation } = model.scenario;
  const { liability } = model;
  return stageMap('impacts', (trial) => {
    const sink = new ComponentSink(trial.market.model);
    for (const incident of trial.incidents) assessIncident(incident, trial.market, sink, costs, regulation, liability);
    const next = trial as ImpactedTrial;
    next.components = sink.components;
    return next;
  });
}

function assessIncident(
  incident: Incident,
  market: MarketExposure,
  sink: ComponentSink,
  costs: SimulationModel['scenario']['breach_costs'],
  regulation: SimulationModel['scenario']['regulation'],
  liability: SimulationModel['liability'],
): void {
  if (incident.type === 'loss_event') {
    if (incident.bearer === 'sellers' && market.model) {
      sink.addToSellers(incident, 'loss_event', undefined, (s) => incident.lossAmount * s.gmvShare, incident.coverage);
    } else {
      sink.add(incident, 'loss_event', incident.lossAmount, incident.bearer, incident.coverage);
    }
    if (market.model && market.state) bookChurn(sink, market.model, market.state, incident);
    return;
  }
  const { model, state } = market;
  if (!model || !state) throw new SimulationError(`${incident.type} incident ${incident.name} needs a market`);
  switch (incident.type) {
    case 'outage':
    case 'third_party_outage':
      return assessOutage(incident, model, state, sink);
    case 'bug':
      return assessBug(incident, model, state, sink);
    case 'breach':
    case 'data_mishandling':
      return assessDataExposure(incident, model, state, sink, costs, regulation, liability);
    case 'seller_misconduct':
      sink.add(incident, 'buyer_loss', misconductLoss(incident), 'buyers', 'third_party_damages');
      return bookChurn(sink, model, state, incident);
  }
}

/**
 * Buyers' loss from a seller's misconduct: orders × order value, at most the seller's own sales in
 * the misconduct's window when `window_days` bounds it (MODEL §13 "Bounded misconduct").
 */
export function misconductLoss(incident: Extract<Incident, { type: 'seller_misconduct' }>): number {
  const unbounded = incident.orders * incident.orderValue;
  return incident.sellerSalesInWindow === undefined ? unbounded : Math.min(unbounded, incident.sellerSalesInWindow);
}
