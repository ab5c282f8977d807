/**
 * A seeded uniform random number stream on [0, 1).
 *
 * Every random quantity in a simulation is drawn from one of these; they come from seedrandom's
 * `alea` generator, seeded per (seed, trial, generator name) by `createTrialRandom`.
 */
export type RandomStream = () => number;
