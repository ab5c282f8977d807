import { incidentCause, incidentId } from '../incidents/incident.ts';
import type { InsuredTrial } from '../insurance/recovery.ts';
import { isoTime } from '../market/market-exposure.ts';
import { formatMoney } from '../report/format-number.ts';

/** The columns of elt.csv, one row per ground-up loss component. */
export const ELT_COLUMNS = ['strategy', 'trial', 'incident_id', 'type', 'name', 'time', 'cause', 'kind', 'amount', 'sufferer', 'coverage'] as const;

/**
 * Collects the event loss table of a chunk: one row per loss component, in trial, strategy and
 * incident-time order, stopping at `limit` rows (a chunk never needs more than the run's limit).
 */
export class EventLossTable {
  readonly rows: string[][] = [];

  constructor(
    private readonly strategies: readonly string[],
    private readonly limit: number,
  ) {}

  /** Adds a trial's components, as far as the limit allows. */
  record(trial: InsuredTrial): void {
    const { rows, limit } = this;
    if (rows.length >= limit) return;
    const strategy = this.strategies[trial.context.strategy]!;
    const trialNumber = String(trial.context.trial);
    for (const component of trial.components) {
      if (rows.length >= limit) return;
      const { incident } = component;
      rows.push([
        strategy,
        trialNumber,
        incidentId(incident),
        incident.type,
        incident.name,
        isoTime(trial.market.year, incident.timeHours),
        incidentCause(incident),
        component.kind,
        formatMoney(component.amount),
        component.sufferer,
        component.coverage,
      ]);
    }
  }
}
