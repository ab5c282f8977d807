import type { LoadedScenario } from '../scenario/load-scenario.ts';
import type { AnnualCost, StrategyCosts } from '../engine/run-simulation.ts';
import { VERSION } from '../version.ts';

/** What run.json records: enough to reproduce the run and to know how long it took. */
export interface RunManifest {
  faultline_version: string;
  scenario: { name: string; description?: string; file: string; hash: string; files: string[] };
  seed: number | string;
  trials: number;
  strategies: string[];
  bearers: string[];
  /** Per strategy: the annual cost of each enabled mitigation, in currency units. */
  mitigation_costs: Record<string, Record<string, number>>;
  /** Per strategy: the annual premium of each policy and layer, in total. */
  premiums: Record<string, Record<string, number>>;
  /** Rows written to elt.csv, when it was asked for. */
  elt_rows?: number;
  currency: string;
  workers: number;
  chunk_size: number | null;
  node_version: string;
  started_at: string;
  timings_ms: { load: number; simulate: number; statistics: number; total: number };
  trials_per_second: number;
  /** Peak resident memory of the whole process (all worker threads) so far, in MiB. */
  peak_rss_mib: number;
}

/** Builds the run.json record of a finished run. */
export function createRunManifest(
  loaded: LoadedScenario,
  run: {
    seed: number | string;
    trials: number;
    strategies: string[];
    bearers: string[];
    costs: StrategyCosts[];
    workers: number;
    chunkSize?: number;
    eltRows?: number;
  },
  startedAt: Date,
  timings: RunManifest['timings_ms'],
): RunManifest {
  return {
    faultline_version: VERSION,
    scenario: {
      name: loaded.scenario.name,
      ...(loaded.scenario.description !== undefined ? { description: loaded.scenario.description } : {}),
      file: loaded.file,
      hash: loaded.hash,
      files: loaded.files,
    },
    seed: run.seed,
    trials: run.trials,
    strategies: run.strategies,
    bearers: run.bearers,
    mitigation_costs: byStrategy(run.strategies, run.costs.map((costs) => costs.mitigations)),
    premiums: byStrategy(run.strategies, run.costs.map((costs) => costs.premiums)),
    ...(run.eltRows !== undefined ? { elt_rows: run.eltRows } : {}),
    currency: loaded.scenario.currency,
    workers: run.workers,
    chunk_size: run.chunkSize ?? null,
    node_version: process.version,
    started_at: startedAt.toISOString(),
    timings_ms: timings,
    trials_per_second: timings.simulate > 0 ? Math.round((run.trials * run.strategies.length) / (timings.simulate / 1000)) : 0,
    peak_rss_mib: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

function byStrategy(strategies: readonly string[], costs: readonly AnnualCost[][]): Record<string, Record<string, number>> {
  return Object.fromEntries(strategies.map((strategy, index) => [strategy, Object.fromEntries(costs[index]!.map((cost) => [cost.name, cost.amount]))]));
}
