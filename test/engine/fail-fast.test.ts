import { afterEach, describe, expect, it } from 'vitest';
import { NonFiniteLoss, SimulationError } from '../../src/errors.ts';
import { ChunkLedger } from '../../src/ledger/chunk-ledger.ts';
import { FAULT_VARIABLE, injectedFaults, STAGES } from '../../src/pipeline/stage-failure.ts';
import { compileModel } from '../../src/engine/simulation-model.ts';
import { simulateChunk, simulateTrial } from '../../src/engine/simulate-chunk.ts';
import { runSimulation } from '../../src/engine/run-simulation.ts';
import { buildScenario, lossEventScenario } from '../helpers/build-scenario.ts';
import type { InsuredTrial } from '../../src/insurance/recovery.ts';

afterEach(() => {
  delete process.env[FAULT_VARIABLE];
});

const strategies = buildScenario({
  incidents: lossEventScenario().incidents,
  mitigations: [{ name: 'training', enabled: false, annual_cost: 1_000, applies_to: ['fraud'], frequency: 0.5 }],
  strategies: [{ name: 'trained', mitigations: [{ name: 'training', enabled: true }] }],
});

describe('a stage that throws fails the chunk at once, naming trial, strategy and stage', () => {
  for (const stage of STAGES) {
    it(`${stage}: simulateChunk throws a SimulationError instead of returning a partial result`, () => {
      process.env[FAULT_VARIABLE] = `${stage}@7`;
      const model = compileModel(strategies, 1);
      const run = () => simulateChunk(model, 1, 20);
      expect(run).toThrow(SimulationError);
      expect(run).toThrow(`trial 7, strategy "baseline", stage ${stage}: fault injected by ${FAULT_VARIABLE}`);
    });
  }

  it('names the strategy whose pipeline failed', () => {
    process.env[FAULT_VARIABLE] = 'insurance@3';
    const model = compileModel(strategies, 1);
    // Trial 3 of the baseline fails first; a chunk starting at trial 3 fails there too.
    expect(() => simulateChunk(model, 3, 5)).toThrow(/^trial 3, strategy "baseline", stage insurance: /);
  });

  it('leaves chunks without the faulty trial alone', () => {
    process.env[FAULT_VARIABLE] = 'impacts@50';
    const model = compileModel(strategies, 1);
    expect(simulateChunk(model, 1, 49).trialCount).toBe(49);
    expect(() => simulateChunk(model, 40, 20)).toThrow(/trial 50, strategy "baseline", stage impacts/);
  });

  it('simulateTrial (explain) throws the same way', () => {
    process.env[FAULT_VARIABLE] = 'market@4';
    const model = compileModel(strategies, 1);
    expect(() => simulateTrial(model, 4, 1)).toThrow('trial 4, strategy "trained", stage market: fault injected');
    expect(simulateTrial(model, 5, 1).context).toEqual({ trial: 5, strategy: 1 });
  });

  it("a run on worker threads rejects with the thread's message (1 and 2 workers)", async () => {
    process.env[FAULT_VARIABLE] = 'liability@1234';
    for (const workers of [1, 2]) {
      await expect(runSimulation(strategies, { trials: 3_000, seed: 1, workers, chunkSize: 500 })).rejects.toThrow('trial 1234, strategy "baseline", stage liability: fault injected');
    }
  });
});

describe('FAULTLINE_INJECT_FAULT', () => {
  it('reads stage@trial pairs and ignores other stages and malformed parts', () => {
    expect(injectedFaults('ledger', 'ledger@7, market@3,ledger@12,ledger@x,ledger')).toEqual(new Set([7, 12]));
    expect(injectedFaults('market', 'ledger@7')).toBeUndefined();
    expect(injectedFaults('market', '')).toBeUndefined();
    expect(injectedFaults('market', undefined)).toBeUndefined();
  });
});

describe('a loss that is not finite', () => {
  it('is bad input located at the incident definition (the ledger refuses Infinity and NaN)', () => {
    const model = compileModel(lossEventScenario(), 1);
    for (const amount of [Infinity, Number.NaN]) {
      const ledger = new ChunkLedger(model, 1, 1);
      const incident = { name: 'fraud', type: 'loss_event', definitionIndex: 0 } as InsuredTrial['incidents'][number];
      const trial = {
        context: { trial: 1, strategy: 0 },
        incidents: [incident],
        allocations: [{ component: { incident }, bearer: 'platform', amount }],
        recoveries: [],
      } as unknown as InsuredTrial;
      let thrown: unknown;
      try {
        ledger.record(trial);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(NonFiniteLoss);
      expect((thrown as NonFiniteLoss).issue.path).toBe('incidents[0]');
      expect((thrown as NonFiniteLoss).message).toContain(`got ${amount} for platform from loss_event "fraud"`);
    }
  });
});
