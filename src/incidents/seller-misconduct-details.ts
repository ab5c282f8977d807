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
    };
  };
}
