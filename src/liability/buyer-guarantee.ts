import type { LossComponent } from '../impacts/loss-component.ts';
import type { MarketModel } from '../market/market-model.ts';
import type { Scenario } from '../scenario/schema/scenario-schema.ts';
import type { TrailStep } from './allocation.ts';

/** What the buyer guarantee pays of an insolvent seller's debt to buyers, and the step that held the rest back. */
export interface GuaranteePayment {
  /** Paid by the platform under the guarantee. */
  guaranteed: number;
  /** Why the rest stays with buyers: `guarantee_excluded` or `guarantee_cap_binding`; absent when it pays all. */
  limit?: TrailStep;
}

/**
 * The buyer guarantee's limits (MODEL §13 "Buyers' own loss"): a misconduct kind in
 * `guarantee_exclusions` is not covered at all; with `guarantee_order_cap`, each order's claim is
 * paid up to the cap, so the guarantee pays `amount` × min(1, cap / claim per order). The claim per
 * order of a misconduct case is its loss over its orders (the order value, unless its sales bound
 * it); of an overcharge, the average order value × the price error (the bug's orders are its
 * affected GMV over the average order value). Without either field the guarantee pays all.
 */
export function guaranteePayment(component: LossComponent, amount: number, terms: Scenario['contracts']['seller_terms'], market: MarketModel | undefined): GuaranteePayment {
  const { incident } = component;
  if (incident.type === 'seller_misconduct' && terms.guarantee_exclusions?.includes(incident.cause)) {
    return { guaranteed: 0, limit: { rule: 'contract', reason: 'guarantee_excluded', amount } };
  }
  const cap = terms.guarantee_order_cap;
  if (cap === undefined) return { guaranteed: amount };
  const perOrder = claimPerOrder(component, market);
  if (!(perOrder > cap)) return { guaranteed: amount };
  const guaranteed = amount * (cap / perOrder);
  return { guaranteed, limit: { rule: 'contract', reason: 'guarantee_cap_binding', amount: amount - guaranteed, orderCap: cap, claimPerOrder: perOrder } };
}

/** What one order of the component claims: a misconduct case's loss per order, an overcharge per average order. */
function claimPerOrder(component: LossComponent, market: MarketModel | undefined): number {
  const { incident } = component;
  if (incident.type === 'seller_misconduct') return incident.orders > 0 ? component.amount / incident.orders : 0;
  if (incident.type === 'bug' && component.kind === 'overcharge' && market) return market.averageOrderValue * incident.priceError;
  return component.amount; // one claim, one order
}
