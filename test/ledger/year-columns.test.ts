import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulationError } from '../../src/errors.ts';
import { PerilLossBuilder, PerilLossTable } from '../../src/ledger/peril-losses.ts';
import { SpillFile } from '../../src/ledger/spill-file.ts';
import { DEFAULT_TABLE_MEMORY, YearColumns } from '../../src/ledger/year-columns.ts';
import { makeTempFolder } from '../helpers/run-cli.ts';

const tmpdir = process.env.TMPDIR;
afterEach(() => {
  if (tmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = tmpdir;
});

/** Consecutive blocks of trials covering `trials`, from cut points. */
function blocksOf(trials: number, cuts: number[]): { at: number; count: number }[] {
  const points = [...new Set([0, ...cuts.map((cut) => cut % trials), trials])].sort((a, b) => a - b);
  return points.slice(1).map((end, i) => ({ at: points[i]!, count: end - points[i]! }));
}

describe('YearColumns', () => {
  it('keeps a table in memory up to its allowance and in a temporary file beyond it', () => {
    // 1 strategy × (2 × 3 bearers + 1) columns × 1,000 trials × 8 bytes = 56,000 bytes.
    expect(new YearColumns(1_000, 1, 3, { tableMemoryBytes: 56_000 }).spilled).toBe(false);
    const spilled = new YearColumns(1_000, 1, 3, { tableMemoryBytes: 55_999 });
    expect(spilled.spilled).toBe(true);
    spilled.close();
    expect(DEFAULT_TABLE_MEMORY).toBe(32 * 2 ** 20);
    expect(new YearColumns(100, 2, 13).spilled).toBe(false);
  });

  it('reads back from the file exactly what memory holds, blocks placed in any order, ranges included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.double({ noNaN: true }),
        (trials, strategies, bearers, cuts, scale) => {
          const memory = new YearColumns(trials, strategies, bearers, { tableMemoryBytes: Infinity });
          const file = new YearColumns(trials, strategies, bearers, { tableMemoryBytes: 0 });
          const value = (s: number, b: number, t: number, kind: number) => (t % 3 === 0 ? 0 : scale * (1 + s + 10 * b + 100 * kind) + t);
          for (const { at, count } of blocksOf(trials, cuts).reverse()) {
            for (const columns of [memory, file]) {
              for (let s = 0; s < strategies; s++) {
                columns.setOccurrences(
                  s,
                  at,
                  Float64Array.from({ length: count }, (_, i) => (at + i) % 5),
                );
                for (let b = 0; b < bearers; b++) {
                  const annual = Float64Array.from({ length: count }, (_, i) => value(s, b, at + i, 0));
                  const largest = Float64Array.from({ length: count }, (_, i) => value(s, b, at + i, 1));
                  columns.setBearer(s, b, at, annual, largest);
                }
              }
            }
          }
          const from = Math.floor(trials / 3);
          for (let s = 0; s < strategies; s++) {
            expect(file.occurrences(s)).toEqual(memory.occurrences(s));
            for (let b = 0; b < bearers; b++) {
              expect(file.annual(s, b)).toEqual(memory.annual(s, b));
              expect(file.largest(s, b)).toEqual(memory.largest(s, b));
              expect(file.annual(s, b, from, trials - from)).toEqual(memory.annual(s, b, from, trials - from));
              expect(file.annual(s, b)[trials - 1]).toBe(value(s, b, trials - 1, 0));
            }
          }
          file.close();
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reads zeros for trials never placed', () => {
    const file = new YearColumns(10, 1, 2, { tableMemoryBytes: 0 });
    file.setBearer(0, 1, 4, Float64Array.of(1, 2), Float64Array.of(3, 4));
    expect([...file.annual(0, 1)]).toEqual([0, 0, 0, 0, 1, 2, 0, 0, 0, 0]);
    expect([...file.largest(0, 0)]).toEqual(new Array(10).fill(0));
    expect([...file.occurrences(0)]).toEqual(new Array(10).fill(0));
    file.close();
  });

  it('refuses trials outside the table and reads after close', () => {
    const file = new YearColumns(10, 1, 1, { tableMemoryBytes: 0 });
    expect(() => file.annual(0, 0, 5, 6)).toThrow(RangeError);
    expect(() => file.setOccurrences(0, 8, new Float64Array(3))).toThrow(RangeError);
    file.close();
    expect(() => file.annual(0, 0)).toThrow(SimulationError);
    expect(() => file.annual(0, 0)).toThrow('after it was closed');
  });
});

describe('SpillFile', () => {
  it('leaves nothing in the temporary folder, even while open', () => {
    const folder = makeTempFolder('faultline-spill');
    process.env.TMPDIR = folder;
    const file = SpillFile.create('year loss table');
    file.write(Float64Array.of(1, 2, 3), 16);
    expect(readdirSync(folder)).toEqual([]);
    const back = new Float64Array(4);
    file.read(back, 8);
    expect([...back]).toEqual([0, 1, 2, 3]);
    file.close();
  });

  it('says which folder it could not use, why, and what to do', () => {
    process.env.TMPDIR = join(makeTempFolder('faultline-spill'), 'missing');
    let error: unknown;
    try {
      SpillFile.create('year loss table');
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(SimulationError);
    expect((error as Error).message).toMatch(/could not create a temporary folder in .*missing for the year loss table \(ENOENT\): .*TMPDIR.*--table-memory/);
  });
});

describe('PerilLossTable in a temporary file', () => {
  it('fills, gathers and merges exactly as in memory, blocks added in any order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 5 }), fc.array(fc.nat(), { maxLength: 5 }), fc.integer({ min: 1, max: 7 }), (trials, cells, cuts, stride) => {
        const memory = new PerilLossTable(trials, cells);
        const file = new PerilLossTable(trials, cells, { spill: true });
        for (const { at, count } of blocksOf(trials, cuts).reverse()) {
          const builder = new PerilLossBuilder(cells);
          for (let t = 0; t < count; t++) {
            for (let cell = 0; cell < cells; cell++) {
              if ((at + t + cell) % stride === 0) builder.push(cell, t, (at + t) * 10 + cell + 0.5, cell + 1);
            }
          }
          const losses = builder.build();
          memory.add(at, losses);
          file.add(at, losses);
        }
        expect(file.entries).toBe(memory.entries);
        const [a, b] = [new Float64Array(trials), new Float64Array(trials)];
        for (let cell = 0; cell < cells; cell++) {
          memory.fill(cell, a);
          file.fill(cell, b);
          expect(b).toEqual(a);
          memory.fill(cell, a, 'largest');
          file.fill(cell, b, 'largest');
          expect(b).toEqual(a);
          expect(file.gather(cell)).toEqual(memory.gather(cell));
        }
        expect(file.merged()).toEqual(memory.merged());
        file.close();
      }),
      { numRuns: 80 },
    );
  });
});
