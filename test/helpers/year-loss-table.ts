import type { StrategyCosts, YearLossTable } from '../../src/ledger/year-loss-table.ts';
import { perilCellCount, PerilLossTable } from '../../src/ledger/peril-losses.ts';
import { YearColumns, type TableStorage } from '../../src/ledger/year-columns.ts';

/**
 * A year loss table built by hand: one bearer (`platform` unless named), the strategies in the
 * order given (the first is the baseline), each with its annual losses and, optionally, a
 * premium the bearer pays a year.
 */
export function handBuiltTable(strategies: Record<string, { losses: readonly number[]; premium?: number }>, bearer = 'platform'): YearLossTable {
  const entries = Object.entries(strategies);
  const trials = entries[0]![1].losses.length;
  if (entries.some(([, { losses }]) => losses.length !== trials)) throw new Error('every strategy needs the same number of years');
  const annual = entries.map(([, { losses }]) => [Float64Array.from(losses)]);
  return {
    trials,
    strategies: entries.map(([name]) => name),
    bearers: [bearer],
    years: yearColumns(
      annual,
      annual,
      entries.map(([, { losses }]) => Float64Array.from(losses, (loss) => (loss > 0 ? 1 : 0))),
    ),
    costs: entries.map(([, { premium }]): StrategyCosts => ({
      mitigations: [],
      premiums: premium ? [{ name: 'cover', amount: premium, payers: [{ bearer, share: 1 }] }] : [],
    })),
    allocationSums: new Map(),
    insuranceSums: new Map(),
    insurance: [],
    perils: [],
    perilLosses: new PerilLossTable(trials, perilCellCount(entries.length, 1)),
  };
}

/**
 * Year columns holding the arrays given, `annual[s][b]`, `largest[s][b]` (default: the annual
 * losses) and `occurrences[s]` (default: 1 in a year with a loss), in memory unless `storage`
 * says otherwise.
 */
export function yearColumns(annual: readonly (readonly Float64Array[])[], largest = annual, occurrences?: readonly Float64Array[], storage: TableStorage = {}): YearColumns {
  const trials = annual[0]![0]!.length;
  const columns = new YearColumns(trials, annual.length, annual[0]!.length, storage);
  annual.forEach((bearers, s) => {
    bearers.forEach((column, b) => columns.setBearer(s, b, 0, column, largest[s]![b]!));
    columns.setOccurrences(s, 0, occurrences?.[s] ?? Float64Array.from(trialsWithLoss(bearers, trials)));
  });
  return columns;
}

/** 1 for each trial in which some bearer's loss is not 0, else 0. */
function trialsWithLoss(bearers: readonly Float64Array[], trials: number): number[] {
  return Array.from({ length: trials }, (_, t) => (bearers.some((column) => column[t] !== 0) ? 1 : 0));
}

/** `count` years of `base` followed by the `large` years. */
export function years(count: number, base: number, large: readonly number[] = []): number[] {
  return [...Array.from({ length: count - large.length }, () => base), ...large];
}
