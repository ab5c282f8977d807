import { words } from './describe-incident.ts';
import { formatAmount, formatPercent, formatWhole } from './format-amount.ts';
import type { ExplainedIncident, ExplainedStep, PartyTotal, RecordValue, YearExplanation } from './year-explanation.ts';

/** One line of an incident's loss table: a label, an amount, and notes (the first beside, the rest below). */
interface LossRow {
  label: string;
  amount: number;
  notes: string[];
}

/**
 * Renders a year's explanation as plain text for a student: a header, the incidents in time order
 * with their losses and who finally carries each and why, then each party's totals and who paid
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
  if (incidents.length === 0) {
    lines.push('No incidents this year: nothing went wrong, so nobody lost anything.', '');
  } else {
    lines.push(`${incidents.length} incident${incidents.length === 1 ? '' : 's'}, in time order:`, '');
    const numberWidth = String(incidents.length).length;
    for (const incident of incidents) lines.push(...incidentLines(incident, currency, numberWidth), '');
  }
  lines.push(...totalLines(explanation));
  return `${lines.join('\n')}\n`;
}

function incidentLines(incident: ExplainedIncident, currency: string, numberWidth: number): string[] {
  const margin = ' '.repeat(numberWidth + 2);
  const lines = [`${String(incident.number).padStart(numberWidth)}. ${readableTime(incident.time)}  ${incident.name} (${incident.type})`, `${margin}${incident.summary}`];
  const parent = incident.triggered_by;
  if (parent) lines.push(`${margin}Started by ${parent.id}${parent.type ? ` (${parent.type} at ${readableTime(parent.time)})` : ''}.`);

  const rows: LossRow[] = [];
  let previous: readonly ExplainedStep[] = [];
  for (const component of incident.components) {
    const origin = component.ground_up ? `suffered by ${component.sufferer}` : `added by liability, for ${component.sufferer}`;
    rows.push({ label: component.kind, amount: component.amount, notes: [origin + otherText(component.other)] });
    for (const allocation of component.allocations) {
      const notes = trailNotes(allocation.trail, previous);
      if (allocation.other) notes.push(otherText(allocation.other).trim());
      rows.push({ label: `  → ${allocation.bearer}`, amount: allocation.amount, notes });
      previous = allocation.trail;
    }
  }
  for (const recovery of incident.recoveries) {
    rows.push({ label: `insurance ${recovery.policy}`, amount: recovery.amount, notes: [`paid to ${recovery.insured}`, ...trailNotes(recovery.trail, [])] });
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
 * A trail as notes: one step as it is, several numbered in order; a trail of several steps equal
 * to the previous row's is "same reasons as above", one extending it "as above, then" the rest.
 */
function trailNotes(trail: readonly ExplainedStep[], previous: readonly ExplainedStep[]): string[] {
  if (trail.length === 1) return [stepText(trail[0]!)];
  const shared = previous.length > 1 && previous.length <= trail.length && previous.every((step, index) => sameStep(step, trail[index]!)) ? previous.length : 0;
  if (shared === trail.length) return ['same reasons as above'];
  const steps = trail.slice(shared).map((step, index) => `${shared + index + 1}. ${stepText(step)}`);
  return shared > 0 ? [`as above (1–${shared}), then ${steps[0]}`, ...steps.slice(1)] : steps;
}

function sameStep(a: ExplainedStep, b: ExplainedStep): boolean {
  return a.rule === b.rule && a.reason === b.reason && a.draw === b.draw && JSON.stringify(a.other ?? {}) === JSON.stringify(b.other ?? {});
}

/** `negligence: found (draw 0.183 < 0.42)`: the rule, the reason in words, and the deciding draw. */
function stepText(step: ExplainedStep): string {
  if (step.rule === 'insurance') {
    const phrase = insuranceStepText(step);
    if (phrase !== undefined) return `insurance: ${phrase}`;
  }
  const other = { ...step.other };
  const facts: string[] = [];
  if (step.draw !== null) {
    const bound = ['threshold', 'probability'].find((key) => typeof other[key] === 'number');
    if (bound) {
      const limit = other[bound] as number;
      delete other[bound];
      facts.push(`draw ${step.draw.toFixed(3)} ${step.draw < limit ? '<' : '≥'} ${Number(limit.toPrecision(6))}`);
    } else {
      facts.push(`draw ${step.draw.toFixed(3)}`);
    }
  }
  if (typeof other.share === 'number') {
    facts.push(`${(other.share * 100).toFixed(0)}% of the claim paid`);
    delete other.share;
  }
  facts.push(...Object.entries(other).map(([key, value]) => `${words(key)} ${valueText(value)}`));
  return `${step.rule}: ${words(step.reason)}${facts.length > 0 ? ` (${facts.join('; ')})` : ''}`;
}

