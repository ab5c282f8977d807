import { SimulationError } from '../errors.ts';
import type { LedgerLayout } from './ledger-layout.ts';
import { incidentId } from '../incidents/incident.ts';
import type { InsuredTrial } from '../insurance/recovery.ts';
import type { ChunkResult } from './chunk-ledger.ts';
import { csvField } from './csv-field.ts';
import type { TableColumns } from './table-columns.ts';

/**
 * The columns of elt_net.csv, the net perspective: one row per strategy, trial, incident and
 * bearer, in cents written as currency units with two decimals (the table writes them in this
 * order). For every row
 * `net = ground_up − transfers_out + transfers_in + legal_costs − recoveries_received + recoveries_paid + rounding`.
 */
export const ELT_NET_COLUMNS = {
  strategy: 'STRING',
  trial: 'INT32',
  incident_id: 'STRING',
  bearer: 'STRING',
  ground_up: 'DOUBLE',
  transfers_in: 'DOUBLE',
  transfers_out: 'DOUBLE',
  legal_costs: 'DOUBLE',
  recoveries_received: 'DOUBLE',
  recoveries_paid: 'DOUBLE',
  rounding: 'DOUBLE',
  net: 'DOUBLE',
} as const satisfies TableColumns;

/** The kind of the components the liability stage adds for each side's own legal costs (not ground-up). */
const LEGAL_COSTS = 'legal_costs';

/** The money columns of a row, by position in the per-bearer block of `cents`. */
const GROUND_UP = 0;
const TRANSFERS_IN = 1;
const TRANSFERS_OUT = 2;
const LEGAL = 3;
const RECEIVED = 4;
const PAID = 5;
const FLOWS = 6;

/** Whole cents of an amount in currency units (half a cent rounds up): the one rounding the net table uses. */
export function toCents(amount: number): number {
  return Math.round(amount * 100);
}

/** Whole cents as currency units with two decimals, exactly (`-1234` → `-12.34`). */
export function formatCents(cents: number): string {
  const magnitude = Math.abs(cents);
  const units = Math.floor(magnitude / 100);
  const rest = magnitude - units * 100;
  return `${cents < 0 ? '-' : ''}${units}.${rest < 10 ? '0' : ''}${rest}`;
}

/**
 * Collects the net event loss table of a chunk: per strategy, trial, incident and bearer (in
 * trial, strategy, incident-time and the model's bearer order), what the bearer suffered, what
 * liability moved to and from it, its own legal costs, what insurers paid it or it paid as an
 * insurer, and its net. Stops at `limit` rows.
 *
 * Every flow (an allocation, a recovery) is rounded to the cent once, and both its sides use
 * that figure, so over an incident's rows transfers in equal transfers out and recoveries
 * received equal recoveries paid, to the cent. A row's net is its flows added up, so each row
 * adds up exactly; on the bearer's last row of the year, `rounding` adds the cents by which the
 * flows rounded one by one miss the year's net as the ledger adds it (ylt.csv's `net`, rounded
 * half up to the cent), so a year's rows sum to ylt.csv exactly. `rounding` is 0 on every other
 * row. Rows whose every column is 0 are left out (a claim denied, a recovery of 0).
 */
export class NetEventLossTable {
  private text = '';
  private rows = 0;
  private readonly bearerCount: number;
  /** Per bearer: the current incident's flows in cents (FLOWS each). */
  private readonly cents: Float64Array;
  private readonly touched: Int32Array;
  private readonly marked: Uint8Array;
  private touchedCount = 0;
  /** The trial's rows: incident id, bearer, then FLOWS cents and the rounding. */
  private trialRows: { id: string; bearer: number; cents: number[] }[] = [];
  /** Per bearer: the sum of its flows over the trial in cents, and its last row (−1: none). */
  private readonly flowSums: Float64Array;
  private readonly lastRow: Int32Array;
  private readonly bearers: string[];
  private readonly insurers = new Map<string, number>();

  /** `annual` is the chunk's year loss table, in which the ledger has booked each trial before this table records it. */
  constructor(
    private readonly model: LedgerLayout,
    private readonly limit: number,
    private readonly annual: Pick<ChunkResult, 'firstTrial' | 'trialCount' | 'annual'>,
  ) {
    this.bearerCount = model.bearers.length;
    this.bearers = model.bearers.map(csvField);
    this.cents = new Float64Array(this.bearerCount * FLOWS);
    this.touched = new Int32Array(this.bearerCount);
    this.marked = new Uint8Array(this.bearerCount);
    this.flowSums = new Float64Array(this.bearerCount);
    this.lastRow = new Int32Array(this.bearerCount);
  }

