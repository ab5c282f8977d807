import seedrandom from 'seedrandom';
import { combine32, continueFnv, FNV_OFFSET, hashString, mix32 } from './hash.ts';
import type { RandomStream } from './random-stream.ts';

const TWO_POW_MINUS_32 = 2.3283064365386963e-10;

/** The numeric key of a run's seed: the same seed always gives the same key. */
export function seedKey(seed: number | string): number {
  return hashString(`faultline-seed:${String(seed)}`);
}

/** The numeric key of a generator name such as `incident:fraud:severity`; compute once, reuse. */
export function generatorKey(name: string): number {
  return hashString(`faultline-generator:${name}`);
}

/**
 * The hash state of the generator names that start with `prefix`: continued over the rest of a
 * name with `continueFnv` and finished with `mix32`, it gives `generatorKey` of the whole name
 * without building it.
 *
 * @example
 * mix32(continueFnv(generatorPrefixState('incident:'), 'fraud')) === generatorKey('incident:fraud')
 */
export function generatorPrefixState(prefix: string): number {
  return continueFnv(FNV_OFFSET, `faultline-generator:${prefix}`);
}

/**
 * Creates the random stream of one generator in one trial.
 *
 * The stream depends only on (seed, trial, generator name), never on chunking, worker count or
 * strategy: that is what makes runs reproducible across machines and gives every strategy the
 * same draws (common random numbers). The three words are hashed straight into an alea state.
 *
 * The numbers are seedrandom's alea sequence from that state, stepped here without building a
 * seedrandom generator: `seedrandom.alea('', { state })` hashes its empty seed string on every
 * call, a cost a trial paid for each of its dozens of streams (issue 16). The step is alea's own
 * (`t = 2091639·s0 + c·2⁻³²`, then the state shifts); the first stream a process makes is checked
 * against seedrandom's for the same state (`aleaAgrees`), and test/random/trial-random.test.ts
 * holds the two equal over many states and draws.
 *
 * @example
 * const severity = createStream(seedKey(42), 17, generatorKey('incident:fraud:severity'));
 * severity(); // the same number in every run with seed 42, trial 17
 */
export function createStream(seed: number, trial: number, generator: number): RandomStream {
  let h = combine32(seed, trial);
  h = combine32(h, Math.floor(trial / 0x100000000));
  h = combine32(h, generator);
  const state = aleaState(h);
  if (!checked) checkAgainstSeedrandom(state);
  return aleaStream(state);
}

/** An alea generator's state: the carry and three words, each word a multiple of 2⁻³² in [0, 1). */
export interface AleaState {
  c: number;
  s0: number;
  s1: number;
  s2: number;
}

function aleaState(h: number): AleaState {
  const s0 = mix32(h ^ 0x9e3779b9);
  const s1 = mix32(h ^ 0x7f4a7c15);
  const s2 = mix32(h ^ 0x85ebca6b);
  return { c: 1, s0: s0 * TWO_POW_MINUS_32, s1: s1 * TWO_POW_MINUS_32, s2: (s2 >>> 0 || 1) * TWO_POW_MINUS_32 };
}

/** The draws of seedrandom's alea from `state`, step for step (seedrandom/lib/alea.js, `next`). */
export function aleaStream(state: AleaState): RandomStream {
  let { c, s0, s1, s2 } = state;
  return () => {
    const t = 2091639 * s0 + c * TWO_POW_MINUS_32;
    s0 = s1;
    s1 = s2;
    c = t | 0;
    return (s2 = t - c);
  };
}

/** Whether seedrandom's alea and `aleaStream` give the same first `draws` numbers from `state`. */
export function aleaAgrees(state: AleaState, draws: number): boolean {
  const reference = seedrandom.alea('', { state: { ...state } });
  const stepped = aleaStream(state);
  for (let i = 0; i < draws; i++) if (reference() !== stepped()) return false;
  return true;
}

let checked = false;
function checkAgainstSeedrandom(state: AleaState): void {
  checked = true;
  if (!aleaAgrees(state, 64)) {
    throw new Error('the installed seedrandom no longer steps alea as createStream does: runs would not reproduce earlier ones');
  }
}
