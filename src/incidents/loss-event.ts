import { createCountSampler } from '../random/sample-count.ts';
import { createSeveritySampler } from '../random/sample-severity.ts';
import { createStream, generatorKey } from '../random/trial-random.ts';
import type { LossEventDefinition } from '../scenario/schema/incident-schema.ts';
import type { IncidentGenerator } from './incident-generator.ts';

/**
 * Compiles a `loss_event` definition into its incident generator.
 *
 * Three generators per definition and trial — count, time and severity — so that the k-th
 * candidate always gets the k-th time and the k-th loss draw: thinning candidates or scaling
 * losses in a strategy leaves every other draw where it was (common random numbers).
 */
export function compileLossEvent(definition: LossEventDefinition, definitionIndex: number, seed: number): IncidentGenerator {
  const sampleCount = createCountSampler(definition.frequency);
  const sampleLoss = createSeveritySampler(definition.loss);
  const countKey = generatorKey(`incident:${definition.name}:count`);
  const timeKey = generatorKey(`incident:${definition.name}:time`);
  const severityKey = generatorKey(`incident:${definition.name}:severity`);
  const { name, bearer, coverage } = definition;

  return (trial, year, into) => {
    const count = sampleCount(createStream(seed, trial, countKey));
    if (count === 0) return;
    const time = createStream(seed, trial, timeKey);
    const severity = createStream(seed, trial, severityKey);
    for (let candidate = 1; candidate <= count; candidate++) {
      into.push({
        type: 'loss_event',
        name,
        definitionIndex,
        candidate,
        timeHours: time() * year.hoursInYear,
        lossAmount: Math.max(0, sampleLoss(severity)),
        bearer,
        coverage,
      });
    }
  };
}
