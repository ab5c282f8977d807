import { cliStderr } from './cli-streams.ts';

/** Ctrl-C or SIGTERM while a command works: `signal` aborts; `release` stops listening. */
export interface Interruption {
  signal: AbortSignal;
  release(): void;
}

/** The interruptions commands listen for now; the process-wide handler aborts them. */
const listening = new Set<AbortController>();

/**
 * Listens for SIGINT and SIGTERM until released; the first one aborts the signal (the run then
 * discards what it staged and exits 1, leaving any earlier report as it was).
 */
export function listenForInterruption(): Interruption {
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  listening.add(controller);
  process.once('SIGINT', interrupt).once('SIGTERM', interrupt);
  return {
    signal: controller.signal,
    release: () => {
      listening.delete(controller);
      process.off('SIGINT', interrupt).off('SIGTERM', interrupt);
    },
  };
}

/**
 * The `faultline` process's own handler of SIGINT and SIGTERM (bin.js installs it once, before
 * anything else): while a command listens (`listenForInterruption`), the first signal is left to
 * it and a second one ends the process at once; when none listens (starting up, validating,
 * between steps that write nothing) the process ends at once. Either way with exit code 1 and a
 * line saying so, never Node's 130 without a word.
 */
export function handleInterruptsOfProcess(exit: (code: number) => void = (code) => process.exit(code)): void {
  let signals = 0;
  const onSignal = (name: NodeJS.Signals) => {
    signals++;
    if (listening.size > 0 && signals === 1) return; // the command stops itself, discarding what it staged
    cliStderr().write(`faultline: interrupted (${name})${listening.size > 0 ? ' again: stopping at once' : ''}; no report was written\n`);
    exit(1);
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
}
