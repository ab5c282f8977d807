import { cliStderr } from './cli-streams.ts';

/** Ctrl-C or SIGTERM while a command works: `signal` aborts; `release` stops listening. */
export interface Interruption {
  signal: AbortSignal;
  release(): void;
}

/** The interruptions commands listen for now; the process-wide handler aborts them. */
const listening = new Set<AbortController>();

/** Aborts every listening command; on the process only while some command listens. */
function abortListening(): void {
  for (const controller of listening) controller.abort();
}

/**
 * Listens for SIGINT and SIGTERM until released; the first one aborts the signal (the run then
 * discards what it staged and exits 1, leaving any earlier report as it was). However many
 * commands listen at once (in-process runs of tests, a library user's), the process has one
 * listener, and none when no command listens, so an idle process keeps Node's own handling.
 */
export function listenForInterruption(): Interruption {
  const controller = new AbortController();
  if (listening.size === 0) process.on('SIGINT', abortListening).on('SIGTERM', abortListening);
  listening.add(controller);
  return {
    signal: controller.signal,
    release: () => {
      if (!listening.delete(controller)) return;
      if (listening.size === 0) process.off('SIGINT', abortListening).off('SIGTERM', abortListening);
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
