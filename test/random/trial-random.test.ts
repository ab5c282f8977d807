import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { aleaAgrees, aleaStream, createStream, generatorKey, seedKey } from '../../src/random/trial-random.ts';

const seed = seedKey(42);
const generator = generatorKey('incident:fraud:severity');

function firstDraws(stream: () => number, count: number): number[] {
  return Array.from({ length: count }, () => stream());
}

describe('createStream', () => {
  it('gives the same draws for the same (seed, trial, generator)', () => {
    expect(firstDraws(createStream(seed, 17, generator), 5)).toEqual(firstDraws(createStream(seed, 17, generator), 5));
  });

  it('gives different draws when the seed, the trial or the generator differs', () => {
    const base = firstDraws(createStream(seed, 17, generator), 3);
    expect(firstDraws(createStream(seedKey(43), 17, generator), 3)).not.toEqual(base);
    expect(firstDraws(createStream(seed, 18, generator), 3)).not.toEqual(base);
    expect(firstDraws(createStream(seed, 17, generatorKey('incident:fraud:time')), 3)).not.toEqual(base);
    expect(firstDraws(createStream(seed, 17 + 2 ** 32, generator), 3)).not.toEqual(base);
  });

  it('treats a numeric seed and its decimal text alike, and other strings as other seeds', () => {
    expect(seedKey(7)).toBe(seedKey('7'));
    expect(seedKey('seven')).not.toBe(seedKey(7));
  });

  it('spreads the first draw of consecutive trials uniformly over [0, 1) (chi-square over 20 bins)', () => {
    const trials = 100_000;
    const bins = new Array<number>(20).fill(0);
    let lowest = 1;
    let highest = 0;
    for (let trial = 1; trial <= trials; trial++) {
      const u = createStream(seed, trial, generator)();
      lowest = Math.min(lowest, u);
      highest = Math.max(highest, u);
      bins[Math.floor(u * 20)]!++;
    }
    expect(lowest).toBeGreaterThanOrEqual(0);
    expect(highest).toBeLessThan(1);
    const expected = trials / 20;
    const chiSquare = bins.reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
    expect(chiSquare).toBeLessThan(43.8); // 99.9th percentile of chi-square with 19 degrees of freedom
  });

  it('leaves consecutive trials and sibling generators uncorrelated', () => {
    const n = 50_000;
    const other = generatorKey('incident:fraud:time');
    let sameGenerator = 0;
    let siblings = 0;
    for (let trial = 1; trial <= n; trial++) {
      const a = createStream(seed, trial, generator)() - 0.5;
      sameGenerator += a * (createStream(seed, trial + 1, generator)() - 0.5);
      siblings += a * (createStream(seed, trial, other)() - 0.5);
    }
    // Each correlation estimate has a standard error of 1/√n ≈ 0.0045; allow 4.5 of them.
    expect(Math.abs(sameGenerator / n / (1 / 12))).toBeLessThan(0.02);
    expect(Math.abs(siblings / n / (1 / 12))).toBeLessThan(0.02);
  });
});

describe('the alea steps of createStream', () => {
  const TWO_POW_MINUS_32 = 2 ** -32;
  /** An alea state from four words, as createStream makes them (s2 never 0). */
  const stateOf = (a: number, b: number, c: number) => ({ c: 1, s0: (a >>> 0) * TWO_POW_MINUS_32, s1: (b >>> 0) * TWO_POW_MINUS_32, s2: (c >>> 0 || 1) * TWO_POW_MINUS_32 });

  it("are seedrandom's alea sequence for the same state, bit for bit (2,000 states × 1,000 draws)", () => {
    const words = seedrandom.alea('states');
    for (let i = 0; i < 2000; i++) {
      const state = stateOf(words.int32(), words.int32(), words.int32());
      const reference = seedrandom.alea('', { state: { ...state } });
      const stepped = aleaStream(state);
      for (let draw = 0; draw < 1000; draw++) {
        const [x, y] = [reference(), stepped()];
        if (x !== y) expect({ state, draw, stepped: y }).toEqual({ state, draw, stepped: x });
      }
    }
    expect(aleaAgrees(stateOf(1, 2, 3), 10_000)).toBe(true);
  });

  it('leave the state it was given unchanged', () => {
    const state = stateOf(4, 5, 6);
    const copy = { ...state };
    const stream = aleaStream(state);
    stream();
    stream();
    expect(state).toEqual(copy);
  });
});
