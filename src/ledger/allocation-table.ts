import type { InsuredTrial } from '../insurance/recovery.ts';
import type { LossComponent } from '../impacts/loss-component.ts';
import { ExactSum } from './exact-sum.ts';

/** The receiver of fines, shown in allocation.csv but not a bearer. */
export const REGULATORS = 'regulators';
/** Components paid to regulators: GDPR fines and US regulators' penalties. */
const FINE_KINDS: ReadonlySet<string> = new Set(['regulatory_fine', 'us_regulatory_penalty']);

/** One cell of allocation.csv: who finally carries which kind of loss from which incident type. */
export interface AllocationKey {
  strategy: string;
  incidentType: string;
  kind: string;
  bearer: string;
}

/** A chunk's allocation sums: per cell, the exact sum as [high, low] parts (see ExactSum). */
export type AllocationSums = [key: string, high: number, low: number][];

/**
 * Sums what each bearer finally carries, by strategy, incident type and component kind, over a
 * chunk of trials; insurance recoveries appear as `insurance_recovery` (negative for the insured,
 * positive for the insurer).
 */
export class AllocationTable {
  /** Per strategy: incident type → component kind → bearer → sum (no key strings on the hot path). */
  private readonly cells: Map<string, Map<string, Map<string, ExactSum>>>[];

  constructor(private readonly strategies: readonly string[]) {
    this.cells = strategies.map(() => new Map());
  }

  /** Adds a trial's allocations and recoveries. */
  record(trial: InsuredTrial): void {
    const cells = this.cells[trial.context.strategy]!;
    // A component's allocations come together: its kind's cells are looked up once for all of them.
    let component: LossComponent | undefined;
    let byBearer: Map<string, ExactSum> | undefined;
    let fine = false;
    for (const allocation of trial.allocations) {
      if (allocation.component !== component) {
        component = allocation.component;
        byBearer = cellsFor(cells, component.incident.type, component.kind);
        fine = FINE_KINDS.has(component.kind);
      }
      sumIn(byBearer!, allocation.bearer).add(allocation.amount);
      // Fines flow to regulators: shown as what they receive, though they carry no loss.
      if (fine) sumIn(byBearer!, REGULATORS).add(allocation.amount);
    }
    for (const recovery of trial.recoveries) {
      if (recovery.amount === 0) continue;
      sumFor(cells, recovery.incident.type, 'insurance_recovery', recovery.insured).add(-recovery.amount);
      sumFor(cells, recovery.incident.type, 'insurance_recovery', `insurer:${recovery.policy}`).add(recovery.amount);
    }
  }

  /** The sums, to send to the main thread. */
  sums(): AllocationSums {
    const sums: AllocationSums = [];
    this.cells.forEach((byType, strategy) => {
      for (const [incidentType, byKind] of byType) {
        for (const [kind, byBearer] of byKind) {
          for (const [bearer, sum] of byBearer) {
            sums.push([JSON.stringify([this.strategies[strategy], incidentType, kind, bearer]), sum.high, sum.low]);
          }
        }
      }
    });
    return sums;
  }
}

function sumFor(cells: Map<string, Map<string, Map<string, ExactSum>>>, incidentType: string, kind: string, bearer: string): ExactSum {
  return sumIn(cellsFor(cells, incidentType, kind), bearer);
}

/** The sums of one incident type and component kind, by bearer. */
function cellsFor(cells: Map<string, Map<string, Map<string, ExactSum>>>, incidentType: string, kind: string): Map<string, ExactSum> {
  let byKind = cells.get(incidentType);
  if (!byKind) cells.set(incidentType, (byKind = new Map()));
  let byBearer = byKind.get(kind);
  if (!byBearer) byKind.set(kind, (byBearer = new Map()));
  return byBearer;
}

function sumIn(byBearer: Map<string, ExactSum>, bearer: string): ExactSum {
  let sum = byBearer.get(bearer);
  if (!sum) byBearer.set(bearer, (sum = new ExactSum()));
  return sum;
}

/** Parses a cell key made by AllocationTable. */
export function parseAllocationKey(key: string): AllocationKey {
  const [strategy, incidentType, kind, bearer] = JSON.parse(key) as [string, string, string, string];
  return { strategy, incidentType, kind, bearer };
}
