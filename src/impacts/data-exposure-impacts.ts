import type { DataExposureIncident } from '../incidents/incident.ts';
import type { MarketModel } from '../market/market-model.ts';
import type { MarketState } from '../market/market-state.ts';
import type { DataClass } from '../scenario/schema/market-schema.ts';
import type { BreachCosts, Regulation } from '../scenario/schema/regulation-schema.ts';
import { recordsPerExposedPerson } from '../market/data-holders.ts';
import type { ComponentSink } from './component-sink.ts';
import { findNegligence } from '../incidents/negligence.ts';
import type { NegligenceModel } from '../incidents/negligence.ts';
import { bookChurn } from './lost-sales.ts';
import { edpbFine } from './edpb-fine.ts';
import { scaledBreachCost } from './scaled-breach-cost.ts';

/** Classes whose exposure warrants credit monitoring; exposed cards are reissued (the PCI cost) instead. */
const MONITORED_CLASSES: readonly DataClass[] = ['government_id', 'health'];

/** The card issuers, who suffer the reissue and fraud costs of leaked cards and claim them through the card networks. */
export const CARD_ISSUERS = 'card_issuers';

/** The bearer whose systems were breached or mishandled the data: the platform, the processor, or the seller's segment. */
export function breachedParty(incident: DataExposureIncident): string | undefined {
  if (incident.party === 'platform') return 'platform';
  if (incident.party === 'processor') return `processor:${incident.processor}`;
  return incident.segment === undefined ? undefined : `sellers:${incident.segment}`;
}

/**
 * Impacts of a breach or data mishandling (MODEL §7, §13). The breached party pays `forensics`
 * (fixed + per day to contain + an optional per-record part; an `investigation` for mishandling)
 * and, when cards leak, the card issuers suffer reissue and fraud costs (`card_reissue_claim`,
 * `card_fraud_claim`), which the card networks claim from the breached party. If the data left the organisation, the data controller (the platform for
 * its own and its processors' data, the seller for its own) pays, per notified person — exposed
 * people less the protected (encrypted) share: `notification`; `credit_monitoring` per enrolled
 * person (uptake × those whose government id or health record was exposed); `pci_assessment`
 * per exposed card (cards per person: see `recordsPerExposedPerson`); each of these three as
 * rate · n0 · (n / n0)^b (`scaledBreachCost`; b = 1 by default). Then a GDPR `regulatory_fine`
 * (EU people, with the fine probability × the negligence multiplier; flat: the drawn fine × that
 * multiplier, or EDPB: `edpbFine`; within max(ceiling minimum, share × turnover)); a
 * `us_regulatory_penalty` per notified US person when US regulators act; `class_action`s (CCPA
 * statutory damages per California person; per-record settlements elsewhere) with their filing
 * probabilities; `legal_defense` when any of those follows; and the buyers' own
 * `data_subject_costs` less what the class actions pay them. Churn follows, but only when the
 * data left the organisation: nobody leaves over a breach they were never told of.
 */
