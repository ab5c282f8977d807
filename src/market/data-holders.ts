import type { DataClass } from '../scenario/schema/market-schema.ts';

/**
 * The share of buyer accounts that hold at least one record of the given classes.
 *
 * `records_per_account` below 1 is read as the share of accounts holding one record of the class
 * (0.5 payment cards: half the buyers have a card on file); at or above 1, every account holds
 * that many. The holders of several classes are at least the holders of the most common one.
 */
export function holderShare(recordsPerAccount: Partial<Record<DataClass, number>>, dataClasses: readonly DataClass[]): number {
  let share = 0;
  for (const dataClass of dataClasses) share = Math.max(share, Math.min(1, recordsPerAccount[dataClass] ?? 0));
  return share;
}

/** Records of one class per exposed person, when the people exposed are the holders of `dataClasses`. */
export function recordsPerExposedPerson(recordsPerAccount: Partial<Record<DataClass, number>>, dataClasses: readonly DataClass[], dataClass: DataClass): number {
  const holders = holderShare(recordsPerAccount, dataClasses);
  return holders > 0 && dataClasses.includes(dataClass) ? (recordsPerAccount[dataClass] ?? 0) / holders : 0;
}
