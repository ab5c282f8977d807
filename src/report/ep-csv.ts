import type { ExceedanceRow } from '../stats/summarize-run.ts';
import { added, csvTable, money, number, oneOf, optionalMoney, text, type RecordOf } from './csv-table.ts';

/**
 * ep.csv: AEP and OEP losses by return period, per strategy, bearer and peril, each with its 90%
 * interval (empty where the trials cannot bound it). Folders written before per-peril curves lack
 * `peril` (their rows are all `all`) and the intervals.
 */
export const EP_TABLE = csvTable({
  strategy: text((row: ExceedanceRow) => row.strategy),
  bearer: text((row: ExceedanceRow) => row.bearer),
  peril: added(
    text((row: ExceedanceRow) => row.peril),
    'all',
  ),
  basis: oneOf(['AEP', 'OEP'], (row: ExceedanceRow) => row.basis),
  return_period: number((row: ExceedanceRow) => row.returnPeriod),
  loss: money((row: ExceedanceRow) => row.loss),
  loss_lo: added(
    optionalMoney((row: ExceedanceRow) => row.interval.low),
    undefined,
  ),
  loss_hi: added(
    optionalMoney((row: ExceedanceRow) => row.interval.high),
    undefined,
  ),
});

/** The columns of ep.csv. */
export const EP_COLUMNS = EP_TABLE.columns;

/** A point of ep.csv read back: `peril` is the incident type the row is of, or `all` (also in folders written before the column). */
export type ExceedanceRecord = RecordOf<typeof EP_TABLE>;

/**
 * Renders ep.csv: AEP and OEP losses at each return period the trial count supports, with their
 * 90% intervals, per strategy and bearer over all incidents (peril `all`) and then from each
 * incident type alone.
 */
export function epCsv(rows: readonly ExceedanceRow[]): string {
  return EP_TABLE.render(rows);
}
