import { NonFiniteLoss, SimulationError } from '../errors.ts';
import type { AllocationSums } from './allocation-table.ts';
import type { Incident } from '../incidents/incident.ts';
import type { InsuredTrial } from '../insurance/recovery.ts';
import type { ChunkLedgerModel } from './ledger-layout.ts';
import { emptyPerilLosses, perilCellCount, perilIndex, PerilLossBuilder, PERILS, type PerilLosses } from './peril-losses.ts';

/** Half a cent: smaller nets are rounding. */
const HALF_CENT = 0.005;

/**
 * The year loss table of a chunk of trials: per strategy, bearer and trial, the annual net loss
 * and the largest single-occurrence net loss.
 *
 * Arrays are laid out `[(strategy · bearers + bearer) · trialCount + trial − firstTrial]`.
 */
export interface ChunkResult {
  /** 1-based number of the chunk's first trial. */
  firstTrial: number;
  trialCount: number;
  annual: Float64Array<ArrayBuffer>;
  largest: Float64Array<ArrayBuffer>;
  /** Per strategy and trial (`[strategy · trialCount + trial − firstTrial]`): the year's occurrences (its incidents). */
  occurrences: Float64Array<ArrayBuffer>;
  /** Per strategy, bearer and peril (incident type): the same nets of that peril's incidents alone, sparse (see PerilLosses). */
  perils: PerilLosses;
  /** Exact sums of what each bearer carries, by strategy, incident type and component kind. */
  allocations?: AllocationSums;
  /** Exact counts and sums for insurance.csv, by `[strategy, policy, measure]` (see InsuranceTable). */
  insurance?: AllocationSums;
  /** Event loss table rows as CSV text without a header, when asked for: ground-up (elt.csv) and net (elt_net.csv). */
  elt?: EventLossRows;
}

/** A chunk's rows of the two event loss tables, each CSV text without a header and its row count. */
export interface EventLossRows {
  groundUp: { text: string; rows: number };
  net: { text: string; rows: number };
}

/** Accumulates trial outcomes of one chunk into a `ChunkResult`. */
export class ChunkLedger {
  readonly result: ChunkResult;
  private readonly bearerCount: number;
  private readonly occurrence: Float64Array;
  /** The bearers an occurrence booked to, in the order first booked, and a mark for each. */
  private readonly touched: Int32Array;
  private readonly marked: Uint8Array;
  private touchedCount = 0;
  private readonly insurers = new Map<string, string>();
  /** The trial's per-peril nets, by `bearer · PERILS.length + peril`, and the cells it touched. */
  private readonly perilAnnual: Float64Array;
  private readonly perilLargest: Float64Array;
  private readonly perilTouched: Int32Array;
  private readonly perilMarked: Uint8Array;
  private perilTouchedCount = 0;
  private readonly perils: PerilLossBuilder;

  constructor(
    private readonly model: ChunkLedgerModel,
    firstTrial: number,
    trialCount: number,
  ) {
    this.bearerCount = model.bearers.length;
    const size = model.strategies.length * this.bearerCount * trialCount;
    this.result = {
      firstTrial,
      trialCount,
      annual: new Float64Array(size),
      largest: new Float64Array(size),
      occurrences: new Float64Array(model.strategies.length * trialCount),
      perils: emptyPerilLosses(perilCellCount(model.strategies.length, model.bearers.length)), // filled by `finish`
    };
    this.occurrence = new Float64Array(this.bearerCount);
    this.touched = new Int32Array(this.bearerCount);
    this.marked = new Uint8Array(this.bearerCount);
    const perilCells = this.bearerCount * PERILS.length;
    this.perilAnnual = new Float64Array(perilCells);
    this.perilLargest = new Float64Array(perilCells);
    this.perilTouched = new Int32Array(perilCells);
    this.perilMarked = new Uint8Array(perilCells);
    this.perils = new PerilLossBuilder(perilCellCount(model.strategies.length, this.bearerCount));
  }

  /** The chunk's result, its per-peril losses laid out: call once, after the last trial. */
  finish(): ChunkResult {
    this.result.perils = this.perils.build();
    return this.result;
  }

