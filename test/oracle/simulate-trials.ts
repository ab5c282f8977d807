import { of, pipe, type OperatorFunction } from 'rxjs';
import type { SimulationModel } from '../../src/engine/simulation-model.ts';
import type { InsuredTrial } from '../../src/insurance/recovery.ts';
import type { TrialContext } from '../../src/pipeline/trial-context.ts';
import { applyInsurance } from './apply-insurance.ts';
import { allocateLiability } from './allocate-liability.ts';
import { assessImpacts } from './assess-impacts.ts';
import { exposeMarket } from './expose-market.ts';
import { generateIncidents } from './generate-incidents.ts';

/**
 * The oracle: the trial pipeline as it was before the event streams (commit f88d7ab), one `map`
 * per stage over whole trials, each stage looping over the trial's incidents. Kept only until the
 * event path matches it trial by trial on every bundled scenario.
 */
export function oracleTrials(model: SimulationModel): OperatorFunction<TrialContext, InsuredTrial> {
  return pipe(exposeMarket(model), generateIncidents(model), assessImpacts(model), allocateLiability(model), applyInsurance(model));
}

/** One trial under one strategy through the oracle. */
export function oracleTrial(model: SimulationModel, trial: number, strategy = 0): InsuredTrial {
  let record: InsuredTrial | undefined;
  of({ trial, strategy })
    .pipe(oracleTrials(model.strategyModels[strategy]!))
    .subscribe((result) => (record = result));
  return record!;
}