export function assessDataExposure(
  incident: DataExposureIncident,
  market: MarketModel,
  state: MarketState,
  sink: ComponentSink,
  costs: BreachCosts,
  regulation: Regulation,
  negligence: NegligenceModel,
): void {
  const sellerBearer = incident.segment === undefined ? undefined : `sellers:${incident.segment}`;
  const breached = breachedParty(incident);
  const controller = incident.party === 'seller' ? sellerBearer : 'platform';
  if (breached === undefined || controller === undefined) return;

  if (incident.type === 'breach') {
    const perRecord = costs.forensics_per_record ? scaledBreachCost(costs.forensics_per_record, incident.people, costs.forensics_exponent, costs.scale_reference_records) : 0;
    const forensics = costs.forensics_fixed + costs.forensics_per_day * incident.daysToContain;
    sink.add(incident, 'forensics', perRecord > 0 ? forensics + perRecord : forensics, breached, 'forensics');
  } else {
    sink.add(incident, 'investigation', incident.investigationCost, breached, 'forensics');
  }

  const notified = incident.leftOrganisation ? incident.people * (1 - incident.protectedShare) : 0;
  if (notified > 0) {
    const reference = costs.scale_reference_records;
    sink.add(incident, 'notification', scaledBreachCost(costs.notification_per_record, notified, costs.notification_exponent, reference), controller, 'notification');
    const perPerson = (dataClass: DataClass) => recordsPerExposedPerson(market.recordsPerAccount, incident.dataClasses, dataClass);
    // Monitoring is offered per person whose government id or health record was exposed.
    const monitored = notified * Math.min(1, Math.max(...MONITORED_CLASSES.map(perPerson)));
    const enrolled = monitored * costs.credit_monitoring_uptake;
    sink.add(incident, 'credit_monitoring', scaledBreachCost(costs.credit_monitoring_per_record, enrolled, costs.credit_monitoring_exponent, reference), controller, 'credit_monitoring');
    const cards = notified * perPerson('payment_card');
    sink.add(incident, 'pci_assessment', scaledBreachCost(costs.pci_per_card, cards, costs.pci_exponent, reference), controller, 'pci_assessments');
    // The issuers' reissue and fraud costs, which the card networks claim from the party whose systems leaked the cards.
    if (costs.card_reissue_per_card) sink.add(incident, 'card_reissue_claim', cards * costs.card_reissue_per_card, CARD_ISSUERS, 'pci_assessments');
    if (costs.card_fraud_rate && costs.card_fraud_per_card) {
      sink.add(incident, 'card_fraud_claim', cards * costs.card_fraud_rate * costs.card_fraud_per_card, CARD_ISSUERS, 'pci_assessments');
    }
    const { eu, california, other } = market.jurisdictions;
    let litigated = false;
    // Negligence found raises both the chance and the size of a fine.
    const negligent = findNegligence(incident, negligence).negligent;
    const uplift = negligent ? negligence.negligence.fine_multiplier : 1;
    const { gdpr } = regulation;
    if (notified * eu > 0 && incident.fineDraw < Math.min(1, gdpr.fine_probability * uplift)) {
      const turnover = controller === 'platform' ? market.turnover : sellerTurnover(market, incident.segment);
      if (gdpr.method === 'edpb') {
        litigated = sink.add(incident, 'regulatory_fine', edpbAmount(gdpr, turnover, negligent, incident), controller, 'regulatory_fines') > 0;
      } else if (incident.fineAmount > 0) {
        const ceiling = Math.max(gdpr.ceiling_minimum, gdpr.ceiling_turnover_share * turnover);
        sink.add(incident, 'regulatory_fine', Math.min(incident.fineAmount * uplift, ceiling), controller, 'regulatory_fines');
        litigated = true;
      }
    }
    const us = regulation.us_regulators;
    if (us && notified * (california + other) > 0 && incident.usActionDraw! < us.action_probability) {
      const penalty = notified * california * incident.usCaliforniaPerPerson! + notified * other * incident.usOtherPerPerson!;
      if (penalty > 0) {
        sink.add(incident, 'us_regulatory_penalty', penalty, controller, 'regulatory_fines');
        litigated = true;
      }
    }
    let classPaid = 0;
    if (notified * california > 0 && incident.ccpaFilingDraw < regulation.ccpa.filing_probability) {
      classPaid += sink.add(incident, 'class_action', notified * california * incident.ccpaDamagesPerConsumer, controller, 'privacy_liability');
      litigated = true;
    }
    if (notified * other > 0 && incident.otherFilingDraw < regulation.other.filing_probability) {
      classPaid += sink.add(incident, 'class_action', notified * other * incident.otherSettlementPerRecord, controller, 'privacy_liability');
      litigated = true;
    }
    if (litigated) sink.add(incident, 'legal_defense', incident.legalDefenseCost, controller, 'defense_costs');
    if (incident.dataSubjectCostPerPerson) {
      // The data subjects' own costs, less what the class actions pay them (the class's money reaches the buyers).
      let own = 0;
      for (const [dataClass, cost] of Object.entries(incident.dataSubjectCostPerPerson) as [DataClass, number][]) {
        own += notified * Math.min(1, perPerson(dataClass)) * cost;
      }
      sink.add(incident, 'data_subject_costs', Math.max(0, own - classPaid), 'buyers', 'uninsured');
    }
  }
  bookChurn(sink, market, state, incident);
}

/** An EDPB-method fine from the incident's draws. */
function edpbAmount(gdpr: Regulation['gdpr'], turnover: number, negligent: boolean, incident: DataExposureIncident): number {
  return edpbFine(gdpr, turnover, negligent, { startingShare: incident.edpbStartingShare!, tierDraw: incident.edpbTierDraw!, discretion: incident.edpbDiscretion! });
}

/** One seller's turnover in a segment: its share of GMV (the GDPR ceiling's turnover). */
function sellerTurnover(market: MarketModel, segment: string | undefined): number {
  const model = market.segments.find((s) => s.name === segment);
  return model ? (market.demand.gmvPerYear * market.sellersShare * model.gmvShare) / Math.max(1, model.count) : 0;
}
