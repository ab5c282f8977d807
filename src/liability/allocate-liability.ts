import { map, type OperatorFunction } from 'rxjs';
import type { SimulationModel } from '../engine/simulation-model.ts';
import type { ImpactedTrial, LossComponent } from '../impacts/loss-component.ts';
import type { AllocatedTrial, Allocation } from './allocation.ts';

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
    return { ...trial, allocations };
  });
}

function allocateComponent(component: LossComponent): Allocation {
  return {
    component,
    bearer: component.sufferer,
    amount: component.amount,
    trail: [{ rule: 'fault', reason: 'borne_by_named_bearer' }],
  };
}
