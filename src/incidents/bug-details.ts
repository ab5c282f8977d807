import type { SeverityFieldsOf } from '../scenario/schema/incident-schema.ts';
import { segmentChooser, type DetailsContext, type DrawDetails } from './details-context.ts';
import { fieldSampler } from './draw-helpers.ts';

/**
 * Compiles the details of a `bug`: the window until fixed, the share of orders hit, the price
 * error, remediation cost, the seller segment for a seller's bug, churn, then a mispricing's surge.
 */
export function compileBugDetails(definition: SeverityFieldsOf<'bug'>, context: DetailsContext): DrawDetails {
  const { effects } = context;
  const window = fieldSampler(definition.window_hours, effects, 'window_hours', 'amount');
  const share = fieldSampler(definition.share, effects, 'share', 'share');
  const priceError = fieldSampler(definition.price_error, effects, undefined, 'share');
  const remediation = fieldSampler(definition.remediation, effects, 'remediation', 'amount');
  const churn = fieldSampler(definition.churn, effects, undefined, 'share');
  // Drawn last, and only when given, so scenarios without a surge draw as before.
  const surge = definition.surge ? fieldSampler(definition.surge, effects, undefined, 'amount') : undefined;
  const { honour_policy: policy } = definition;
  const honouredShare = policy === 'honour' ? 1 : policy === 'cancel' ? 0 : policy;
  const segment = definition.origin === 'platform' ? () => undefined : segmentChooser(context, definition.segment);
  const { origin, error, handling_fee: handlingFee } = definition;
  return (random, header) => {
    const windowHours = window(random);
    const affected = share(random);
    const error_ = priceError(random);
    const remediationCost = remediation(random);
    const chosen = origin === 'algorithm' ? definition.segment : segment(random);
    return {
      type: 'bug',
      name: header.name,
      timeHours: header.timeHours,
      definitionIndex: header.definitionIndex,
      candidate: header.candidate,
      triggeredBy: header.triggeredBy,
      negligenceDraw: header.negligenceDraw,
      origin,
      segment: chosen,
      error,
      windowHours,
      share: affected,
      priceError: error_,
      handlingFee,
      remediationCost,
      churnShare: churn(random),
      ...(error === 'mispricing'
        ? {
            surge: surge ? Math.max(1, surge(random)) : 1,
            ...(definition.units_listed === undefined ? {} : { unitsListed: definition.units_listed }),
            honouredShare,
            cancellationCost: definition.cancellation_cost,
          }
        : {}),
    };
  };
}
