import { describe, expect, it } from 'vitest';
import { emptyYearLossTable, placeChunk } from '../../src/engine/run-simulation.ts';
import { compileModel } from '../../src/engine/simulation-model.ts';
import type { Incident } from '../../src/incidents/incident.ts';
import type { InsuredTrial } from '../../src/insurance/recovery.ts';
import { ChunkLedger } from '../../src/ledger/chunk-ledger.ts';
import { summarizeRun } from '../../src/stats/summarize-run.ts';
import { constant, marketScenario } from '../helpers/fixed-trial.ts';

/**
 * Per-peril statistics checked by hand (issue 17): 100 trials booked through the chunk ledger
 * with fixed nets, a `loss_event` and a `bug` peril on the platform, the bug partly recovered
 * from a cyber policy (so the insurer's loss is all bug).
 *
 * | trial | loss_event (platform)   | bug gross − recovery (platform) | all (platform) |
 * |-------|-------------------------|---------------------------------|----------------|
 * | 3     | 50 + 30 = 80 (largest 50) | 200 − 150 = 50                | 130            |
 * | 10    | 100                     |                                 | 100            |
 * | 20    | 400                     | 1000 − 600 = 400                | 800            |
 * | 30    | 250                     |                                 | 250            |
 * | 40    | 60                      |                                 | 60             |
 * | 50    | 10                      |                                 | 10             |
 * | 60    |                         | 20                              | 20             |
 * | 70    |                         | 300                             | 300            |
 * | 80    |                         | 90                              | 90             |
 *
 * loss_event: sorted nonzero 10, 60, 80, 100, 250, 400 at ranks 95–100 (94 zeros below): mean
 * 900/100 = 9; Σx² = 242,600, so sd = √((242,600 − 100·9²)/99); p99 = x(99) = 250; TVaR 99 = the
 * 1 largest = 400; TVaR 95 = mean of the 5 largest = 890/5 = 178; AEP at R: x(100 − 100/R):
 * R 20 → x(95) = 10, R 25 → x(96) = 60, R 50 → x(98) = 100, R 100 → x(99) = 250. OEP: the
 * largest occurrences 10, 50, 60, 100, 250, 400: R 25 → 50.
 * bug: 20, 50, 90, 300, 400 at ranks 96–100: mean 8.6, p99 = 300, TVaR 99 = 400, TVaR 95 =
 * 860/5 = 172, AEP R 20 → x(95) = 0, R 25 → 20, R 50 → 90, R 100 → 300. The insurer's bug: 150, 600: mean 7.5; its loss_event: nothing.
 */

const scenario = marketScenario({
  incidents: [
    { type: 'loss_event', name: 'theft', frequency: { dist: 'fixed', value: 0 }, loss: constant(1), bearer: 'platform' },
    { type: 'bug', name: 'glitch', frequency: { dist: 'fixed', value: 0 }, origin: 'platform', error: 'overcharge', window_hours: constant(1), share: constant(0.1), price_error: constant(0.1) },
  ],
  insurance: { policies: [{ name: 'cyber', preset: 'cyber', insured: 'platform', retention: 0, limit: 1_000_000 }] },
});
const model = compileModel(scenario, 1);
const TRIALS = 100;

type Booking = { type: 'loss_event' | 'bug'; amount: number; recovered?: number };
const BOOKINGS: Record<number, Booking[]> = {
  3: [
    { type: 'loss_event', amount: 50 },
    { type: 'bug', amount: 200, recovered: 150 },
    { type: 'loss_event', amount: 30 },
  ],
  10: [{ type: 'loss_event', amount: 100 }],
  20: [
    { type: 'bug', amount: 1000, recovered: 600 },
    { type: 'loss_event', amount: 400 },
  ],
  30: [{ type: 'loss_event', amount: 250 }],
  40: [{ type: 'loss_event', amount: 60 }],
  50: [{ type: 'loss_event', amount: 10 }],
  60: [{ type: 'bug', amount: 20 }],
  70: [{ type: 'bug', amount: 300 }],
  80: [{ type: 'bug', amount: 90 }],
};

