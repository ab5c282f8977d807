import type { YearLossTable } from '../ledger/year-loss-table.ts';
import { SimulationError } from '../errors.ts';
import { percentileTrial } from '../stats/percentile-trial.ts';
import type { SimulationModel } from '../engine/simulation-model.ts';
import { yearEvents, type YearEvent } from '../engine/year-events.ts';
import type { LossComponent } from '../impacts/loss-component.ts';
import { compareIncidents, incidentId, type Incident } from '../incidents/incident.ts';
import type { InsuredTrial } from '../insurance/recovery.ts';
import { compareBearers } from '../scenario/list-bearers.ts';
import type { TrailStep } from '../liability/allocation.ts';
import { isoTime, type PolicyYear } from '../calendar/policy-year.ts';
import { describeIncident } from './describe-incident.ts';
import { explainSelection } from './explain-selection.ts';
import { roundCents } from './format-amount.ts';
import { isRecordValue, otherFields, snakeCase } from './record-fields.ts';
import type { BearerAmount, ExplainedComponent, ExplainedEvent, ExplainedIncident, ExplainedStep, PartyTotal, RecordValue, TrialSelection, YearExplanation } from './year-explanation.ts';

/** What `explainYear` needs besides the trial's record. */
export interface ExplainOptions {
  model: SimulationModel;
  /** The seed as the user gave it (the model holds only its numeric key). */
  seed: number | string;
  /** Trials of the run the trial comes from, when there is one. */
  trials?: number;
  selection: TrialSelection;
}

/** Fields every incident has, shown apart from its `details`. */
const INCIDENT_HEADER_FIELDS = new Set(['name', 'type', 'timeHours', 'definitionIndex', 'candidate', 'triggeredBy']);
/** Fields of components, allocations and trail steps shown by name; any others go under `other`. */
const COMPONENT_FIELDS = new Set(['incident', 'kind', 'amount', 'sufferer', 'coverage']);
const ALLOCATION_FIELDS = new Set(['component', 'bearer', 'amount', 'trail']);
const STEP_FIELDS = new Set(['rule', 'reason', 'draw']);

/**
 * Explains one simulated year from its complete record (`simulateTrial`): its incidents in time
 * order, each with its ground-up components, every allocation of them with its trail, and its
 * insurance recoveries; then each party's totals for the year and who paid most.
 *
 * Allocations are grouped under the component object they name, so a component may have several
 * (a bearer's share, a credit received as a negative amount); a component that only allocations
 * name (legal costs, a service credit) is listed after the incident's ground-up ones with
 * `ground_up: false`. Each party's `net` is summed as the ledger books it (per incident:
 * allocations, then recoveries), so it equals the run's annual loss for that trial.
 *
 * @example
 * explainYear(simulateTrial(model, 42), { model, seed: 2027, selection: { method: 'given' } });
 */
export function explainYear(record: InsuredTrial, options: ExplainOptions): YearExplanation {
  const { model } = options;
  const { year } = record.market;
  const currency = model.scenario.currency;
  const trial = record.context.trial;
  const incidents = orderedIncidents(record);
  const numbers = new Map(incidents.map((incident, index) => [incidentId(incident), index + 1]));
  const explainStep = (step: TrailStep) => explainTrailStep(step, numbers);
  const explained = new Map<Incident, ExplainedIncident>();
  incidents.forEach((incident, index) => explained.set(incident, explainIncident(incident, index + 1, incidents, year, currency)));

  const components = new Map<LossComponent, ExplainedComponent>();
  const suffered = new Map<string, number>();
  for (const component of record.components) {
    const entry = explainComponent(component, true);
    components.set(component, entry);
    explained.get(component.incident)!.components.push(entry);
    add(suffered, component.sufferer, component.amount);
  }

  const carried = new Map<string, number>();
  const insurance = new Map<string, number>();
  const net = new Map<string, number>();
  const incidentNet = new Map<Incident, Map<string, number>>(incidents.map((incident) => [incident, new Map()]));
  for (const allocation of record.allocations) {
    let entry = components.get(allocation.component);
    if (!entry) {
      entry = explainComponent(allocation.component, false);
      components.set(allocation.component, entry);
      explained.get(allocation.component.incident)!.components.push(entry);
    }
    entry.allocations.push({ bearer: allocation.bearer, amount: roundCents(allocation.amount), trail: allocation.trail.map(explainStep), ...otherFields(allocation, ALLOCATION_FIELDS) });
    add(carried, allocation.bearer, allocation.amount);
    add(incidentNet.get(allocation.component.incident)!, allocation.bearer, allocation.amount);
  }
  for (const recovery of record.recoveries) {
    const insurer = `insurer:${recovery.policy}`;
    explained.get(recovery.incident)!.recoveries.push({ policy: recovery.policy, insured: recovery.insured, amount: roundCents(recovery.amount), trail: recovery.trail.map(explainStep) });
    add(insurance, recovery.insured, -recovery.amount);
    add(insurance, insurer, recovery.amount);
    add(incidentNet.get(recovery.incident)!, recovery.insured, -recovery.amount);
    add(incidentNet.get(recovery.incident)!, insurer, recovery.amount);
  }

  const order = (bearers: Iterable<string>) => reportOrder(model.bearers, bearers);
  for (const [incident, amounts] of incidentNet) {
    // As the ledger books a year: each incident's net per bearer, added to the bearer's year.
    for (const [bearer, amount] of amounts) add(net, bearer, amount);
    explained.get(incident)!.net = order(amounts.keys())
      .map((bearer): BearerAmount => ({ bearer, amount: roundCents(amounts.get(bearer) ?? 0) }))
      .filter((entry) => entry.amount !== 0);
  }

  const totals = order([...suffered.keys(), ...carried.keys(), ...insurance.keys(), ...net.keys()]).map((bearer): PartyTotal => ({
    bearer,
    suffered: roundCents(suffered.get(bearer) ?? 0),
    carried: roundCents(carried.get(bearer) ?? 0),
    insurance: roundCents(insurance.get(bearer) ?? 0),
    net: roundCents(net.get(bearer) ?? 0),
  }));
  return {
    scenario: model.scenario.name,
    seed: options.seed,
    strategy: model.strategies[record.context.strategy] ?? String(record.context.strategy),
    trial,
    trials: options.trials ?? null,
    selection: explainSelection(options.selection, trial, options.trials, currency),
    year: { start: year.start, end: lastDay(year) },
    currency,
    incidents: [...explained.values()],
    events: yearEvents(model, record, incidents).map((event) => explainEvent(event, year)),
    totals,
    paid_most: paidMost(totals),
  };
}

