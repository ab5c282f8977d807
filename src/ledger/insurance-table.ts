import type { InsuranceProgram } from '../insurance/insurance-program.ts';
import type { InsuredTrial } from '../insurance/recovery.ts';
import type { AllocationSums } from './allocation-table.ts';
import { ExactSum } from './exact-sum.ts';

/** What insurance.csv needs beyond each insurer's annual losses, counted per strategy and policy or layer. */
export const INSURANCE_MEASURES = ['occurrences_paid', 'utilisation', 'years_exhausted'] as const;
/** One measure. */
export type InsuranceMeasure = (typeof INSURANCE_MEASURES)[number];

/**
 * Counts, over a chunk of trials, per strategy and policy or layer: the occurrences it paid, the
 * sum of their limit utilisations, and the years its aggregate ran out. Sums are exact
 * (`ExactSum`), so a run's figures do not depend on how its trials are chunked.
 */
export class InsuranceTable {
  private readonly sums: ExactSum[][][];
  private readonly index: Map<string, number>[];

  /** `programs[s]` is strategy s's insurance program. */
  constructor(
    private readonly programs: readonly InsuranceProgram[],
    private readonly strategies: readonly string[],
  ) {
    this.sums = programs.map((program) => program.covers.map(() => INSURANCE_MEASURES.map(() => new ExactSum())));
    this.index = programs.map((program) => new Map(program.covers.map((cover) => [cover.name, cover.index])));
  }

  /** Adds a trial's recoveries and exhausted aggregates. */
  record(trial: InsuredTrial): void {
    const { strategy } = trial.context;
    const sums = this.sums[strategy]!;
    for (const recovery of trial.recoveries) {
      // An occurrence combining related incidents counts once, on its first part.
      const { occurrence } = recovery;
      if ((occurrence ? (occurrence.part === 1 ? occurrence.amount : 0) : recovery.amount) <= 0) continue;
      const cover = sums[this.index[strategy]!.get(recovery.policy)!]!;
      cover[0]!.add(1);
      cover[1]!.add(recovery.utilisation);
    }
    for (const index of trial.exhausted) sums[index]![2]!.add(1);
  }

  /** The sums, keyed `[strategy, policy, measure]` (the shape of allocation sums). */
  result(): AllocationSums {
    const rows: AllocationSums = [];
    this.sums.forEach((covers, strategy) => {
      covers.forEach((measures, cover) => {
        measures.forEach((sum, measure) => {
          if (sum.high !== 0 || sum.low !== 0) {
            rows.push([JSON.stringify([this.strategies[strategy], this.programs[strategy]!.covers[cover]!.name, INSURANCE_MEASURES[measure]]), sum.high, sum.low]);
          }
        });
      });
    });
    return rows;
  }
}
