import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import type { RedisProvision } from '../setup/provision-plan.ts';

/**
 * Real processes for the cluster tests: a throw-away `redis-server` on a free port of 127.0.0.1,
 * and `faultline worker` (or any other CLI command) as a child process whose output lines can be
 * waited for.
 *
 * Every process started here is remembered until it exits; `killAllProcesses()` (call it in an
 * afterAll) kills the ones still running, and a process `exit` hook kills them too should the
 * test process end first.
 *
 * The test setup (`test/setup/provision.ts`, vitest's globalSetup) installs Debian's redis-server
 * when it can and starts the one server of the test run with `startRedisServer`; test files get
 * it with `testRedisServer()`. That runs in vitest's main process, so this module does not import
 * the CLI (run-cli.ts does): the two paths below are the ones run-cli.ts exports.
 */

const DEBIAN_REDIS_SERVER = '/usr/bin/redis-server';
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI_BIN = join(PROJECT_ROOT, 'src/cli/bin.js');

/** Processes started here and not yet exited. */
const running = new Set<ChildProcess>();

process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Spawns a process and remembers it until it exits. */
function track(child: ChildProcess): ChildProcess {
  running.add(child);
  child.once('exit', () => running.delete(child));
  child.once('error', () => running.delete(child));
  return child;
}

/** Kills (SIGKILL) every process started by these helpers that is still running, and waits for them to exit. */
export async function killAllProcesses(): Promise<void> {
  await Promise.all([...running].map((child) => killAndWait(child)));
}

function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** A port of 127.0.0.1 nothing listens on right now: the system picks it, then it is closed again. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('no port was assigned'));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

/** The redis-server executable, Debian's or one on PATH; undefined when there is none. */
export function findRedisServer(): string | undefined {
  const candidates = [
    DEBIAN_REDIS_SERVER,
    ...(process.env.PATH ?? '')
      .split(delimiter)
      .filter(Boolean)
      .map((dir) => join(dir, 'redis-server')),
  ];
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not there; try the next
    }
  }
  return undefined;
}

/**
 * The redis-server executable: Debian's, or one on PATH.
 *
 * @throws Error when there is none, saying how to install it.
 */
export function redisServerPath(): string {
  const found = findRedisServer();
  if (found !== undefined) return found;
  throw new Error(
    `redis-server is missing (looked at ${DEBIAN_REDIS_SERVER} and on PATH): install Debian's Redis (sudo apt-get install -y --no-install-recommends redis-server) to run the cluster tests`,
  );
}

/** A running redis-server. */
export interface RedisServer {
  /** redis://127.0.0.1:<port> */
  url: string;
  port: number;
  /** Stops the server (SIGTERM, then SIGKILL if it lingers) and removes its folder. */
  stop(): Promise<void>;
}

/**
 * Starts a redis-server on a free port of 127.0.0.1 with no persistence (`--save '' --appendonly
 * no`) and resolves once it answers PING. Another process may take the chosen port between the
 * check and the start: then it tries another port, a few times.
 *
 * @throws Error when redis-server is not installed (saying how to install it), or will not start.
 */
