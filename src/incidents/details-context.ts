import type { MarketModel } from '../market/market-model.ts';
import type { RandomStream } from '../random/random-stream.ts';
import type { Scenario } from '../scenario/schema/scenario-schema.ts';
import { weightedChoice } from './draw-helpers.ts';
import type { CandidateHeader, Incident } from './incident.ts';
import type { MitigationEffects } from './mitigation-effects.ts';

/** What compiling an incident's details needs to know besides its own fields. */
export interface DetailsContext {
  scenario: Scenario;
  market?: MarketModel;
  effects: MitigationEffects;
}

/** Draws the details of one candidate from its severity stream, in a fixed order of fields. */
export type DrawDetails = (severity: RandomStream, header: CandidateHeader) => Incident;

/**
 * The segment an incident concerns: the named one, or one drawn with probability proportional to
 * its seller count ("a seller"), which uses one draw either way so later draws stay aligned.
 */
export function segmentChooser(context: DetailsContext, named: string | undefined): (random: RandomStream) => string | undefined {
  const segments = context.market?.segments ?? [];
  if (named !== undefined || segments.length === 0) return (random) => (random(), named);
  const choose = weightedChoice(Object.fromEntries(segments.map((segment) => [segment.name, segment.count || segment.gmvShare])), segments[0]!.name);
  return (random) => choose(random);
}
