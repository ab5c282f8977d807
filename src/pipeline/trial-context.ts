/** The identity of one simulated year: which trial, under which strategy. */
export interface TrialContext {
  /** 1-based trial number; with the seed, it determines every random draw of the year. */
  trial: number;
  /** Index of the strategy in the model's strategy list (0 is the baseline). */
  strategy: number;
}
