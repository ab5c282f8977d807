import type { InsuranceProgram, PremiumRuleTerms } from '../insurance/insurance-program.ts';
import type { IncidentType } from '../scenario/vocabulary.ts';
import type { PerilLossTable } from './peril-losses.ts';
import type { YearColumns } from './year-columns.ts';

/** The year loss table of a whole run: one array per strategy and bearer, indexed by trial − 1. */
export interface YearLossTable {
  trials: number;
  strategies: string[];
  bearers: string[];
  /**
   * The year columns, in memory or in a temporary file (see YearColumns): `years.annual(s, b)[t]`
   * is the net annual loss of bearer b under strategy s in trial t + 1, `years.largest(s, b)[t]`
   * the bearer's largest single-occurrence net loss in that year (0 if none), and
   * `years.occurrences(s)[t]` the occurrences (incidents) of that year.
   */
  years: YearColumns;
  /** The incident types the scenario defines (any strategy's incidents or injections), in PERILS order: the perils reported. */
  perils: IncidentType[];
  /** Per strategy, bearer and peril: the annual and largest-occurrence nets of that peril's incidents alone, sparse (MODEL §10). */
  perilLosses: PerilLossTable;
  /** Per strategy: the annual costs of its enabled mitigations and its premiums, and who pays each. */
  costs: StrategyCosts[];
  /** Exact sums over all trials of what each bearer carries, by cell key (see AllocationTable). */
  allocationSums: Map<string, [number, number][]>;
  /** Exact counts and sums for insurance.csv, by `[strategy, policy, measure]` key (see InsuranceTable). */
  insuranceSums: Map<string, [number, number][]>;
  /** Per strategy: its insurance program's policies and layers, in report order. */
  insurance: InsuranceProgram[];
}

/** Gives back the temporary files of a table that spilled to disk; the table cannot be read after. */
export function closeYearLossTable(table: YearLossTable): void {
  table.years.close();
  table.perilLosses.close();
}

/** A fixed annual cost of a strategy: a mitigation's cost or a policy's premium. */
export interface AnnualCost {
  name: string;
  amount: number;
  /** The bearers who pay it, with their shares (all sellers: each segment by GMV share). */
  payers: { bearer: string; share: number }[];
  /** A premium under a pricing rule: its terms, and once the run is priced (pricePremiums) the expected loss it was priced on. */
  rule?: PremiumRuleTerms & { expectedLoss?: number };
}

/** The fixed annual costs of one strategy, for total cost of risk. */
export interface StrategyCosts {
  mitigations: AnnualCost[];
  premiums: AnnualCost[];
}
