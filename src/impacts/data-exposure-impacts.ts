import type { DataExposureIncident } from '../incidents/incident.ts';
import type { MarketModel } from '../market/market-model.ts';
import type { MarketState } from '../market/market-state.ts';
import type { DataClass } from '../scenario/schema/market-schema.ts';
import type { BreachCosts, Regulation } from '../scenario/schema/regulation-schema.ts';
import { recordsPerExposedPerson } from '../market/data-holders.ts';
import type { ComponentSink } from './component-sink.ts';
import { findNegligence } from '../liability/negligence.ts';
import type { LiabilityModel } from '../liability/liability-model.ts';
import { bookChurn } from './lost-sales.ts';

/** Classes whose exposure warrants credit monitoring; exposed cards are reissued (the PCI cost) instead. */
const MONITORED_CLASSES: readonly DataClass[] = ['government_id', 'health'];

/**
 * Impacts of a breach or data mishandling (DOMAIN §7). The breached party pays `forensics`
 * (fixed + per day to contain; an `investigation` for mishandling). If the data left the
 * organisation, the data controller (the platform for its own and its processors' data, the
 * seller for its own) pays, per notified person — exposed people less the protected (encrypted)
 * share: `notification`; `credit_monitoring` × uptake per notified person whose government id or health
 * record was exposed; `pci_assessment` per exposed card (cards per person: see `recordsPerExposedPerson`); a GDPR `regulatory_fine` (EU people, with the
 * fine probability, both multiplied by the negligence fine multiplier when the responsible party
 * is found negligent, capped at max(ceiling minimum, share × turnover)); `class_action`s (CCPA
 * statutory damages per California person; per-record settlements elsewhere) with their filing
 * probabilities; and `legal_defense` when a fine or action follows. Churn follows, but only when
 * the data left the organisation: nobody leaves over a breach they were never told of.
 */
export function assessDataExposure(
  incident: DataExposureIncident,
  market: MarketModel,
  state: MarketState,
  sink: ComponentSink,
  costs: BreachCosts,
  regulation: Regulation,
  liability: LiabilityModel,
): void {
  const sellerBearer = incident.segment === undefined ? undefined : `sellers:${incident.segment}`;
  const breached =
    incident.party === 'platform' ? 'platform' : incident.party === 'processor' ? `processor:${incident.processor}` : sellerBearer;
  const controller = incident.party === 'seller' ? sellerBearer : 'platform';
  if (breached === undefined || controller === undefined) return;

  if (incident.type === 'breach') {
    sink.add(incident, 'forensics', costs.forensics_fixed + costs.forensics_per_day * incident.daysToContain, breached, 'forensics');
  } else {
    sink.add(incident, 'investigation', incident.investigationCost, breached, 'forensics');
  }

  const notified = incident.leftOrganisation ? incident.people * (1 - incident.protectedShare) : 0;
  if (notified > 0) {
    sink.add(incident, 'notification', notified * costs.notification_per_record, controller, 'notification');
    const perPerson = (dataClass: DataClass) => recordsPerExposedPerson(market.recordsPerAccount, incident.dataClasses, dataClass);
    // Monitoring is offered per person whose government id or health record was exposed.
    const monitored = notified * Math.min(1, Math.max(...MONITORED_CLASSES.map(perPerson)));
    sink.add(incident, 'credit_monitoring', monitored * costs.credit_monitoring_uptake * costs.credit_monitoring_per_record, controller, 'credit_monitoring');
    const cards = notified * perPerson('payment_card');
    sink.add(incident, 'pci_assessment', cards * costs.pci_per_card, controller, 'pci_assessments');
    const { eu, california, other } = market.jurisdictions;
    let litigated = false;
    // Negligence found raises both the chance and the size of a fine.
    const uplift = findNegligence(incident, liability).negligent ? liability.negligence.fine_multiplier : 1;
    if (notified * eu > 0 && incident.fineDraw < Math.min(1, regulation.gdpr.fine_probability * uplift) && incident.fineAmount > 0) {
      const turnover = controller === 'platform' ? market.turnover : sellerTurnover(market, incident.segment);
      const ceiling = Math.max(regulation.gdpr.ceiling_minimum, regulation.gdpr.ceiling_turnover_share * turnover);
      sink.add(incident, 'regulatory_fine', Math.min(incident.fineAmount * uplift, ceiling), controller, 'regulatory_fines');
      litigated = true;
    }
    if (notified * california > 0 && incident.ccpaFilingDraw < regulation.ccpa.filing_probability) {
      sink.add(incident, 'class_action', notified * california * incident.ccpaDamagesPerConsumer, controller, 'privacy_liability');
      litigated = true;
    }
    if (notified * other > 0 && incident.otherFilingDraw < regulation.other.filing_probability) {
      sink.add(incident, 'class_action', notified * other * incident.otherSettlementPerRecord, controller, 'privacy_liability');
      litigated = true;
    }
    if (litigated) sink.add(incident, 'legal_defense', incident.legalDefenseCost, controller, 'defense_costs');
  }
  if (incident.leftOrganisation) bookChurn(sink, market, state, incident, incident.timeHours);
}

/** One seller's turnover in a segment: its share of GMV (the GDPR ceiling's turnover). */
function sellerTurnover(market: MarketModel, segment: string | undefined): number {
  const model = market.segments.find((s) => s.name === segment);
  return model ? (market.demand.gmvPerYear * market.sellersShare * model.gmvShare) / Math.max(1, model.count) : 0;
}
