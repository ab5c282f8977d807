import { incidentCause, incidentId } from '../incidents/incident.ts';
import type { InsuredTrial } from '../insurance/recovery.ts';
import { isoTime } from '../market/market-exposure.ts';
import { formatMoney } from '../report/format-number.ts';

/** The columns of elt.csv, one row per ground-up loss component. */
export const ELT_COLUMNS = ['strategy', 'trial', 'incident_id', 'type', 'name', 'time', 'cause', 'kind', 'amount', 'sufferer', 'coverage'] as const;

/**
 * Collects the event loss table of a chunk: one row per loss component, in trial, strategy and
 * incident-time order, stopping at `limit` rows (a chunk never needs more than the run's limit).
 *
 * Rows are built straight into CSV lines (RFC 4180, CRLF): a chunk can hold tens of thousands of
 * rows, and an array of fields per row would cost far more memory than the text.
 */
export class EventLossTable {
  private text = '';
  private rows = 0;

  constructor(
    private readonly strategies: readonly string[],
    private readonly limit: number,
  ) {}

  /** Adds a trial's components, as far as the limit allows. */
  record(trial: InsuredTrial): void {
    if (this.rows >= this.limit) return;
    const strategy = csvField(this.strategies[trial.context.strategy]!);
    const trialNumber = trial.context.trial;
    for (const component of trial.components) {
      if (this.rows >= this.limit) return;
      const { incident } = component;
      this.text +=
        `${strategy},${trialNumber},${csvField(incidentId(incident))},${incident.type},${csvField(incident.name)},` +
        `${isoTime(trial.market.year, incident.timeHours)},${csvField(incidentCause(incident))},${component.kind},` +
        `${formatMoney(component.amount)},${csvField(component.sufferer)},${component.coverage}\r\n`;
      this.rows++;
    }
  }

  /** The rows collected, as CSV text without a header, and how many. */
  toCsv(): { text: string; rows: number } {
    return { text: this.text, rows: this.rows };
  }
}

/** A CSV field, quoted (with quotes doubled) only when RFC 4180 requires it. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
