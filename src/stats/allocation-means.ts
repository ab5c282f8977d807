import type { YearLossTable } from '../ledger/year-loss-table.ts';
import { compareBearers } from '../scenario/list-bearers.ts';
import { parseAllocationKey, type AllocationKey } from '../ledger/allocation-table.ts';
import { totalOf } from '../ledger/exact-sum.ts';

/** A row of allocation.csv: the mean annual amount a bearer finally carries of one kind of loss. */
export interface AllocationRow extends AllocationKey {
  meanAnnual: number;
}

/**
 * The mean annual amounts of a run by strategy, incident type, component kind and bearer, in
 * report order (strategy as run, then incident type, kind, bearer); cells that are exactly zero
 * are left out.
 */
export function allocationMeans(table: YearLossTable): AllocationRow[] {
  const rows: AllocationRow[] = [];
  for (const [key, parts] of table.allocationSums) {
    const total = totalOf(parts);
    if (total !== 0) rows.push({ ...parseAllocationKey(key), meanAnnual: total / table.trials });
  }
  const strategyOrder = new Map(table.strategies.map((name, index) => [name, index]));
  return rows.sort(
    (a, b) => strategyOrder.get(a.strategy)! - strategyOrder.get(b.strategy)! || compareText(a.incidentType, b.incidentType) || compareText(a.kind, b.kind) || compareBearers(a.bearer, b.bearer),
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
