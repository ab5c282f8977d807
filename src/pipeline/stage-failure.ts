import type { TrialContext } from './trial-context.ts';

/** The stages of a trial, in pipeline order, as error messages and `FAULTLINE_INJECT_FAULT` name them. */
export const STAGES = ['market', 'incidents', 'impacts', 'liability', 'insurance', 'ledger'] as const;

/** One stage of the trial pipeline. */
export type StageName = (typeof STAGES)[number];

/**
 * The environment variable that makes one stage throw at one trial, for testing that every such
 * failure fails the run: `FAULTLINE_INJECT_FAULT=liability@7` (stage@trial; several separated by
 * commas). Read when a stage is compiled, so worker threads and cluster workers see it too.
 */
export const FAULT_VARIABLE = 'FAULTLINE_INJECT_FAULT';

/** An error raised inside a stage for one trial, with where it happened; `simulateChunk` names the strategy. */
export class StageFailure extends Error {
  override readonly name = 'StageFailure';

  constructor(
    readonly stage: StageName,
    readonly context: TrialContext,
    override readonly cause: unknown,
  ) {
    super(`trial ${context.trial}, stage ${stage}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** The trials at which `FAULTLINE_INJECT_FAULT` makes `stage` throw; undefined when none (the usual case). */
export function injectedFaults(stage: StageName, setting = process.env[FAULT_VARIABLE]): ReadonlySet<number> | undefined {
  if (!setting) return undefined;
  const trials = new Set<number>();
  for (const part of setting.split(',')) {
    const [name, trial] = part.trim().split('@');
    if (name === stage && trial !== undefined && /^\d+$/.test(trial)) trials.add(Number(trial));
  }
  return trials.size > 0 ? trials : undefined;
}
