import { closeYearLossTable } from '../ledger/year-loss-table.ts';
import { runSimulation } from '../engine/run-simulation.ts';
import { selectPercentileYear } from '../report/explain-year.ts';
import type { TrialSelection } from '../report/year-explanation.ts';
import type { LoadedScenario } from '../scenario/load-scenario.ts';

/** How `choosePercentileYear` runs the trials it chooses among. */
export interface PercentileYearRun {
  trials: number;
  seed: number | string;
  workers: number;
  /** The strategy whose year is chosen, by index (0: the baseline). */
  strategy: number;
  onProgress?: (done: number) => void;
  signal?: AbortSignal;
}

/**
 * Simulates a scenario's trials on worker threads and picks the year a run's explain.json would
 * explain under the strategy (`selectPercentileYear`: the 99th percentile of platform loss), for
 * `faultline explain` without `--trial`.
 */
export async function choosePercentileYear(loaded: LoadedScenario, run: PercentileYearRun): Promise<{ trial: number; selection: TrialSelection }> {
  const table = await runSimulation(loaded.scenario, {
    trials: run.trials,
    seed: run.seed,
    workers: run.workers,
    ...(run.onProgress ? { onProgress: run.onProgress } : {}),
    ...(run.signal ? { signal: run.signal } : {}),
  });
  try {
    return selectPercentileYear(table, run.strategy);
  } finally {
    closeYearLossTable(table);
  }
}
