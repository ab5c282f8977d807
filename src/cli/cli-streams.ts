import { AsyncLocalStorage } from 'node:async_hooks';

/** Where a command prints: a terminal's streams, or text streams a caller (a test, a library user) captures. */
export interface CliStreams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

const current = new AsyncLocalStorage<CliStreams>();

/**
 * Runs `body` with `streams` as the streams every command prints to, for everything `body`
 * starts, awaited or not (an AsyncLocalStorage, so concurrent calls each keep their own).
 */
export function withCliStreams<Result>(streams: CliStreams, body: () => Result): Result {
  return current.run(streams, body);
}

/** The standard output of the command running now (the process's own outside `withCliStreams`). */
export function cliStdout(): CliStreams['stdout'] {
  return current.getStore()?.stdout ?? process.stdout;
}

/** The standard error of the command running now (the process's own outside `withCliStreams`). */
export function cliStderr(): CliStreams['stderr'] {
  return current.getStore()?.stderr ?? process.stderr;
}

/** A warning line on stderr, as the commands print them. */
export function warnLine(line: string): void {
  cliStderr().write(`faultline: ${line}\n`);
}
