import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Subject } from 'rxjs';
import { simulateTrials } from '../../src/engine/simulate-chunk.ts';
import { TrialRecord } from '../../src/engine/trial-record.ts';
import { trialEnd, trialStart, type TrialMarker } from '../../src/pipeline/trial-events.ts';
import { compileModel } from '../../src/engine/simulation-model.ts';
import type { InsuredTrial } from '../../src/insurance/recovery.ts';
import { loadScenario } from '../../src/scenario/load-scenario.ts';
import { PROJECT_ROOT } from '../helpers/run-cli.ts';
import { oracleTrial } from './simulate-trials.ts';

/**
 * The event path (one long-lived pipeline of stage operators over trial markers and incident
 * events) against the oracle (the per-trial `map` stages it replaced), trial by trial, on every
 * bundled scenario and every strategy: the same incidents, components, allocations, recoveries
 * and exhausted covers, to the last bit.
 */
const SCENARIOS = [
  ...readdirSync(join(PROJECT_ROOT, 'scenarios')).filter((name) => name.endsWith('.yaml')),
  ...readdirSync(join(PROJECT_ROOT, 'scenarios', 'cases')).map((name) => join('cases', name)),
];
const TRIALS = 400;

describe.each(SCENARIOS)('the event path on scenarios/%s', (name) => {
  it(`matches the oracle in each of ${TRIALS} trials under every strategy`, () => {
    const { scenario } = loadScenario(join(PROJECT_ROOT, 'scenarios', name));
    const model = compileModel(scenario, 2027);
    let compared = 0;
    for (let strategy = 0; strategy < model.strategyModels.length; strategy++) {
      // One pipeline for all the trials, as simulateChunk runs them: per-trial state must reset.
      const records: InsuredTrial[] = [];
      const markers = new Subject<TrialMarker<TrialRecord>>();
      markers.pipe(simulateTrials(model.strategyModels[strategy]!)).subscribe((event) => event.kind === 'trial-end' && records.push(event.trial));
      for (let trial = 1; trial <= TRIALS; trial++) {
        const record = new TrialRecord({ trial, strategy });
        markers.next(trialStart(record));
        markers.next(trialEnd(record));
      }
      expect(records).toHaveLength(TRIALS);
      for (let trial = 1; trial <= TRIALS; trial++) {
        const events = records[trial - 1]!;
        const oracle = oracleTrial(model, trial, strategy);
        if (!sameRecord(events, oracle)) expect(plain(events), `trial ${trial}, strategy ${strategy}`).toEqual(plain(oracle));
        compared += events.allocations.length + events.recoveries.length;
      }
    }
    expect(compared).toBeGreaterThan(0);
  });
});

/** A quick exact comparison of two records (a deep one only when they differ, for its message). */
function sameRecord(a: InsuredTrial, b: InsuredTrial): boolean {
  return JSON.stringify(plain(a)) === JSON.stringify(plain(b));
}

/** A record as plain data: references to incidents and components replaced by their positions. */
function plain(record: InsuredTrial): unknown {
  const incident = new Map(record.incidents.map((item, index) => [item, index]));
  const component = new Map(record.components.map((item, index) => [item, index]));
  return {
    context: record.context,
    incidents: record.incidents,
    components: record.components.map(({ incident: of, ...rest }) => ({ incident: incident.get(of), ...rest })),
    allocations: record.allocations.map(({ component: of, ...rest }) => ({ component: component.get(of), ...rest })),
    recoveries: record.recoveries.map(({ incident: of, ...rest }) => ({ incident: incident.get(of), ...rest })),
    exhausted: record.exhausted,
  };
}
