import type { AllocationRow } from '../stats/allocation-means.ts';
import { csvTable, money, text, type RecordOf } from './csv-table.ts';

/** allocation.csv: who finally carries what, on average per year, by strategy, incident type and component. */
export const ALLOCATION_TABLE = csvTable({
  strategy: text((row: AllocationRow) => row.strategy),
  incident_type: text((row: AllocationRow) => row.incidentType),
  component: text((row: AllocationRow) => row.kind),
  bearer: text((row: AllocationRow) => row.bearer),
  mean_annual: money((row: AllocationRow) => row.meanAnnual),
});

/** The columns of allocation.csv. */
export const ALLOCATION_COLUMNS = ALLOCATION_TABLE.columns;

/** A row of allocation.csv read back. */
export type AllocationRecord = RecordOf<typeof ALLOCATION_TABLE>;

/** Renders allocation.csv: who finally carries what, on average per year. */
export function allocationCsv(rows: readonly AllocationRow[]): string {
  return ALLOCATION_TABLE.render(rows);
}
