import type { DefinitionOf, SeverityFieldsOf } from '../scenario/schema/incident-schema.ts';
import { fieldSampler, weightedChoice } from './draw-helpers.ts';
import { originVendor, type DetailsContext, type DrawDetails, type MechanismStreams } from './details-context.ts';

/**
 * Compiles the details of an `outage` or `third_party_outage`: duration, scope, cause (or the
 * failed provider) and response cost, then churn, from the severity stream; the optional response
 * cost per hour from its own mechanism stream.
 */
export function compileOutageDetails(definition: SeverityFieldsOf<'outage'> | SeverityFieldsOf<'third_party_outage'> | DefinitionOf<'outage'>, context: DetailsContext): DrawDetails {
  const { effects } = context;
  const duration = fieldSampler(definition.duration_hours, effects, 'duration_hours', 'amount');
  const scope = fieldSampler(definition.scope, effects, 'scope', 'share');
  const response = fieldSampler(definition.incident_response, effects, 'incident_response', 'amount');
  const churn = fieldSampler(definition.churn, effects, undefined, 'share');
  const provider = definition.type === 'third_party_outage' ? definition.provider : undefined;
  const cause = definition.type === 'outage' ? weightedChoice(definition.causes ?? {}, 'change') : () => 'provider';
  const type = definition.type;
  const vendor = definition.type === 'outage' ? originVendor(definition.origin) : undefined;
  const perHour = perHourSampler(definition.incident_response_per_hour, effects);
  return (random, header, mechanism) => ({
    type,
    name: header.name,
    timeHours: header.timeHours,
    definitionIndex: header.definitionIndex,
    candidate: header.candidate,
    triggeredBy: header.triggeredBy,
    negligenceDraw: header.negligenceDraw,
    durationHours: duration(random),
    scope: scope(random),
    cause: provider ?? cause(random),
    provider,
    vendor,
    incidentResponseCost: response(random),
    churnShare: churn(random),
    ...(perHour ? { incidentResponsePerHour: perHour(mechanism) } : {}),
  });
}

/**
 * The response cost per hour at full scope: a draw from the candidate's own
 * `incident_response_per_hour` stream (a constant draws nothing), scaled by the mitigations' `incident_response`
 * multiplier and floored at 0; undefined when the field is absent, so nothing is drawn.
 */
function perHourSampler(spec: SeverityFieldsOf<'outage'>['incident_response_per_hour'], effects: DetailsContext['effects']): ((mechanism: MechanismStreams) => number) | undefined {
  if (spec === undefined) return undefined;
  const sample = fieldSampler(spec, effects, 'incident_response', 'amount');
  return (mechanism) => sample(mechanism('incident_response_per_hour'));
}
