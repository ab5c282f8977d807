import { emptyYearLossTable, placeChunk } from '../../src/engine/run-simulation.ts';
import type { YearLossTable } from '../../src/ledger/year-loss-table.ts';
import { simulateChunk } from '../../src/engine/simulate-chunk.ts';
import { compileModel, type SimulationModel } from '../../src/engine/simulation-model.ts';
import type { Scenario } from '../../src/scenario/schema/scenario-schema.ts';

/**
 * The year loss table of a scenario's strategies, simulated in this process (no worker threads):
 * one chunk through `simulateChunk`, placed as `runSimulation` places it, with each strategy's
 * fixed costs.
 */
export function simulateTable(scenario: Scenario, trials: number, seed: number | string = 1): { model: SimulationModel; table: YearLossTable } {
  const model = compileModel(scenario, seed);
  const table = emptyYearLossTable(model, trials);
  placeChunk(table, simulateChunk(model, 1, trials));
  return { model, table };
}

/** A bearer's annual losses under a strategy, both by name. */
export function annualOf(table: YearLossTable, strategy: string, bearer: string): Float64Array {
  const s = table.strategies.indexOf(strategy);
  const b = table.bearers.indexOf(bearer);
  if (s < 0 || b < 0) throw new Error(`no strategy ${strategy} or bearer ${bearer} in the table`);
  return table.years.annual(s, b);
}