/** A trial record with just what the ledger reads: incidents in order, their allocations and recoveries. */
function trialOf(trial: number): InsuredTrial {
  const bookings = BOOKINGS[trial] ?? [];
  const incidents = bookings.map((booking, index) => ({ type: booking.type, name: booking.type, definitionIndex: booking.type === 'bug' ? 1 : 0, candidate: index + 1 }) as unknown as Incident);
  return {
    context: { trial, strategy: 0 },
    incidents,
    allocations: bookings.map((booking, index) => ({ component: { incident: incidents[index]! }, bearer: 'platform', amount: booking.amount })),
    recoveries: bookings.flatMap((booking, index) => (booking.recovered ? [{ incident: incidents[index]!, policy: 'cyber', insured: 'platform', amount: booking.recovered }] : [])),
  } as unknown as InsuredTrial;
}

function handTable() {
  const ledger = new ChunkLedger(model, 1, TRIALS);
  for (let trial = 1; trial <= TRIALS; trial++) ledger.record(trialOf(trial));
  const table = emptyYearLossTable(model, TRIALS);
  placeChunk(table, ledger.finish());
  return table;
}

describe('per-peril statistics, by hand', () => {
  const table = handTable();
  const statistics = summarizeRun(table, [20, 25, 50, 100]);
  const summary = (bearer: string, peril: string) => statistics.perilSummaries.find((row) => row.bearer === bearer && row.peril === peril)!.summary;
  const curve = (bearer: string, peril: string, basis: 'AEP' | 'OEP') =>
    statistics.exceedance.filter((row) => row.bearer === bearer && row.peril === peril && row.basis === basis).map((row) => [row.returnPeriod, row.loss]);

  it('reports the perils the scenario defines, in incident-type order', () => {
    expect(table.perils).toEqual(['bug', 'loss_event']);
    expect(model.bearers).toContain('insurer:cyber');
    expect(statistics.perilSummaries.filter((row) => row.bearer === 'platform').map((row) => row.peril)).toEqual(['all', 'bug', 'loss_event']);
  });

  it('loss_event: mean, sd, p99, TVaR and the AEP and OEP curves', () => {
    const s = summary('platform', 'loss_event');
    expect(s.mean).toBe(9);
    expect(s.sd).toBeCloseTo(Math.sqrt((242_600 - 100 * 81) / 99), 10);
    expect(s.seMean).toBeCloseTo(Math.sqrt((242_600 - 100 * 81) / 99) / 10, 10);
    expect(s.probLoss).toBe(0.06);
    expect([s.p99, s.tvar99, s.tvar95, s.max]).toEqual([250, 400, 178, 400]);
    expect(curve('platform', 'loss_event', 'AEP')).toEqual([
      [20, 10],
      [25, 60],
      [50, 100],
      [100, 250],
    ]);
    expect(curve('platform', 'loss_event', 'OEP')).toEqual([
      [20, 10],
      [25, 50],
      [50, 100],
      [100, 250],
    ]);
  });

  it('bug: net of its recoveries, and the insurer carries only bug', () => {
    const s = summary('platform', 'bug');
    expect(s.mean).toBeCloseTo(8.6, 12);
    expect(s.probLoss).toBe(0.05);
    expect([s.p99, s.tvar99, s.tvar95]).toEqual([300, 400, 172]);
    expect(curve('platform', 'bug', 'AEP')).toEqual([
      [20, 0],
      [25, 20],
      [50, 90],
      [100, 300],
    ]);
    expect(summary('insurer:cyber', 'bug').mean).toBe(7.5);
    expect(summary('insurer:cyber', 'loss_event')).toMatchObject({ mean: 0, sd: 0, probLoss: 0, p99: 0, max: 0 });
  });

  it("the all rows are the bearer's summary, and the perils' means add up to it", () => {
    const all = statistics.summaries.find((row) => row.bearer === 'platform')!.summary;
    expect(summary('platform', 'all')).toBe(all);
    expect(all.mean).toBeCloseTo(17.6, 12);
    expect(summary('platform', 'bug').mean + summary('platform', 'loss_event').mean).toBeCloseTo(all.mean, 12);
    // The all curve is of the total: 10, 20, 60, 90, 100, 130, 250, 300, 800 at ranks 92–100.
    expect(curve('platform', 'all', 'AEP')).toEqual([
      [20, 90],
      [25, 100],
      [50, 250],
      [100, 300],
    ]);
  });
});
