import type { SeverityFieldsOf } from '../scenario/schema/incident-schema.ts';
import { originVendor, segmentChooser, type DetailsContext, type DrawDetails } from './details-context.ts';
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
  const vendor = originVendor(definition.origin);
  const origin = vendor === undefined ? (definition.origin as 'platform' | 'seller' | 'algorithm') : 'vendor';
  // A vendor's software acts for its licensee: the platform's checkout, or one segment's sellers.
  const licensee = vendor === undefined ? undefined : vendorLicensee(context, vendor, definition.segment);
  const segment = origin === 'platform' ? () => undefined : segmentChooser(context, definition.segment);
  const { error, handling_fee: handlingFee } = definition;
  return (random, header) => {
    const windowHours = window(random);
    const affected = share(random);
    const error_ = priceError(random);
    const remediationCost = remediation(random);
    // An algorithm's segment is named and draws nothing; a vendor's bug keeps the draw of a seller's.
    const chosen = origin === 'algorithm' ? definition.segment : origin === 'vendor' ? (segment(random), licensee) : segment(random);
    return {
      type: 'bug',
      name: header.name,
      timeHours: header.timeHours,
      definitionIndex: header.definitionIndex,
      candidate: header.candidate,
      triggeredBy: header.triggeredBy,
      negligenceDraw: header.negligenceDraw,
      origin,
      vendor,
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

/**
 * The seller segment a vendor's bug acts for: the named one, else the vendor's only seller
 * licensee; undefined when the platform licenses it (the checks refuse the ambiguous cases).
 */
function vendorLicensee(context: DetailsContext, vendor: string, named: string | undefined): string | undefined {
  const licensees = context.market?.vendors.get(vendor)?.licensees ?? [];
  if (named !== undefined) return named;
  if (licensees.includes('platform')) return undefined;
  return licensees.find((licensee) => licensee.startsWith('sellers:'))?.slice('sellers:'.length);
}
