import { words } from './describe-incident.ts';
import { allocationSentences, readableTime, recoverySentences, startedBy, yearContext, type YearContext } from './explained-sentences.ts';
import { formatAmount, formatPercent, formatWhole } from './format-amount.ts';
import { eventSentence } from './year-event-sentences.ts';
import { yearWhy } from './year-why.ts';
import type { ExplainedIncident, PartyTotal, RecordValue, YearExplanation } from './year-explanation.ts';

/** One line of an incident's loss table: a label, an amount, and notes (the first beside, the rest below). */
interface LossRow {
  label: string;
  amount: number;
  notes: string[];
}

/**
 * Renders a year's explanation as plain text for a student: a header, the year's events in time
 * order (the platform going down and up, demand month by month, incidents, churn, claims settled,
 * insurers paying), the incidents in time order with their losses and who finally carries each and why, then each party's totals and who paid
 * most. Amounts are whole currency units with thousands separators; there are no colours.
 *
 * A trail identical to the one on the row above is written "same reasons as above", and one that
 * extends it (legal costs after a dispute) "as above, then" its further steps.
 */
export function explanationText(explanation: YearExplanation): string {
  const { currency, incidents } = explanation;
  const trials = explanation.trials === null ? '' : ` of ${explanation.trials.toLocaleString('en-US')}`;
  const lines = [
    `Faultline: one simulated year of ${explanation.scenario}, explained`,
    '',
    `  scenario  ${explanation.scenario}`,
    `  seed      ${explanation.seed}`,
    `  trial     ${explanation.trial.toLocaleString('en-US')}${trials}`,
    `  strategy  ${explanation.strategy}`,
    `  year      ${explanation.year.start} to ${explanation.year.end} (times in UTC)`,
    `  currency  ${currency} (whole units here; --format json gives cents)`,
    '',
    explanation.selection.reason,
    '',
  ];
  lines.push(...eventLines(explanation));
  if (incidents.length === 0) {
    lines.push('No incidents this year: nothing went wrong, so nobody lost anything.', '');
  } else {
    lines.push(`${incidents.length} incident${incidents.length === 1 ? '' : 's'}, in time order:`, '');
    const numberWidth = String(incidents.length).length;
    const context = yearContext(explanation);
    for (const incident of incidents) lines.push(...incidentLines(incident, context, numberWidth), '');
  }
  lines.push(...totalLines(explanation));
  return `${lines.join('\n')}\n`;
}

/** The year's event streams merged in time order, one line each: time, stream, what happened. */
function eventLines({ events, currency }: YearExplanation): string[] {
  if (events.length === 0) return [];
  const width = Math.max(...events.map((event) => String(event.stream).length));
  return [
    `The year as its event streams, merged in time order (${events.length} events):`,
    '',
    ...events.map((event) => `  ${readableTime(event.time)}  ${String(event.stream).padEnd(width)}  ${eventSentence(event, currency)}`),
    '',
  ];
}

function incidentLines(incident: ExplainedIncident, context: YearContext, numberWidth: number): string[] {
  const { currency } = context;
  const margin = ' '.repeat(numberWidth + 2);
  const lines = [`${String(incident.number).padStart(numberWidth)}. ${readableTime(incident.time)}  ${incident.name} (${incident.type})`, `${margin}${incident.summary}`];
  const started = startedBy(incident);
  if (started) lines.push(`${margin}${started}`);

  const rows: LossRow[] = [];
  let previous: readonly string[] = [];
  for (const component of incident.components) {
    const origin = component.ground_up ? `suffered by ${component.sufferer}` : `added by liability, for ${component.sufferer}`;
    rows.push({ label: component.kind, amount: component.amount, notes: [origin + otherText(component.other)] });
    for (const allocation of component.allocations) {
      const sentences = allocationSentences(allocation, component, context);
      const notes = trailNotes(sentences, previous);
      if (allocation.other) notes.push(otherText(allocation.other).trim());
      rows.push({ label: `  → ${allocation.bearer}`, amount: allocation.amount, notes });
      previous = sentences;
    }
  }
  for (const recovery of incident.recoveries) {
    rows.push({ label: `insurance ${recovery.policy}`, amount: recovery.amount, notes: [`paid to ${recovery.insured}`, ...trailNotes(recoverySentences(recovery, context), [])] });
  }
  if (rows.length === 0) lines.push(`${margin}No loss.`);
  else lines.push(`${margin}Losses, and who finally carries them:`, ...tableLines(rows, `${margin}  `, currency));
  const net = incident.net.map((entry) => `${entry.bearer} ${formatAmount(entry.amount, currency)}`);
  lines.push(`${margin}Net for this incident: ${net.length > 0 ? net.join('; ') : 'nothing'}.`);
  return lines;
}

