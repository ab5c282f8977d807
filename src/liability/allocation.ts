import type { ImpactedTrial, LossComponent } from '../impacts/loss-component.ts';

/** One rule decision on a component or claim: a short reason code and the draw that decided it. */
export interface TrailStep {
  /** The rule: `fault`, `negligence`, `contract`, `statute`, `claim`, `dispute`, `solvency`, `insurance` or `bound`. */
  rule: string;
  /** Short reason code, e.g. `borne_by_sufferer`. */
  reason: string;
  /** The uniform draw that decided the step, when chance decided it. */
  draw?: number;
  /** What the draw was compared with: below it, the finding holds (negligence, solvency). */
  threshold?: number;
  /** The share of a claim paid in a settlement, or an insurer's line on a policy. */
  share?: number;
  /** The money the step moved or held back, e.g. what a retention kept with the insured. */
  amount?: number;
  /** A claim's total claimed over its components in the incident, capped (what legal costs scale with). */
  amountInDispute?: number;
  /** The factor (amount in dispute / n0)^b applied to both sides' drawn legal costs. */
  costsFactor?: number;
  /** What the claimant expects to recover by contesting (capped claim × expected share × solvency). */
  expectedRecovery?: number;
  /** The claimant's expected legal costs of contesting. */
  expectedCost?: number;
  /** The share of what buyers could claim that they file (`market.buyers.claim_rate`). */
  claimRate?: number;
  /** The buyer guarantee's cap per order (`guarantee_order_cap`) and what one order claims. */
  orderCap?: number;
  claimPerOrder?: number;
  /** What bounded a loss (`seller_sales_in_window`), the window in days, and the loss before the bound. */
  boundedBy?: string;
  windowDays?: number;
  unboundedAmount?: number;
  /** The id of the incident whose trigger chain an insurance occurrence combines (`related_one_occurrence`). */
  root?: string;
}

/** What one bearer finally carries of one component, and why. */
export interface Allocation {
  component: LossComponent;
  bearer: string;
  amount: number;
  trail: readonly TrailStep[];
}

/** A trial after the liability stage. */
export interface AllocatedTrial extends ImpactedTrial {
  allocations: Allocation[];
}