  /** Adds a trial's rows, as far as the limit allows (after the ledger booked it). */
  record(trial: InsuredTrial): void {
    if (this.rows >= this.limit) return;
    const { allocations, recoveries } = trial;
    this.flowSums.fill(0);
    this.lastRow.fill(-1);
    this.trialRows = [];
    let a = 0;
    let r = 0;
    for (const incident of trial.incidents) {
      for (; a < allocations.length && allocations[a]!.component.incident === incident; a++) {
        const { component, bearer, amount } = allocations[a]!;
        const cents = toCents(amount);
        const carrier = this.touch(bearer);
        if (component.kind === LEGAL_COSTS) {
          this.add(carrier, LEGAL, cents);
          continue;
        }
        const sufferer = this.touch(component.sufferer);
        this.add(sufferer, GROUND_UP, cents);
        if (carrier !== sufferer) {
          this.add(sufferer, TRANSFERS_OUT, cents);
          this.add(carrier, TRANSFERS_IN, cents);
        }
      }
      for (; r < recoveries.length && recoveries[r]!.incident === incident; r++) {
        const { insured, policy, amount } = recoveries[r]!;
        const cents = toCents(amount);
        this.add(this.touch(insured), RECEIVED, cents);
        this.add(this.touchIndex(this.insurerOf(policy)), PAID, cents);
      }
      this.closeIncident(incidentId(incident));
    }
    if (a !== allocations.length || r !== recoveries.length) {
      throw new SimulationError(`trial ${trial.context.trial}: allocations or recoveries are not in incident order`);
    }
    this.writeTrial(trial);
  }

  /** The rows collected, as CSV text without a header, and how many. */
  toCsv(): { text: string; rows: number } {
    return { text: this.text, rows: this.rows };
  }

  /** Keeps the incident's rows (bearers in the model's order) and clears its figures. */
  private closeIncident(id: string): void {
    const touched = this.touched.subarray(0, this.touchedCount).sort();
    for (const bearer of touched) {
      const at = bearer * FLOWS;
      const c = this.cents;
      const cents = Array.from(c.subarray(at, at + FLOWS));
      cents.push(0); // rounding
      this.flowSums[bearer] = this.flowSums[bearer]! + c[at + GROUND_UP]! - c[at + TRANSFERS_OUT]! + c[at + TRANSFERS_IN]! + c[at + LEGAL]! - c[at + RECEIVED]! + c[at + PAID]!;
      this.lastRow[bearer] = this.trialRows.length;
      this.trialRows.push({ id, bearer, cents });
      c.fill(0, at, at + FLOWS);
      this.marked[bearer] = 0;
    }
    this.touchedCount = 0;
  }

  /** Puts each bearer's rounding on its last row, then writes the trial's rows that are not all 0. */
  private writeTrial(trial: InsuredTrial): void {
    const { strategy, trial: number } = trial.context;
    const { firstTrial, trialCount, annual } = this.annual;
    const base = strategy * this.bearerCount * trialCount + (number - firstTrial);
    for (let bearer = 0; bearer < this.bearerCount; bearer++) {
      const rounding = toCents(annual[base + bearer * trialCount]!) - this.flowSums[bearer]!;
      if (rounding === 0) continue;
      const last = this.lastRow[bearer]!;
      if (last < 0) throw new SimulationError(`trial ${number}: ${this.model.bearers[bearer]} has a net for the year but no flow`);
      this.trialRows[last]!.cents[FLOWS] = rounding;
    }
    const head = `${csvField(this.model.strategies[strategy]!)},${number},`;
    for (const { id, bearer, cents } of this.trialRows) {
      if (this.rows >= this.limit) break;
      if (cents.every((value) => value === 0)) continue;
      let net = 0;
      let row = `${head}${csvField(id)},${this.bearers[bearer]}`;
      cents.forEach((value, f) => {
        row += `,${formatCents(value)}`;
        net += f === TRANSFERS_OUT || f === RECEIVED ? -value : value;
      });
      this.text += `${row},${formatCents(net)}\r\n`;
      this.rows++;
    }
  }

  private add(bearer: number, flow: number, cents: number): void {
    const at = bearer * FLOWS + flow;
    this.cents[at] = this.cents[at]! + cents;
  }

  private touch(bearer: string): number {
    const index = this.model.bearerIndex.get(bearer);
    if (index === undefined) throw new SimulationError(`loss booked to a bearer the model does not report: ${bearer}`);
    return this.touchIndex(index);
  }

  private touchIndex(index: number): number {
    if (this.marked[index] === 0) {
      this.marked[index] = 1;
      this.touched[this.touchedCount++] = index;
    }
    return index;
  }

  /** The bearer index of `insurer:<policy>`, looked up once per policy. */
  private insurerOf(policy: string): number {
    let index = this.insurers.get(policy);
    if (index === undefined) {
      const bearer = `insurer:${policy}`;
      index = this.model.bearerIndex.get(bearer);
      if (index === undefined) throw new SimulationError(`recovery paid by an insurer the model does not report: ${bearer}`);
      this.insurers.set(policy, index);
    }
    return index;
  }
}
