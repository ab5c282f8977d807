import { formatAmount, roundCents } from './format-amount.ts';
import type { ExplainedSelection, TrialSelection } from './year-explanation.ts';

/**
 * Says which trial is explained and why, e.g. "Trial 1,234 of 10,000: the 99th-percentile year of
 * platform loss (USD 25,184,327)."
 *
 * @param trials the run's number of trials, when the trial was chosen from or checked against one.
 */
export function explainSelection(selection: TrialSelection, trial: number, trials: number | undefined, currency: string): ExplainedSelection {
  const of = trials === undefined ? '' : ` of ${trials.toLocaleString('en-US')}`;
  const named = `Trial ${trial.toLocaleString('en-US')}${of}`;
  if (selection.method === 'given') {
    const reason =
      trials === undefined ? `${named}, chosen with --trial (the same year in any run of at least ${trial.toLocaleString('en-US')} trial${trial === 1 ? '' : 's'}).` : `${named}, chosen with --trial.`;
    return { ...selection, reason };
  }
  const tied = selection.tied_trials > 1 ? ` ${selection.tied_trials.toLocaleString('en-US')} trials share that loss; this is the first.` : '';
  const reason = `${named}: the ${ordinal(selection.probability * 100)}-percentile year of ${selection.bearer} loss (${formatAmount(selection.loss, currency)}).${tied}`;
  return { ...selection, loss: roundCents(selection.loss), reason };
}

/** `99` → `99th`, `1` → `1st`, `99.5` → `99.5th`. */
function ordinal(value: number): string {
  const rounded = Number(value.toPrecision(12));
  if (!Number.isInteger(rounded)) return `${rounded}th`;
  const tens = rounded % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][rounded % 10] ?? 'th');
  return `${rounded}${suffix}`;
}
