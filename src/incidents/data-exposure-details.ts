import { holderShare } from '../market/data-holders.ts';
import { DATA_CLASSES, type DataClass } from '../scenario/vocabulary.ts';
import { DEFAULT_SERIOUSNESS, SERIOUSNESS_BANDS } from '../scenario/vocabulary.ts';
import type { SeverityFieldsOf } from '../scenario/schema/incident-schema.ts';
import type { DataExposureIncident } from './incident.ts';
import { originVendor, segmentChooser, type DetailsContext, type DrawDetails, type MechanismStreams } from './details-context.ts';
import type { RandomStream } from '../random/random-stream.ts';
import { fieldSampler, weightedChoice } from './draw-helpers.ts';
import type { AttackVector } from './mitigation-effects.ts';

const UNIFORM_100_750 = { dist: 'uniform', min: 100, max: 750 } as const;

/**
 * Compiles the details of a `breach` or `data_mishandling`: who, how many people, which data,
 * the vector, days to contain, and the draws that decide fines and class actions.
 *
 * A breach exposes a share of the accounts the party holds data on: for a seller, the buyers of
 * one seller (the segment's accounts divided by its seller count); for the platform or a
 * processor, the accounts with at least one record of the exposed classes (a processor holding
 * cards only reaches card holders). A mishandling's count of people is capped at all accounts.
 */
export function compileDataExposureDetails(definition: SeverityFieldsOf<'breach'> | SeverityFieldsOf<'data_mishandling'>, context: DetailsContext): DrawDetails {
  const { effects, scenario, market } = context;
  const party = definition.type === 'breach' ? definition.target : definition.party;
  const segment = party === 'seller' ? segmentChooser(context, definition.segment) : () => undefined;
  const accounts = market?.accounts ?? 0;
  const segmentAccounts = new Map((market?.segments ?? []).map((s) => [s.name, (accounts * s.gmvShare) / Math.max(1, s.count)]));
  const dataClasses = definition.data_classes ?? defaultClasses(party, definition.processor, context);
  const holders = accounts * holderShare(market?.recordsPerAccount ?? {}, dataClasses);

  const people = definition.type === 'breach' ? fieldSampler(definition.exposed_share, effects, 'exposed_share', 'share') : fieldSampler(definition.records, effects, 'records', 'amount');
  const vector = definition.type === 'breach' ? weightedChoice(scaleVectors(definition.vectors ?? { phishing: 1 }, effects.vectors), 'phishing' as AttackVector) : () => 'human_error';
  const days = definition.type === 'breach' ? fieldSampler(definition.days_to_contain, effects, 'days_to_contain', 'amount') : () => 0;
  const leftProbability = definition.type === 'breach' ? 1 : definition.left_organisation;
  const investigation = definition.type === 'data_mishandling' ? fieldSampler(definition.investigation, effects, undefined, 'amount') : () => 0;
  // The EDPB method sizes fines from its own stream; it keeps one draw in the flat fine's place,
  // so a scenario that switches methods keeps every later draw (a one-draw fine distribution).
  const fine = scenario.regulation.gdpr.method === 'edpb' ? (random: RandomStream) => (random(), 0) : fieldSampler(scenario.regulation.gdpr.fine, effects, undefined, 'amount');
  const ccpaDamages = fieldSampler(scenario.regulation.ccpa.statutory_damages ?? UNIFORM_100_750, effects, undefined, 'amount');
  const settlement = fieldSampler(scenario.regulation.other.settlement_per_record, effects, undefined, 'amount');
  const defense = fieldSampler(scenario.breach_costs.legal_defense, effects, undefined, 'amount');
  const churn = fieldSampler(definition.churn, effects, undefined, 'share');
  const type = definition.type;
  const processor = definition.processor;
  const vendor = definition.type === 'breach' ? originVendor(definition.origin) : undefined;
  const extra = compileExtraDraws(context);

  return (random, header, mechanism) => {
    const chosen = segment(random);
    const drawn = people(random);
    const count = type === 'breach' ? drawn * (chosen !== undefined ? (segmentAccounts.get(chosen) ?? 0) : holders) : Math.min(drawn, accounts);
    const cause = vector(random);
    const daysToContain = days(random);
    const leftOrganisation = random() < leftProbability;
    return {
      type,
      name: header.name,
      timeHours: header.timeHours,
      definitionIndex: header.definitionIndex,
      candidate: header.candidate,
      triggeredBy: header.triggeredBy,
      negligenceDraw: header.negligenceDraw,
      party,
      processor: party === 'processor' ? processor : undefined,
      segment: chosen,
      vendor,
      cause,
      people: Math.round(count),
      dataClasses,
      leftOrganisation,
      daysToContain,
      protectedShare: effects.protectedShare,
      investigationCost: investigation(random),
      fineDraw: random(),
      fineAmount: fine(random),
      ccpaFilingDraw: random(),
      ccpaDamagesPerConsumer: ccpaDamages(random),
      otherFilingDraw: random(),
      otherSettlementPerRecord: settlement(random),
      legalDefenseCost: defense(random),
      churnShare: churn(random),
      ...extra(mechanism),
    };
  };
}

