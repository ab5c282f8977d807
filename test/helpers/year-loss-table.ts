import type { StrategyCosts, YearLossTable } from '../../src/ledger/year-loss-table.ts';
import { perilCellCount, PerilLossTable } from '../../src/ledger/peril-losses.ts';

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
    annual,
    largest: annual.map((columns) => columns.map((column) => Float64Array.from(column))),
    occurrences: entries.map(([, { losses }]) => Float64Array.from(losses, (loss) => (loss > 0 ? 1 : 0))),
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

/** `count` years of `base` followed by the `large` years. */
export function years(count: number, base: number, large: readonly number[] = []): number[] {
  return [...Array.from({ length: count - large.length }, () => base), ...large];
}
