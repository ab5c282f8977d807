/**
 * The record types of `faultline explain`: one simulated year as data, in the key order its JSON
 * form is written. Keys are snake_case, as in `run.json`.
 *
 * Money that the explanation computes (`amount`, `suffered`, `carried`, `insurance`, `net`,
 * `loss`) is in currency units rounded to cents. Everything copied from the trial's records —
 * `details`, trail draws, `other` fields — is as simulated, unrounded.
 */

/** A value copied from a record field the explanation does not know by name. */
export type RecordValue = string | number | boolean | null | readonly RecordValue[];

/** How the explained trial was chosen. */
export type TrialSelection =
  | { method: 'given' }
  | {
      method: 'percentile';
      /** The bearer whose annual losses were ranked. */
      bearer: string;
      /** 0.99: the trial at x(⌈0.99·N⌉) of the sorted annual losses (MODEL §10). */
      probability: number;
      /** The 1-based rank ⌈p·N⌉ in the sorted losses. */
      rank: number;
      /** The bearer's annual net loss in that trial. */
      loss: number;
      /** Trials with exactly that loss; the smallest trial number among them is explained. */
      tied_trials: number;
    };

/** The selection, with the sentence that says which trial and why. */
export type ExplainedSelection = TrialSelection & { reason: string };

/** One rule decision of a trail, e.g. `{ rule: 'negligence', reason: 'found', draw: 0.183 }`. */
export interface ExplainedStep {
  rule: string;
  reason: string;
  /** The uniform draw that decided the step; null when no chance was involved. */
  draw: number | null;
  /** Any further fields of the step (e.g. a threshold), by snake_case name; absent when none. */
  other?: Record<string, RecordValue>;
}

/** What one bearer finally carries of a component (negative: a credit or transfer received). */
export interface ExplainedAllocation {
  bearer: string;
  amount: number;
  trail: ExplainedStep[];
  other?: Record<string, RecordValue>;
}

/** A loss component with every allocation of it. */
export interface ExplainedComponent {
  kind: string;
  amount: number;
  sufferer: string;
  coverage: string;
  /** True for a ground-up component of the impact stage; false for one the liability stage added (e.g. legal costs). */
  ground_up: boolean;
  allocations: ExplainedAllocation[];
  other?: Record<string, RecordValue>;
}

/** What an insurance policy paid its insured for the incident. */
export interface ExplainedRecovery {
  policy: string;
  insured: string;
  amount: number;
  trail: ExplainedStep[];
}

/** An amount per bearer. */
export interface BearerAmount {
  bearer: string;
  amount: number;
}

/** One incident of the year, with its losses and who carries them. */
export interface ExplainedIncident {
  /** Position in the year, from 1, in time order. */
  number: number;
  /** `<name>#<candidate>`, or `<name><<parent id>` when another incident started it. */
  id: string;
  name: string;
  type: string;
  /** UTC, to the second: `2027-03-02T12:56:55Z`. */
  time: string;
  /** Hours from the start of the year. */
  time_hours: number;
  /** The incident that started this one: its id, its number in this year's list (null if the year lacks it), name, type and time. */
  triggered_by: { id: string; number: number | null; name: string; type: string; time: string } | null;
  /** What happened, in plain words. */
  summary: string;
  /** The incident record's type-specific fields, as simulated. */
  details: Record<string, RecordValue>;
  components: ExplainedComponent[];
  recoveries: ExplainedRecovery[];
  /** Each bearer's net for this incident (allocations and insurance), non-zero ones, in report order. */
  net: BearerAmount[];
}

/** One party's year. */
export interface PartyTotal {
  bearer: string;
  /** Ground-up losses it suffered before any claim. */
  suffered: number;
  /** What it carries after liability (credits and transfers received are negative). */
  carried: number;
  /** Insurance: minus what policies paid it, plus what it paid as insurer. */
  insurance: number;
  /** carried + insurance: the annual net loss the run's ledger books for it. */
  net: number;
}

/** One simulated year explained: the data behind `faultline explain`, and its JSON form. */
export interface YearExplanation {
  scenario: string;
  seed: number | string;
  strategy: string;
  trial: number;
  /** Trials of the run the trial was chosen from or checked against; null with `--trial` alone. */
  trials: number | null;
  selection: ExplainedSelection;
  /** First and last day of the policy year (UTC). */
  year: { start: string; end: string };
  currency: string;
  incidents: ExplainedIncident[];
  /**
   * The year as its event streams merged in virtual time (platform status, demand, incidents,
   * sellers, buyers, claims, insurance), in the order (time, stream, sequence); amounts in cents.
   */
  events: ExplainedEvent[];
  /** Every reported bearer, in report order, then any other party the records name. */
  totals: PartyTotal[];
  /** The party with the largest positive net, and its share of all positive nets; null if nobody lost. */
  paid_most: { bearer: string; net: number; share: number } | null;
}

/** One event of the year's streams, as `explain` shows it: its time as a timestamp, the stream's own fields. */
export type ExplainedEvent = { time: string } & Record<string, RecordValue>;
