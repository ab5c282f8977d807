import { incidentCause, incidentId } from '../incidents/incident.ts';
import type { InsuredTrial } from '../insurance/recovery.ts';
import { isoTime } from '../calendar/policy-year.ts';
import { formatMoney } from './format-number.ts';
import { csvField } from './csv-field.ts';
import type { TableColumns } from './table-columns.ts';

/** The columns of elt.csv, the ground-up perspective: one row per ground-up loss component (`record` writes them in this order). */
export const ELT_COLUMNS = {
  strategy: 'STRING',
  trial: 'INT32',
  incident_id: 'STRING',
  type: 'STRING',
  name: 'STRING',
  time: 'STRING',
  cause: 'STRING',
  kind: 'STRING',
  amount: 'DOUBLE',
  sufferer: 'STRING',
  coverage: 'STRING',
} as const satisfies TableColumns;

/** The `strategy` of a ground-up row that every strategy of the run shares (strategy names never hold `*`). */
export const EVERY_STRATEGY = '*';

/**
 * Collects the ground-up event loss table of a chunk: one row per loss component, in trial,
 * strategy and incident-time order, stopping at `limit` rows (a chunk never needs more than the
 * run's limit).
 *
 * A trial's ground-up rows are written once, with strategy `*`, when every strategy has the same
 * ones (strategies that change only liability or insurance never change them); when a strategy
 * changes them (a mitigation changes a frequency or a severity), the trial's rows are written
 * once per strategy, each under its own name. A reader takes a strategy's rows as those with
 * strategy `*` or its name.
 *
 * Rows are built straight into CSV lines (RFC 4180, CRLF): a chunk can hold tens of thousands of
 * rows, and an array of fields per row would cost far more memory than the text.
 */
export class EventLossTable {
  private text = '';
  private rows = 0;
  /** The current trial's rows under each strategy so far (without the strategy field), and their counts. */
  private readonly pending: { text: string; rows: number }[] = [];

  constructor(
    private readonly strategies: readonly string[],
    private readonly limit: number,
  ) {}

  /** Adds a trial's components; the trial's rows are kept until its last strategy arrives. */
  record(trial: InsuredTrial): void {
    if (this.rows >= this.limit) return;
    let text = '';
    const trialNumber = trial.context.trial;
    for (const component of trial.components) {
      const { incident } = component;
      text +=
        `,${trialNumber},${csvField(incidentId(incident))},${incident.type},${csvField(incident.name)},` +
        `${isoTime(trial.market.year, incident.timeHours)},${csvField(incidentCause(incident))},${component.kind},` +
        `${formatMoney(component.amount)},${csvField(component.sufferer)},${component.coverage}\r\n`;
    }
    this.pending[trial.context.strategy] = { text, rows: trial.components.length };
    if (trial.context.strategy === this.strategies.length - 1) this.flushTrial();
  }

  /** The rows collected, as CSV text without a header, and how many. */
  toCsv(): { text: string; rows: number } {
    return { text: this.text, rows: this.rows };
  }

  /** Writes the trial's rows once (`*`) when every strategy has the same, else once per strategy. */
  private flushTrial(): void {
    const [first] = this.pending;
    if (this.pending.every((rows) => rows.text === first!.text)) this.append(EVERY_STRATEGY, first!.text, first!.rows);
    else this.pending.forEach((rows, s) => this.append(csvField(this.strategies[s]!), rows.text, rows.rows));
    this.pending.length = 0;
  }

  /** Appends rows (each line starting at its second field), the strategy field put in front, as far as the limit allows. */
  private append(strategy: string, text: string, rows: number): void {
    let start = 0;
    for (let row = 0; row < rows && this.rows < this.limit; row++) {
      const end = text.indexOf('\r\n', start) + 2;
      this.text += strategy + text.slice(start, end);
      this.rows++;
      start = end;
    }
  }
}