/**
 * The draws of the optional breach mechanisms, each from its own stream of the candidate
 * (`edpb_fine`, `us_regulators`, `data_subjects`) and only when the scenario uses it, so a
 * scenario without them draws exactly as before, and switching one on moves no other draw
 * (common random numbers): the EDPB fine's starting share, tier position and discretion; the US
 * regulators' action and amounts per person; the data subjects' own costs per class, in
 * DATA_CLASSES order.
 */
function compileExtraDraws(context: DetailsContext): (mechanism: MechanismStreams) => DrawnExtras {
  const { effects, scenario } = context;
  const { gdpr, us_regulators: us } = scenario.regulation;
  const steps: ((mechanism: MechanismStreams, drawn: DrawnExtras) => void)[] = [];
  if (gdpr.method === 'edpb') {
    const [low, high] = SERIOUSNESS_BANDS[gdpr.seriousness ?? DEFAULT_SERIOUSNESS];
    const starting = gdpr.starting_share ? fieldSampler(gdpr.starting_share, effects, undefined, 'share') : (random: RandomStream) => low + random() * (high - low);
    const discretion = gdpr.discretion ? fieldSampler(gdpr.discretion, effects, undefined, 'amount') : () => 1;
    steps.push((mechanism, drawn) => {
      const random = mechanism('edpb_fine');
      drawn.edpbStartingShare = starting(random);
      drawn.edpbTierDraw = random();
      drawn.edpbDiscretion = discretion(random);
    });
  }
  if (us) {
    const california = fieldSampler(us.california_per_person, effects, undefined, 'amount');
    const other = fieldSampler(us.other_per_person, effects, undefined, 'amount');
    steps.push((mechanism, drawn) => {
      const random = mechanism('us_regulators');
      drawn.usActionDraw = random();
      drawn.usCaliforniaPerPerson = california(random);
      drawn.usOtherPerPerson = other(random);
    });
  }
  const ownCosts = scenario.breach_costs.data_subject_costs;
  if (ownCosts) {
    const samplers = DATA_CLASSES.filter((dataClass) => ownCosts[dataClass]).map((dataClass) => [dataClass, fieldSampler(ownCosts[dataClass], effects, undefined, 'amount')] as const);
    steps.push((mechanism, drawn) => {
      const random = mechanism('data_subjects');
      const costs: Partial<Record<DataClass, number>> = {};
      for (const [dataClass, sample] of samplers) costs[dataClass] = sample(random);
      drawn.dataSubjectCostPerPerson = costs;
    });
  }
  if (steps.length === 0) return () => ({});
  return (mechanism) => {
    const drawn: DrawnExtras = {};
    for (const step of steps) step(mechanism, drawn);
    return drawn;
  };
}

/** The optional fields of a data exposure that the optional mechanisms draw. */
type DrawnExtras = Pick<DataExposureIncident, 'edpbStartingShare' | 'edpbTierDraw' | 'edpbDiscretion' | 'usActionDraw' | 'usCaliforniaPerPerson' | 'usOtherPerPerson' | 'dataSubjectCostPerPerson'>;

function defaultClasses(party: string, processor: string | undefined, context: DetailsContext): DataClass[] {
  if (party === 'seller') return ['contact'];
  if (party === 'processor' && processor !== undefined) return context.market?.processors.get(processor)?.dataClasses ?? [];
  return Object.keys(context.market?.recordsPerAccount ?? { contact: 1 }) as DataClass[];
}

function scaleVectors(weights: Partial<Record<AttackVector, number>>, factors: Partial<Record<AttackVector, number>>): Partial<Record<AttackVector, number>> {
  return Object.fromEntries(Object.entries(weights).map(([vector, weight]) => [vector, weight * (factors[vector as AttackVector] ?? 1)]));
}