  /** Books one trial: what each bearer carries net of recoveries, per year and per occurrence. */
  record(trial: InsuredTrial): void {
    const { strategy, trial: number } = trial.context;
    const { firstTrial, trialCount, annual, largest } = this.result;
    const base = strategy * this.bearerCount * trialCount + (number - firstTrial);
    this.result.occurrences[strategy * trialCount + (number - firstTrial)] = trial.incidents.length;
    const { allocations, recoveries } = trial;
    let a = 0;
    let r = 0;
    for (const incident of trial.incidents) {
      const peril = perilIndex(incident.type);
      for (; a < allocations.length && allocations[a]!.component.incident === incident; a++) {
        this.book(allocations[a]!.bearer, allocations[a]!.amount);
      }
      for (; r < recoveries.length && recoveries[r]!.incident === incident; r++) {
        this.book(recoveries[r]!.insured, -recoveries[r]!.amount);
        this.book(this.insurerOf(recoveries[r]!.policy), recoveries[r]!.amount);
      }
      // Only the bearers this occurrence booked to (a handful of the model's): the others net 0.
      for (let t = 0; t < this.touchedCount; t++) {
        const bearer = this.touched[t]!;
        const amount = this.occurrence[bearer]!;
        if (!Number.isFinite(amount)) throw this.nonFinite(incident);
        // Below half a cent an occurrence's net is rounding (e.g. a per-seller recovery split over
        // many sellers), not a loss: it must not make a year count as a loss year.
        if (Math.abs(amount) < HALF_CENT) continue;
        const at = base + bearer * trialCount;
        annual[at] = annual[at]! + amount;
        if (amount > largest[at]!) largest[at] = amount;
        this.bookPeril(bearer * PERILS.length + peril, amount);
      }
      this.clearOccurrence();
    }
    this.flushPerils(strategy, number - firstTrial);
    if (a !== allocations.length || r !== recoveries.length) {
      throw new SimulationError(`trial ${number}: allocations or recoveries are not in incident order`);
    }
  }

  /** The scenario field an overflowing incident comes from, as bad input (exit 2): validation let through numbers too large to add up. */
  private nonFinite(incident: Incident): NonFiniteLoss {
    // The first bearer in the model's order whose net is not finite.
    const bearer = this.occurrence.findIndex((net) => !Number.isFinite(net));
    const amount = this.occurrence[bearer]!;
    this.clearOccurrence();
    const { incidents } = this.model.scenario;
    const path = incident.definitionIndex < incidents.length ? `incidents[${incident.definitionIndex}]` : `inject[${incident.definitionIndex - incidents.length}]`;
    const message = `expected losses that add up to a finite amount, got ${amount} for ${this.model.bearers[bearer]} from ${incident.type} "${incident.name}": bound its severity (a smaller distribution or a max)`;
    return new NonFiniteLoss(message, { path, message });
  }

  /** `insurer:<policy>`, made once per policy. */
  private insurerOf(policy: string): string {
    let bearer = this.insurers.get(policy);
    if (bearer === undefined) this.insurers.set(policy, (bearer = `insurer:${policy}`));
    return bearer;
  }

  private book(bearer: string, amount: number): void {
    const index = this.model.bearerIndex.get(bearer);
    if (index === undefined) throw new SimulationError(`loss booked to a bearer the model does not report: ${bearer}`);
    if (this.marked[index] === 0) {
      this.marked[index] = 1;
      this.touched[this.touchedCount++] = index;
    }
    this.occurrence[index] = this.occurrence[index]! + amount;
  }

  /** Adds an occurrence's net to a (bearer, peril) cell of the trial, as `record` adds it to the bearer's year. */
  private bookPeril(cell: number, amount: number): void {
    if (this.perilMarked[cell] === 0) {
      this.perilMarked[cell] = 1;
      this.perilTouched[this.perilTouchedCount++] = cell;
    }
    this.perilAnnual[cell] = this.perilAnnual[cell]! + amount;
    if (amount > this.perilLargest[cell]!) this.perilLargest[cell] = amount;
  }

  /** Moves the trial's nonzero (bearer, peril) cells into the chunk's per-peril losses. */
  private flushPerils(strategy: number, trial: number): void {
    const base = strategy * this.bearerCount * PERILS.length;
    for (let t = 0; t < this.perilTouchedCount; t++) {
      const cell = this.perilTouched[t]!;
      const annual = this.perilAnnual[cell]!;
      const largest = this.perilLargest[cell]!;
      if (annual !== 0 || largest !== 0) this.perils.push(base + cell, trial, annual, largest);
      this.perilAnnual[cell] = 0;
      this.perilLargest[cell] = 0;
      this.perilMarked[cell] = 0;
    }
    this.perilTouchedCount = 0;
  }

  private clearOccurrence(): void {
    for (let t = 0; t < this.touchedCount; t++) {
      const bearer = this.touched[t]!;
      this.occurrence[bearer] = 0;
      this.marked[bearer] = 0;
    }
    this.touchedCount = 0;
  }
}
