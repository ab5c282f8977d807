import type { TrialContext } from './trial-context.ts';

/**
 * Opens a trial in a stage's event stream. A pipeline lives for a whole chunk of trials; each
 * trial's events arrive between its start and its end, so a stage resets its per-trial state
 * (the market's buyers and downtime, the claim book, the aggregates left) on this marker.
 */
export interface TrialStart<Trial> {
  readonly kind: 'trial-start';
  readonly trial: Trial;
}

/** Closes a trial: a stage finishes its per-trial work (the insurance stage drops unused layers); the ledger books the year. */
export interface TrialEnd<Trial> {
  readonly kind: 'trial-end';
  readonly trial: Trial;
}

/** The two markers that bracket every trial's events. */
export type TrialMarker<Trial> = TrialStart<Trial> | TrialEnd<Trial>;

/** What a trial's record or its context says about which year it is, for failures and injected faults. */
export type HasContext = TrialContext | { readonly context: TrialContext };

/** The trial identity of a record or of a context itself. */
export function contextOf(trial: HasContext): TrialContext {
  return 'context' in trial ? trial.context : trial;
}

/** The marker that opens `trial`. */
export function trialStart<Trial>(trial: Trial): TrialStart<Trial> {
  return { kind: 'trial-start', trial };
}

/** The marker that closes `trial`. */
export function trialEnd<Trial>(trial: Trial): TrialEnd<Trial> {
  return { kind: 'trial-end', trial };
}
