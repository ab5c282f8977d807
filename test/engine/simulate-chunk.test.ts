import { describe, expect, it } from 'vitest';
import { placeChunk } from '../../src/engine/run-simulation.ts';
import type { YearLossTable } from '../../src/ledger/year-loss-table.ts';
import { YearColumns } from '../../src/ledger/year-columns.ts';
import { compileModel } from '../../src/engine/simulation-model.ts';
import { simulateChunk } from '../../src/engine/simulate-chunk.ts';
import { lossEventScenario } from '../helpers/build-scenario.ts';
import { perilCellCount, PerilLossTable } from '../../src/ledger/peril-losses.ts';

const model = compileModel(lossEventScenario(), 42);

function tableOf(chunkSizes: number[]): YearLossTable {
  const trials = chunkSizes.reduce((a, b) => a + b, 0);
  const table: YearLossTable = {
    trials,
    strategies: model.strategies,
    bearers: model.bearers,
    years: new YearColumns(trials, 1, model.bearers.length),
    perils: ['loss_event'],
    perilLosses: new PerilLossTable(trials, perilCellCount(1, model.bearers.length)),
    costs: [],
    allocationSums: new Map(),
    insuranceSums: new Map(),
    insurance: [model.insurance],
  };
  let first = 1;
  // Simulate the chunks last-first, as workers may finish them in any order.
  const chunks = chunkSizes.map((size) => {
    const chunk = { first, size };
    first += size;
    return chunk;
  });
  for (const { first: start, size } of chunks.reverse()) placeChunk(table, simulateChunk(model, start, size));
  return table;
}

describe('simulateChunk', () => {
  it('gives every trial the same outcome however the trials are chunked', () => {
    const whole = tableOf([600]);
    const pieces = tableOf([1, 99, 250, 7, 243]);
    expect(pieces.years.annual(0, 0)).toEqual(whole.years.annual(0, 0));
    expect(pieces.years.largest(0, 0)).toEqual(whole.years.largest(0, 0));
  });

  it('books each year the sum of its losses and its largest single loss', () => {
    const result = simulateChunk(model, 1, 2000);
    let yearsWithLoss = 0;
    for (let t = 0; t < 2000; t++) {
      const annual = result.annual[t]!;
      const largest = result.largest[t]!;
      expect(largest).toBeLessThanOrEqual(annual + 1e-6);
      if (annual > 0) {
        yearsWithLoss++;
        expect(largest).toBeGreaterThan(0);
      } else {
        expect(largest).toBe(0);
      }
    }
    // P(no event) = e^−2 ≈ 13.5%, so about 1,729 of 2,000 years have a loss.
    expect(yearsWithLoss).toBeGreaterThan(1650);
    expect(yearsWithLoss).toBeLessThan(1810);
  });
});