/** Aligns loss rows: labels padded, amounts right-aligned after the currency, notes after them and under each other. */
function tableLines(rows: readonly LossRow[], margin: string, currency: string): string[] {
  const labelWidth = Math.max(...rows.map((row) => row.label.length));
  const amountWidth = Math.max(...rows.map((row) => formatWhole(row.amount).length));
  const lines: string[] = [];
  for (const row of rows) {
    const [first = '', ...rest] = row.notes.filter((note) => note !== '');
    const start = `${margin}${row.label.padEnd(labelWidth)}  ${currency} ${formatWhole(row.amount).padStart(amountWidth)}`;
    lines.push(first ? `${start}  ${first}` : start);
    for (const note of rest) lines.push(`${' '.repeat(start.length)}  ${note}`);
  }
  return lines;
}

/**
 * A trail as notes, in sentences: one step as it is, several numbered in order; a trail of several
 * steps whose sentences equal the previous row's is "same reasons as above", one extending it "as
 * above, then" the rest.
 */
function trailNotes(sentences: readonly string[], previous: readonly string[]): string[] {
  if (sentences.length === 1) return [sentences[0]!];
  const shared = previous.length > 1 && previous.length <= sentences.length && previous.every((sentence, index) => sentence === sentences[index]) ? previous.length : 0;
  if (shared === sentences.length) return ['Same reasons as above.'];
  const steps = sentences.slice(shared).map((sentence, index) => `${shared + index + 1}. ${sentence}`);
  return shared > 0 ? [`As above (1–${shared}), then ${steps[0]}`, ...steps.slice(1)] : steps;
}

function otherText(other: Record<string, RecordValue> | undefined): string {
  if (!other) return '';
  return ` [${Object.entries(other)
    .map(([key, value]) => `${words(key)} ${valueText(value)}`)
    .join('; ')}]`;
}

function valueText(value: RecordValue): string {
  if (Array.isArray(value)) return value.map(valueText).join(', ');
  if (typeof value === 'number') return Number.isInteger(value) ? value.toLocaleString('en-US') : String(Number(value.toPrecision(6)));
  return String(value);
}

function totalLines(explanation: YearExplanation): string[] {
  const { currency, totals, incidents } = explanation;
  const columns: (keyof Omit<PartyTotal, 'bearer'>)[] = ['suffered', 'carried', 'insurance', 'net'];
  const all = Object.fromEntries(columns.map((column) => [column, totals.reduce((sum, total) => sum + total[column], 0)]));
  const rows = [...totals, { bearer: 'all parties', ...all } as PartyTotal].map((total) => [total.bearer, ...columns.map((column) => formatWhole(total[column]))]);
  const header = ['party', ...columns.map((column) => `${column} (${currency})`)];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((cells) => cells[column]!.length)));
  const format = (cells: string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd();
  const added = incidents.reduce((sum, incident) => sum + incident.components.reduce((part, c) => part + (c.ground_up ? 0 : c.amount), 0), 0);
  const most = explanation.paid_most;
  return [
    "The year's totals per party:",
    '  suffered: ground-up losses, before any claim;  carried: after liability (credits received count',
    '  as negative);  insurance: minus recoveries received, plus what an insurer paid;  net: carried + insurance.',
    '',
    ...[header, ...rows].map((cells) => `  ${format(cells)}`),
    '',
    `All parties together carry the ground-up losses (${formatAmount(all.suffered!, currency)}) plus what liability added, such as legal costs (${formatAmount(added, currency)}): ${formatAmount(all.carried!, currency)}.`,
    most
      ? `Who paid most: ${most.bearer}, ${formatAmount(most.net, currency)} net (${formatPercent(most.share)} of what all parties lost).`
      : 'Who paid most: nobody; no party had a net loss this year.',
    ...whyLines(explanation),
  ];
}

/** Why the zero or surprising rows of the totals read as they do, one line a party. */
function whyLines(explanation: YearExplanation): string[] {
  const reasons = yearWhy(explanation);
  if (reasons.length === 0) return [];
  return ['', 'Why some rows read as they do:', ...reasons.map(({ bearer, why }) => `  ${bearer}: ${why}`)];
}