/** An insurance term or denial in words, with the money it held back; undefined for an unknown reason. */
function insuranceStepText(step: ExplainedStep): string | undefined {
  const number = (key: string) => (typeof step.other?.[key] === 'number' ? (step.other[key] as number) : undefined);
  const amount = number('amount');
  const money = amount === undefined ? '' : formatWhole(amount);
  const threshold = number('threshold');
  const share = number('share');
  const draw = step.draw ?? undefined;
  if (step.reason.startsWith('sublimit_')) return `sublimit for ${words(step.reason.slice('sublimit_'.length))}: ${money} above it, not paid`;
  if (step.reason.startsWith('excluded_')) return `excluded: ${words(step.reason.slice('excluded_'.length))}${money ? ` (${money} denied)` : ''}${draw !== undefined && threshold !== undefined ? ` (negligence draw ${draw.toFixed(3)} < ${Number(threshold.toPrecision(6))})` : ''}`;
  switch (step.reason) {
    case 'related_one_occurrence':
      return `one occurrence with the incidents related to ${typeof step.other?.root === 'string' ? step.other.root : 'its root'} (related_incidents: one_occurrence): this incident's part is ${formatPercent(share ?? 0)} of the occurrence, whose terms follow`;
    case 'other_insurance_paid_first':
      return `other insurance listed first already paid ${money} of this loss`;
    case 'retention':
      return `retention: the first ${money} kept by the insured`;
    case 'within_retention':
      return `within the retention: all ${money} kept by the insured`;
    case 'coinsurance':
      return `coinsurance: ${money} kept by the insured`;
    case 'limit':
      return `limit reached: ${money} above it, not paid`;
    case 'share':
      return `the insurer's line is ${formatPercent(share ?? 0)}: ${money} is not its part`;
    case 'aggregate_binding':
      return `annual aggregate nearly used up: ${money} beyond what was left, not paid`;
    case 'aggregate_exhausted':
      return `annual aggregate already used up: ${money} not paid`;
    case 'aggregate_used_up':
      return 'this payment uses up the annual aggregate';
    case 'aggregate_reinstated':
      return `aggregate reinstated: ${money} more available this year`;
    case 'defense_coinsurance':
      return `coinsurance on defense costs: ${money} kept by the insured`;
    case 'defense_outside_limits':
      return `defense costs outside the limits: ${money} paid on top`;
    case 'attachment':
      return `layer attaches at ${money}: the loss below it is not this layer's`;
    case 'below_attachment':
      return `loss below the layer's attachment (${money})`;
    case 'dropped_down':
      return `primary aggregate used up: the layer drops down to attach at ${money}`;
    case 'waiting_period':
      return `waiting period of ${threshold ?? 0} h: ${money} of interruption loss not covered`;
    case 'notice_late':
      return `denied: notified after ${(draw ?? 0).toFixed(1)} days, later than the ${threshold ?? 0} days the policy allows`;
    case 'mfa_warranty_breached':
      return 'denied: the MFA warranty is not met, and MFA guards against this attack';
    case 'seller_holds_policy':
      return `this seller holds the policy (draw ${(draw ?? 0).toFixed(3)} < take-up ${threshold ?? 0})`;
    case 'seller_uninsured':
      return `this seller holds no such policy (draw ${(draw ?? 0).toFixed(3)} ≥ take-up ${threshold ?? 0})`;
    case 'per_seller':
      return `each seller's own policy: the loss split over the segment's sellers, ${formatPercent(share ?? 0)} of them insured`;
    default:
      return undefined;
  }
}

function otherText(other: Record<string, RecordValue> | undefined): string {
  if (!other) return '';
  return ` [${Object.entries(other).map(([key, value]) => `${words(key)} ${valueText(value)}`).join('; ')}]`;
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
  const format = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ').trimEnd();
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
  ];
}

/** `2027-03-02T12:56:55Z` → `2027-03-02 12:56:55 UTC`. */
function readableTime(iso: string): string {
  return iso.replace('T', ' ').replace(/Z$/, ' UTC');
}
