import type { AnnualCost, StrategyCosts } from '../ledger/year-loss-table.ts';
import type { ChunkExecution } from '../engine/worker-pool.ts';
import { VERSION } from '../version.ts';

/** Which scenario a run simulated, as run.json names it. */
export interface ScenarioIdentity {
  name: string;
  description?: string;
  /** The file the user named. */
  file: string;
  /** SHA-256 of the validated scenario's canonical JSON. */
  hash: string;
  /** Every file read: the scenario and the bases it extends. */
  files: string[];
}

/**
 * How a run was executed: on this process's threads, through a Redis queue, or merged from shards.
 * None of it changes a number; it is the part of run.json two runs of the same scenario and seed
 * may differ in (with `workers`, `chunk_size`, `node_version`, `started_at`, `timings_ms`,
 * `trials_per_second` and `peak_rss_mib`).
 */
export type RunExecution = ChunkExecution | { mode: 'merge'; shards: number };

/** The fields of run.json that say how a run was executed rather than what it found. */
export const EXECUTION_FIELDS = ['execution', 'workers', 'chunk_size', 'node_version', 'started_at', 'timings_ms', 'trials_per_second', 'peak_rss_mib'] as const;

/** What run.json records: enough to reproduce the run and to know how long it took. */
export interface RunManifest {
  faultline_version: string;
  scenario: ScenarioIdentity;
  seed: number | string;
  trials: number;
  strategies: string[];
  bearers: string[];
  /** Per strategy: the annual cost of each enabled mitigation, in currency units. */
  mitigation_costs: Record<string, Record<string, number>>;
  /** Per strategy: the annual premium of each policy and layer, in total. */
  premiums: Record<string, Record<string, number>>;
  /**
   * Per strategy with a priced premium: each premium priced from the run (MODEL §9, premiums),
   * its rule and the expected loss it was priced on. Absent when every premium is fixed.
   */
  premium_rules?: Record<string, Record<string, { rule: string; target_loss_ratio: number; load: number; expected_loss: number }>>;
  /** Rows written to elt.csv (ground-up) and elt_net.csv (net), when they were asked for. */
  elt_rows?: number;
  elt_net_rows?: number;
  /** Rows written to ylt.csv (strategies × trials × bearers), when it was asked for. */
  ylt_rows?: number;
  currency: string;
  execution: RunExecution;
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
  source: { scenario: ScenarioIdentity; currency: string },
  run: {
    seed: number | string;
    trials: number;
    strategies: string[];
    bearers: string[];
    costs: StrategyCosts[];
    execution: RunExecution;
    workers: number;
    chunkSize?: number;
    eltRows?: { groundUp: number; net: number };
    yltRows?: number;
  },
  startedAt: Date,
  timings: RunManifest['timings_ms'],
): RunManifest {
  return {
    faultline_version: VERSION,
    scenario: source.scenario,
    seed: run.seed,
    trials: run.trials,
    strategies: run.strategies,
    bearers: run.bearers,
    mitigation_costs: byStrategy(
      run.strategies,
      run.costs.map((costs) => costs.mitigations),
    ),
    premiums: byStrategy(
      run.strategies,
      run.costs.map((costs) => costs.premiums),
    ),
    ...premiumRules(run.strategies, run.costs),
    ...(run.eltRows !== undefined ? { elt_rows: run.eltRows.groundUp, elt_net_rows: run.eltRows.net } : {}),
    ...(run.yltRows !== undefined ? { ylt_rows: run.yltRows } : {}),
    currency: source.currency,
    execution: run.execution,
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

/** run.json's `premium_rules`: only the strategies and covers whose premium a rule priced; nothing when none did. */
function premiumRules(strategies: readonly string[], costs: readonly StrategyCosts[]): Pick<RunManifest, 'premium_rules'> {
  const entries = strategies
    .map((strategy, index) => {
      const priced = costs[index]!.premiums.filter((cost) => cost.rule);
      const rules = priced.map(
        (cost) => [cost.name, { rule: cost.rule!.rule, target_loss_ratio: cost.rule!.targetLossRatio, load: cost.rule!.load, expected_loss: cost.rule!.expectedLoss ?? 0 }] as const,
      );
      return [strategy, Object.fromEntries(rules)] as const;
    })
    .filter(([, rules]) => Object.keys(rules).length > 0);
  return entries.length > 0 ? { premium_rules: Object.fromEntries(entries) } : {};
}
