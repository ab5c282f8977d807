import type { MarketModel } from '../market/market-model.ts';
import type { SeverityFieldsOf } from '../scenario/schema/incident-schema.ts';
import { segmentChooser, type DetailsContext, type DrawDetails } from './details-context.ts';
import { fieldSampler } from './draw-helpers.ts';

/** Compiles the details of `seller_misconduct`: the seller's segment, orders hit and their value. */
export function compileSellerMisconductDetails(definition: SeverityFieldsOf<'seller_misconduct'>, context: DetailsContext): DrawDetails {
  const { effects } = context;
  const segment = segmentChooser(context, definition.segment);
  const orders = fieldSampler(definition.orders, effects, 'orders', 'amount');
  const orderValue = fieldSampler(definition.order_value, effects, undefined, 'amount');
  const churn = fieldSampler(definition.churn, effects, undefined, 'share');
  const cause = definition.kind;
  const windowDays = definition.window_days;
  const salesInWindow = windowDays === undefined || !context.market ? undefined : sellerSalesInWindow(context.market, windowDays);
  return (random, header) => {
    const chosen = segment(random);
    return {
      type: 'seller_misconduct',
      name: header.name,
      timeHours: header.timeHours,
      definitionIndex: header.definitionIndex,
      candidate: header.candidate,
      triggeredBy: header.triggeredBy,
      negligenceDraw: header.negligenceDraw,
      segment: chosen,
      cause,
      orders: Math.round(orders(random)),
      orderValue: orderValue(random),
      churnShare: churn(random),
      windowDays,
      sellerSalesInWindow: salesInWindow?.(chosen),
    };
  };
}

/**
 * One seller's sales in a window of `windowDays` (MODEL §13 "Bounded misconduct"): its segment's
 * share of the sellers' GMV over the segment's seller count, × days / 365. Without a segment (a
 * market of no segments or none chosen), the average seller's. No draw: the bound is a fact of
 * the market, so it moves nothing else.
 */
export function sellerSalesInWindow(market: MarketModel, windowDays: number): (segment: string | undefined) => number {
  const sellersGmv = market.demand.gmvPerYear * market.sellersShare * (windowDays / 365);
  const bySegment = new Map(market.segments.map((s) => [s.name, (sellersGmv * s.gmvShare) / Math.max(1, s.count)]));
  const sellers = market.segments.reduce((total, s) => total + s.count, 0);
  const average = sellersGmv / Math.max(1, sellers);
  return (segment) => (segment === undefined ? average : (bySegment.get(segment) ?? average));
}
