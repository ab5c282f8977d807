import type { Incident } from '../incidents/incident.ts';
import type { AllocatedTrial, TrailStep } from '../liability/allocation.ts';

/** What an insurance policy pays its insured for one occurrence. */
export interface Recovery {
  incident: Incident;
  /** Policy name; its bearer is `insurer:<policy>`. */
  policy: string;
  /** The bearer the policy reimburses. */
  insured: string;
  amount: number;
  trail: readonly TrailStep[];
}

/** A trial after the insurance stage. */
export interface InsuredTrial extends AllocatedTrial {
  recoveries: Recovery[];
}
