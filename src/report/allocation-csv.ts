import type { AllocationRow } from '../stats/allocation-means.ts';
import { formatMoney } from '../ledger/format-number.ts';
import { toCsv } from './to-csv.ts';

/** The columns of allocation.csv. */
export const ALLOCATION_COLUMNS = ['strategy', 'incident_type', 'component', 'bearer', 'mean_annual'] as const;

/** Renders allocation.csv: who finally carries what, on average per year. */
export function allocationCsv(rows: readonly AllocationRow[]): string {
  return toCsv(
    ALLOCATION_COLUMNS,
    rows.map((row) => [row.strategy, row.incidentType, row.kind, row.bearer, formatMoney(row.meanAnnual)]),
  );
}
