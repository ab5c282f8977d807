/** Ctrl-C or SIGTERM while a command works: `signal` aborts; `release` stops listening. */
export interface Interruption {
  signal: AbortSignal;
  release(): void;
}

/** Listens for SIGINT and SIGTERM until released; the first one aborts the signal (the run then discards what it staged). */
export function listenForInterruption(): Interruption {
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt).once('SIGTERM', interrupt);
  return {
    signal: controller.signal,
    release: () => process.off('SIGINT', interrupt).off('SIGTERM', interrupt),
  };
}
