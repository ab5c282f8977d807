import type { PolicyYear } from '../calendar/policy-year.ts';
import type { DemandCurve } from '../market/demand-curve.ts';
import { createCountSampler } from '../random/sample-count.ts';
import { createStream, generatorKey } from '../random/trial-random.ts';
import type { IncidentDefinition } from '../scenario/schema/incident-schema.ts';
import { mechanismStreams, type DrawDetails } from './details-context.ts';
import type { IncidentGenerator } from './incident-generator.ts';

/** Candidate numbers of extra events (frequency multiplier above 1) start at round × this. */
export const EXTRA_ROUND_OFFSET = 1_000_000;

/**
 * Compiles a recurring incident definition into its generator.
 *
 * Each definition has its own generators per trial: the count, the times, the details and the
 * thinning draws, so the k-th candidate always gets the k-th time and details draws. A frequency
 * multiplier m < 1 keeps candidate k when its thinning draw is below m: a stronger mitigation
 * keeps a subset of the same incidents, unchanged (common random numbers). A multiplier m > 1
 * keeps every candidate and adds ⌈m − 1⌉ rounds of extra candidates from independent
 * generators, the last round thinned to the fractional part.
 */
export function compileRecurring(
  definition: IncidentDefinition,
  definitionIndex: number,
  seed: number,
  drawDetails: DrawDetails,
  frequencyMultiplier: number,
  demand: DemandCurve | undefined,
): IncidentGenerator {
  const sampleCount = createCountSampler(definition.frequency);
  const fixedCount = definition.frequency.dist === 'fixed' ? definition.frequency.value : undefined;
  const timeAt = definition.timing === 'demand' && demand ? (u: number) => demand.timeAtShare(u) : undefined;
  const rounds = [{ round: 0, keep: Math.min(1, frequencyMultiplier) }];
  for (let round = 1; round < frequencyMultiplier; round++) rounds.push({ round, keep: Math.min(1, frequencyMultiplier - round) });
  const keys = rounds.map(({ round }) => {
    const prefix = round === 0 ? `incident:${definition.name}` : `incident:${definition.name}:extra${round}`;
    return {
      count: generatorKey(`${prefix}:count`),
      time: generatorKey(`${prefix}:time`),
      details: generatorKey(`${prefix}:severity`),
      thin: generatorKey(`${prefix}:thin`),
      negligence: generatorKey(`${prefix}:negligence`),
      mechanisms: mechanismStreams(seed, prefix),
    };
  });
  const { name } = definition;

  return (trial: number, year: PolicyYear, into) => {
    for (let r = 0; r < rounds.length; r++) {
      const { round, keep } = rounds[r]!;
      const key = keys[r]!;
      const count = fixedCount ?? sampleCount(createStream(seed, trial, key.count));
      if (count === 0 || keep === 0) continue;
      const time = createStream(seed, trial, key.time);
      const details = createStream(seed, trial, key.details);
      const thin = keep < 1 ? createStream(seed, trial, key.thin) : undefined;
      const negligence = createStream(seed, trial, key.negligence);
      for (let k = 1; k <= count; k++) {
        const u = time();
        const candidate = round * EXTRA_ROUND_OFFSET + k;
        const incident = drawDetails(
          details,
          { name, definitionIndex, candidate, timeHours: timeAt ? timeAt(u) : u * year.hoursInYear, triggeredBy: undefined, negligenceDraw: negligence() },
          key.mechanisms(trial, candidate),
        );
        if (thin === undefined || thin() < keep) into.push(incident);
      }
    }
  };
}

/** Compiles a scheduled injection: one incident at its fixed time in every trial. */
export function compileInjection(name: string, definitionIndex: number, timeHours: number, seed: number, drawDetails: DrawDetails): IncidentGenerator {
  const key = generatorKey(`inject:${name}:severity`);
  const negligenceKey = generatorKey(`inject:${name}:negligence`);
  const mechanisms = mechanismStreams(seed, `inject:${name}`);
  return (trial, _year, into) => {
    const negligenceDraw = createStream(seed, trial, negligenceKey)();
    const header = { name, definitionIndex, candidate: 1, timeHours, triggeredBy: undefined, negligenceDraw };
    into.push(drawDetails(createStream(seed, trial, key), header, mechanisms(trial, 1)));
  };
}
