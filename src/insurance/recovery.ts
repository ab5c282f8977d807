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
  /** Share of the per-occurrence limit used (per holder for a per-seller policy), 0–1. */
  utilisation: number;
  /** Every denial and every term that bit, in order. */
  trail: readonly TrailStep[];
  /**
   * Set when the recovery is one incident's part of an occurrence that combines related incidents
   * (`related_incidents: one_occurrence`): the chain's root, this part's number (from 1, in
   * incident order) of how many, and what the policy or layer paid for the whole occurrence.
   */
  occurrence?: { root: string; part: number; parts: number; amount: number };
}

/** A trial after the insurance stage. */
export interface InsuredTrial extends AllocatedTrial {
  /** One per policy or layer claimed on, per incident, in incident order (amount 0 when denied). */
  recoveries: Recovery[];
  /** Indices (in the program's report order) of the policies and layers whose aggregate ran out this year. */
  exhausted: number[];
}
