import type { Scenario } from '../scenario/schema/scenario-schema.ts';

/**
 * What the ledger's tables read of a strategy's compiled model: the run's strategies and
 * bearers, in the order their arrays use (the engine's SimulationModel is one).
 */
export interface LedgerLayout {
  /** The run's strategy names; index 0 is the baseline. */
  readonly strategies: readonly string[];
  /** Bearers reported, in report order; the tables' arrays are indexed by position here. */
  readonly bearers: readonly string[];
  /** Each bearer's position in `bearers`. */
  readonly bearerIndex: ReadonlyMap<string, number>;
}

/** What the chunk ledger reads besides: the scenario's incident definitions, to name the field an overflowing loss comes from. */
export interface ChunkLedgerModel extends LedgerLayout {
  readonly scenario: Pick<Scenario, 'incidents'>;
}
