import { map, type OperatorFunction } from 'rxjs';
import type { SimulationModel } from '../engine/simulation-model.ts';
import type { ImpactedTrial, LossComponent } from '../impacts/loss-component.ts';
import type { AllocatedTrial, Allocation, TrailStep } from './allocation.ts';

/**
 * Liability stage: decides who finally carries each ground-up component.
 *
 * A component stays with its sufferer unless a claim moves it. A `loss_event` names its bearer
 * outright, so no claim arises and the fault rule records that.
 *
 * @example
 * impacts$.pipe(allocateLiability(model)) // emits { …, allocations }
 */
export function allocateLiability(_model: SimulationModel): OperatorFunction<ImpactedTrial, AllocatedTrial> {
  return map((trial) => {
    const allocations: Allocation[] = [];
    for (const component of trial.components) allocations.push(allocateComponent(component));
    const next = trial as AllocatedTrial;
    next.allocations = allocations;
    return next;
  });
}

/** The trail of a component that no claim moves: shared, since it never varies. */
const BORNE_BY_NAMED_BEARER: readonly TrailStep[] = Object.freeze([Object.freeze({ rule: 'fault', reason: 'borne_by_named_bearer' })]);

function allocateComponent(component: LossComponent): Allocation {
  return { component, bearer: component.sufferer, amount: component.amount, trail: BORNE_BY_NAMED_BEARER };
}