/** An event with its time as a timestamp first and its amount in cents. */
function explainEvent(event: YearEvent, year: PolicyYear): ExplainedEvent {
  const { timeHours, ...fields } = event;
  const explained: ExplainedEvent = { time: isoTime(year, timeHours), ...fields };
  for (const key of ['amount', 'gmv'] as const) if (typeof explained[key] === 'number') explained[key] = roundCents(explained[key]);
  return explained;
}

/** The year's incidents in time order, including any that only allocations or recoveries name. */
function orderedIncidents(record: InsuredTrial): Incident[] {
  const incidents = new Set(record.incidents);
  for (const allocation of record.allocations) incidents.add(allocation.component.incident);
  for (const recovery of record.recoveries) incidents.add(recovery.incident);
  return [...incidents].sort(compareIncidents);
}

function explainIncident(incident: Incident, number: number, incidents: readonly Incident[], year: PolicyYear, currency: string): ExplainedIncident {
  const parent = incident.triggeredBy === undefined ? undefined : incidents.find((candidate) => incidentId(candidate) === incident.triggeredBy);
  const details: Record<string, RecordValue> = {};
  for (const [key, value] of Object.entries(incident)) {
    if (!INCIDENT_HEADER_FIELDS.has(key) && isRecordValue(value)) details[snakeCase(key)] = value;
  }
  return {
    number,
    id: incidentId(incident),
    name: incident.name,
    type: incident.type,
    time: isoTime(year, incident.timeHours),
    time_hours: incident.timeHours,
    triggered_by:
      incident.triggeredBy === undefined
        ? null
        : {
            id: incident.triggeredBy,
            number: parent ? incidents.indexOf(parent) + 1 : null,
            name: parent?.name ?? '',
            type: parent?.type ?? '',
            time: parent ? isoTime(year, parent.timeHours) : '',
          },
    summary: describeIncident(incident, currency),
    details,
    components: [],
    recoveries: [],
    net: [],
  };
}

function explainComponent(component: LossComponent, groundUp: boolean): ExplainedComponent {
  const { kind, amount, sufferer, coverage } = component;
  return { kind, amount: roundCents(amount), sufferer, coverage, ground_up: groundUp, allocations: [], ...otherFields(component, COMPONENT_FIELDS) };
}

/** A trail step as data; a step naming the root of a chain of incidents also gets the root's number in the year's list. */
function explainTrailStep(step: TrailStep, numbers: ReadonlyMap<string, number>): ExplainedStep {
  const rootNumber = step.root === undefined ? undefined : numbers.get(step.root);
  const fields = rootNumber === undefined ? step : { ...step, rootNumber };
  return { rule: step.rule, reason: step.reason, draw: step.draw ?? null, ...otherFields(fields, STEP_FIELDS) };
}

function paidMost(totals: readonly PartyTotal[]): YearExplanation['paid_most'] {
  let most: PartyTotal | undefined;
  let positive = 0;
  for (const total of totals) {
    if (total.net <= 0) continue;
    positive += total.net;
    if (!most || total.net > most.net) most = total;
  }
  return most ? { bearer: most.bearer, net: most.net, share: most.net / positive } : null;
}

/** Bearers in report order: the model's, then any others the records name, by kind and name. */
function reportOrder(reported: readonly string[], bearers: Iterable<string>): string[] {
  const seen = new Set(bearers);
  const others = [...seen].filter((bearer) => !reported.includes(bearer)).sort(compareBearers);
  return [...reported, ...others];
}

function add(sums: Map<string, number>, bearer: string, amount: number): void {
  sums.set(bearer, (sums.get(bearer) ?? 0) + amount);
}

function lastDay(year: PolicyYear): string {
  return new Date(year.startMs + year.hoursInYear * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
}

/** The year `explain` and a run's report explain by default: the 99th percentile of platform loss. */
export const DEFAULT_PROBABILITY = 0.99;

/**
 * Picks the year at the 99th percentile of platform loss (of the run's first bearer when there is
 * no platform) under one strategy; ties go to the smallest trial number.
 */
export function selectPercentileYear(table: YearLossTable, strategy: number): { trial: number; selection: TrialSelection } {
  const bearer = table.bearers.includes('platform') ? 'platform' : table.bearers[0];
  if (bearer === undefined) throw new SimulationError('the scenario reports no bearer whose losses could rank its years');
  const chosen = percentileTrial(table.years.annual(strategy, table.bearers.indexOf(bearer)), DEFAULT_PROBABILITY);
  return {
    trial: chosen.trial,
    selection: { method: 'percentile', bearer, probability: DEFAULT_PROBABILITY, rank: chosen.rank, loss: chosen.loss, tied_trials: chosen.tiedTrials },
  };
}
