import type { OperatorFunction } from 'rxjs';
import { SimulationError } from '../errors.ts';
import type { TrialEvent } from '../incidents/generate-incidents.ts';
import type { Incident } from '../incidents/incident.ts';
import type { NegligenceModel } from '../incidents/negligence.ts';
import type { MarketExposure } from '../market/market-exposure.ts';
import { stageOperator } from '../pipeline/stage-operator.ts';
import type { Scenario } from '../scenario/schema/scenario-schema.ts';
import { assessBug } from './bug-impacts.ts';
import { ComponentSink } from './component-sink.ts';
import { assessDataExposure } from './data-exposure-impacts.ts';
import type { ImpactedTrial } from './loss-component.ts';
import { bookChurn } from './lost-sales.ts';
import { assessOutage } from './outage-impacts.ts';

/** What the impact stage reads: breach cost rates, the regulators' settings, and what decides negligence (it raises fines). */
export interface ImpactStageInput {
  breachCosts: Scenario['breach_costs'];
  regulation: Scenario['regulation'];
  negligence: NegligenceModel;
}

/**
 * Impact stage: turns each incident event, in time order, into its ground-up loss components,
 * appended to the trial's `components`; the market state carries forward from incident to
 * incident within the trial (buyers lost to churn, each month's downtime) and starts afresh with
 * the next trial.
 *
 * @example
 * incidents$.pipe(assessImpacts({ breachCosts, regulation, negligence })) // the same events; each incident's components in trial.components
 */
export function assessImpacts({ breachCosts, regulation, negligence }: ImpactStageInput): OperatorFunction<TrialEvent, TrialEvent<ImpactedTrial>> {
  return stageOperator('impacts', () => {
    let sink = new ComponentSink(undefined);
    return (event, emit) => {
      const trial = event.trial as ImpactedTrial;
      if (event.kind === 'trial-start') {
        sink = new ComponentSink(trial.market.model);
        trial.components = sink.components;
      } else if (event.kind === 'incident') {
        assessIncident(event.incident, trial.market, sink, breachCosts, regulation, negligence);
      }
      emit(event as TrialEvent<ImpactedTrial>);
    };
  });
}

function assessIncident(incident: Incident, market: MarketExposure, sink: ComponentSink, costs: Scenario['breach_costs'], regulation: Scenario['regulation'], negligence: NegligenceModel): void {
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
      return assessDataExposure(incident, model, state, sink, costs, regulation, negligence);
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
