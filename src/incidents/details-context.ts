import type { MarketModel } from '../market/market-model.ts';
import { combine32, mix32 } from '../random/hash.ts';
import type { RandomStream } from '../random/random-stream.ts';
import { createStream, generatorKey } from '../random/trial-random.ts';
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

/**
 * Draws the details of one candidate from its severity stream, in a fixed order of fields. An
 * optional mechanism (the EDPB fine, US regulators, data subjects' costs) draws from its own
 * stream of this candidate, `mechanism(name)`, so switching it on or off never moves another
 * field's draws, nor another candidate's.
 */
export type DrawDetails = (severity: RandomStream, header: CandidateHeader, mechanism: MechanismStreams) => Incident;

/** The stream of one optional mechanism of one candidate: a function of (seed, trial, generator, mechanism, candidate). */
export type MechanismStreams = (mechanism: string) => RandomStream;

/**
 * The mechanism streams of one candidate of a generator named `prefix` (e.g. `incident:<name>`):
 * each keyed by the prefix, the mechanism's name and the candidate number. Keys are hashed once
 * per mechanism name and cached; a stream is created only when a mechanism asks for it.
 */
export function mechanismStreams(seed: number, prefix: string): (trial: number, candidate: number) => MechanismStreams {
  const keys = new Map<string, number>();
  return (trial, candidate) => (mechanism) => {
    let key = keys.get(mechanism);
    if (key === undefined) keys.set(mechanism, (key = generatorKey(`${prefix}:${mechanism}`)));
    return createStream(seed, trial, mix32(combine32(key, candidate)));
  };
}

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

/** The vendor an `origin` names (`vendor:<name>`), or undefined for any other origin. */
export function originVendor(origin: string): string | undefined {
  return origin.startsWith('vendor:') ? origin.slice('vendor:'.length) : undefined;
}