export async function startRedisServer(options: { port?: number } = {}): Promise<RedisServer> {
  const executable = redisServerPath();
  const failures: string[] = [];
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = options.port ?? (await freePort());
    const dir = mkdtempSync(join(tmpdir(), 'faultline-redis-'));
    const child = track(
      spawn(executable, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    let output = '';
    child.stdout!.setEncoding('utf8').on('data', (text: string) => (output += text));
    child.stderr!.setEncoding('utf8').on('data', (text: string) => (output += text));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const url = `redis://127.0.0.1:${port}`;
    if (await answersPing(url, child)) {
      return {
        url,
        port,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) {
            child.kill('SIGTERM');
            const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
            await exited;
            clearTimeout(timer);
          }
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    await killAndWait(child);
    rmSync(dir, { recursive: true, force: true });
    failures.push(`port ${port}: ${output.trim().split('\n').slice(-3).join(' | ') || 'no answer to PING'}`);
  }
  throw new Error(`redis-server would not start:\n${failures.join('\n')}`);
}

/**
 * The Redis server of the test run, for a test file: the one the test setup provided (it started
 * it, or it is FAULTLINE_TEST_REDIS), shared by the files of the run and left running when the
 * file ends (`stop` does nothing: the setup stops it after the run). Call it in a test or hook.
 * A file that must skip without Redis calls `needs('redis')` (test/setup/needs.ts) and passes
 * what it returned.
 *
 * @throws Error with the setup's reason when there is no server.
 */
export async function testRedisServer(provision: RedisProvision = inject('faultlineProvision').redis): Promise<RedisServer> {
  if (provision.status !== 'ready') throw new Error(provision.command ? `${provision.reason}; to run the cluster tests: ${provision.command}` : provision.reason);
  const { url } = provision;
  return { url, port: Number(new URL(url).port) || 6379, stop: async () => {} };
}

/** Whether the server at `url` answers PING within 10 s (false as soon as `child` exits). */
export async function answersPing(url: string, child?: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) return false;
    const client = new Redis(url, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    client.on('error', () => {});
    try {
      await client.connect();
      if ((await client.ping()) === 'PONG') return true;
    } catch {
      // not up yet
    } finally {
      client.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

/** How a CLI child process ended. */
export interface CliExit {
  status: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * A `faultline` command running as a child process (`node src/cli/bin.js …`): its output as
 * lines as they come, ways to wait for a line, and to kill or stop it.
 */
export class CliProcess {
  readonly stdoutLines: string[] = [];
  readonly stderrLines: string[] = [];
  /** Resolves when the process has exited and its output is read to the end. */
  readonly exited: Promise<CliExit>;
  private finished: CliExit | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly args: readonly string[],
    private readonly child: ChildProcess,
  ) {
    const collect = (stream: NodeJS.ReadableStream, lines: string[]) => {
      let partial = '';
      stream.setEncoding('utf8');
      stream.on('data', (text: string) => {
        const parts = (partial + text).split('\n');
        partial = parts.pop()!;
        lines.push(...parts);
        this.notify();
      });
      stream.on('end', () => {
        if (partial !== '') lines.push(partial);
        partial = '';
      });
    };
    collect(child.stdout!, this.stdoutLines);
    collect(child.stderr!, this.stderrLines);
    this.exited = new Promise((resolve) => {
      child.once('error', (error) => {
        this.stderrLines.push(`spawn failed: ${error.message}`);
        this.finished = { status: null, signal: null };
        this.notify();
        resolve(this.finished);
      });
      // 'close': the process has exited and its stdout and stderr are read to the end.
      child.once('close', (status, signal) => {
        this.finished = { status, signal };
        this.notify();
        resolve(this.finished);
      });
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Whether the process has exited (and its output is read). */
  get done(): boolean {
    return this.finished !== undefined;
  }

  /** Whether the process is still running (it may have exited with output still unread). */
  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get stdout(): string {
    return this.stdoutLines.join('\n');
  }

  get stderr(): string {
    return this.stderrLines.join('\n');
  }

  /** The command and everything it printed, for failure messages. */
  describe(): string {
    const ending = this.finished ? `exited with ${this.finished.status ?? this.finished.signal}` : 'still running';
    return `faultline ${this.args.join(' ')} (pid ${this.child.pid}, ${ending})\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`;
  }

  /**
   * Resolves with what `check` returns once it returns something other than undefined; `check`
   * runs now and after every piece of output. Rejects when the process exits first (after a last
   * check) or after `timeoutMs`, with the process's output in the message.
   */
  waitUntil<T>(check: () => T | undefined, what: string, timeoutMs = 60_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const finish = (error?: Error, value?: T) => {
        clearTimeout(timer);
        this.listeners.delete(listener);
        if (error) reject(error);
        else resolve(value as T);
      };
      const listener = () => {
        let value: T | undefined;
        try {
          value = check();
        } catch (error) {
          finish(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        if (value !== undefined) finish(undefined, value);
        else if (this.finished) finish(new Error(`gave up waiting for ${what}: the process ended first\n${this.describe()}`));
      };
      const timer = setTimeout(() => finish(new Error(`gave up waiting for ${what} after ${timeoutMs} ms\n${this.describe()}`)), timeoutMs);
      this.listeners.add(listener);
      listener();
    });
  }

  /** Resolves with the first line of stdout (or stderr) matching `pattern`; see `waitUntil`. */
  waitForLine(pattern: RegExp, options: { stream?: 'stdout' | 'stderr'; timeoutMs?: number } = {}): Promise<string> {
    const lines = options.stream === 'stderr' ? this.stderrLines : this.stdoutLines;
    return this.waitUntil(() => lines.find((line) => pattern.test(line)), `a line matching ${pattern} on ${options.stream ?? 'stdout'}`, options.timeoutMs);
  }

  /** SIGKILL: dies at once, holding whatever it held. Resolves when it has exited. */
  async kill(): Promise<CliExit> {
    if (this.alive) this.child.kill('SIGKILL');
    return this.exited;
  }

  /** SIGTERM, and waits for the exit; SIGKILL (and an error) if it has not exited after `timeoutMs`. */
  async stop(timeoutMs = 30_000): Promise<CliExit> {
    if (!this.alive) return this.exited;
    this.child.kill('SIGTERM');
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      this.child.kill('SIGKILL');
    }, timeoutMs);
    const exit = await this.exited;
    clearTimeout(timer);
    if (timedOut) throw new Error(`did not exit within ${timeoutMs} ms of SIGTERM\n${this.describe()}`);
    return exit;
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/**
 * Starts `node src/cli/bin.js …args` in the project root (or `cwd`), with its output collected
 * line by line. It is killed by `killAllProcesses()` if still running.
 */
export function startCli(args: readonly string[], options: { cwd?: string } = {}): CliProcess {
  const child = track(
    spawn(process.execPath, [CLI_BIN, ...args], {
      cwd: options.cwd ?? PROJECT_ROOT,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  return new CliProcess(args, child);
}

/** A `faultline worker` child process. */
export interface WorkerProcess extends CliProcess {
  /** `host:pid`, as the worker names itself in its log and in run.json. */
  readonly name: string;
}

/** Options of `startWorker`. */
export interface WorkerOptions {
  queue?: string;
  threads?: number;
  stallTimeoutMs?: number;
  /** Other flags. */
  extra?: readonly string[];
}

/**
 * Starts `faultline worker --redis URL --threads 1 …` and resolves once it has logged its first
 * line (it is then connected and taking jobs). `options` is either the options above or the
 * worker's other flags as they would be typed (`['--queue', 'q']`); `--threads 1` is added
 * unless they give `--threads`.
 */
export async function startWorker(url: string, options: WorkerOptions | readonly string[] = {}): Promise<WorkerProcess> {
  const flags: string[] = isFlagList(options)
    ? [...options]
    : [
        ...(options.threads !== undefined ? ['--threads', String(options.threads)] : []),
        ...(options.queue !== undefined ? ['--queue', options.queue] : []),
        ...(options.stallTimeoutMs !== undefined ? ['--stall-timeout', String(options.stallTimeoutMs)] : []),
        ...(options.extra ?? []),
      ];
  const threads = flags.some((flag) => flag === '--threads' || flag === '-t' || flag.startsWith('--threads=')) ? [] : ['--threads', '1'];
  const worker = startCli(['worker', '--redis', url, ...threads, ...flags]) as WorkerProcess;
  Object.defineProperty(worker, 'name', { value: `${hostname()}:${worker.pid}` });
  if (flags.includes('-q') || flags.includes('--quiet')) return worker; // it logs nothing to wait for
  await worker.waitForLine(/ faultline worker \S+ \(\S+\) taking chunks from queue /, { timeoutMs: 60_000 });
  return worker;
}

function isFlagList(options: WorkerOptions | readonly string[]): options is readonly string[] {
  return Array.isArray(options);
}

/** One line of a worker's log about a chunk. */
export interface ChunkLogLine {
  /** First and last trial, as numbers. */
  first: number;
  last: number;
  scenario: string;
  event: 'started' | 'done' | 'refused' | 'failed';
  /** What follows the event: the time of `done`, the message of `refused` and `failed`. */
  detail: string;
}

const CHUNK_LINE = /^\S+ trials ([\d,]+)–([\d,]+) of (.+?): (started|done|refused|failed)(?:(?: in |: )(.*))?$/;

/** The chunk lines of a worker's log, in order (other lines are skipped). */
export function chunkLines(lines: readonly string[]): ChunkLogLine[] {
  const parsed: ChunkLogLine[] = [];
  for (const line of lines) {
    const match = CHUNK_LINE.exec(line);
    if (!match) continue;
    parsed.push({
      first: Number(match[1]!.replaceAll(',', '')),
      last: Number(match[2]!.replaceAll(',', '')),
      scenario: match[3]!,
      event: match[4] as ChunkLogLine['event'],
      detail: match[5] ?? '',
    });
  }
  return parsed;
}

/** A chunk as `first–last`, for comparing the chunks in logs. */
export function chunkKey(line: { first: number; last: number }): string {
  return `${line.first}–${line.last}`;
}
