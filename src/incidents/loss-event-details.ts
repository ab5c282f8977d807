import type { SeverityFieldsOf } from '../scenario/schema/incident-schema.ts';
import type { DetailsContext, DrawDetails } from './details-context.ts';
import { fieldSampler } from './draw-helpers.ts';

/** Compiles the details of a `loss_event`: its loss (draws below 0 count as 0), then churn. */
export function compileLossEventDetails(definition: SeverityFieldsOf<'loss_event'>, context: DetailsContext): DrawDetails {
  const loss = fieldSampler(definition.loss, context.effects, 'loss', 'amount');
  const churn = fieldSampler(definition.churn, context.effects, undefined, 'share');
  const { bearer, coverage } = definition;
  return (random, header) => ({
    type: 'loss_event',
    name: header.name,
    timeHours: header.timeHours,
    definitionIndex: header.definitionIndex,
    candidate: header.candidate,
    triggeredBy: header.triggeredBy,
    negligenceDraw: header.negligenceDraw,
    lossAmount: loss(random),
    bearer,
    coverage,
    churnShare: churn(random),
  });
}
