import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChunkRunner } from '../../src/run/open-chunk-runner.ts';
import { connectRedis } from '../../src/cluster/redis-connection.ts';
import { displayUrl, parseRedisFlag } from '../../src/cluster/redis-url.ts';
import type { InputIssue } from '../../src/errors.ts';
import { freePort, killAllProcesses, redisServerPath, startRedisServer, startWorker, type RedisServer } from '../helpers/redis-server.ts';
import { makeTempFolder, runCli } from '../helpers/run-cli.ts';
import { expectExit } from '../helpers/expect-exit.ts';

/**
 * The Redis URL of `--redis` (issue 14): its password never appears in a message, and a database
 * index the server does not have (or that is no index at all) is a usage error, exit 2, for the
 * worker and for run, batch and sweep, instead of a worker that logs errors for ever and a run
 * that waits for ever.
 *
 * Needs redis-server (Debian: apt-get install -y redis-server); it starts two of its own, one
 * with the default 16 databases and one with a password.
 */

const LOSS_EVENT = 'test/fixtures/scenarios/good/loss-event.yaml';
const root = makeTempFolder('faultline-redis-url');
let redis: RedisServer;

beforeAll(async () => {
  redis = await startRedisServer(); // its own: the default `databases 16`, whatever the shared server has
});

afterAll(async () => {
  await killAllProcesses();
  await redis?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** Resolves with what `command` did, or rejects when it has not finished within `ms` (a command that waits for ever). */
function within<T>(ms: number, command: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms)));
  return Promise.race([command, late]).finally(() => clearTimeout(timer));
}

describe('displayUrl', () => {
  it.each([
    ['redis://:secret@127.0.0.1:6379', 'redis://:***@127.0.0.1:6379'],
    ['redis://user:secret@redis-host', 'redis://user:***@redis-host'],
    ['rediss://user:s%40cret@redis-host:6380/2', 'rediss://user:***@redis-host:6380/2'],
    ['redis://redis-host:6379?password=secret&family=6', 'redis://redis-host:6379?password=***&family=6'],
    ['redis://127.0.0.1:6379', 'redis://127.0.0.1:6379'],
    ['not a url //user:secret@host', 'not a url //user:***@host'],
  ])('%s is shown as %s', (url, shown) => {
    expect(displayUrl(url)).toBe(shown);
  });
});

describe('parseRedisFlag', () => {
  const issuesOf = (value: string): InputIssue[] => {
    const issues: InputIssue[] = [];
    parseRedisFlag(value, issues);
    return issues;
  };

  it.each(['redis://127.0.0.1:6379', 'redis://127.0.0.1:6379/', 'redis://127.0.0.1:6379/0', 'redis://127.0.0.1:6379/99', 'redis://h?db=3'])(
    'accepts %s (the server is asked about the database when connecting)',
    (value) => {
      expect(issuesOf(value)).toEqual([]);
    },
  );

  it.each([
    ['redis://127.0.0.1:6379/abc', '"abc"'],
    ['redis://127.0.0.1:6379/-1', '"-1"'],
    ['redis://127.0.0.1:6379/1.5', '"1.5"'],
    ['redis://127.0.0.1:6379/1/2', '"1/2"'],
    ['redis://127.0.0.1:6379?db=x', '"x"'],
    ['redis://127.0.0.1:6379/99999999999', '"99999999999"'],
  ])('refuses the database of %s', (value, got) => {
    expect(issuesOf(value)).toEqual([{ path: '--redis', message: `expected a database index (a whole number from 0) after the port, such as redis://127.0.0.1:6379/0, got ${got} in ${value}` }]);
  });

  it('masks the password of a URL it refuses', () => {
    const messages = [...issuesOf('http://:secret@127.0.0.1:6379'), ...issuesOf('redis://:secret@127.0.0.1:6379/x')].map((issue) => issue.message);
    expect(messages).toHaveLength(2);
    for (const message of messages) {
      expect(message).not.toContain('secret');
      expect(message).toContain(':***@127.0.0.1:6379');
    }
  });
});

describe('a database index the server does not have', () => {
  const message = '--redis: expected a database index the server has (0–15), got 99';

  it('stops `faultline worker` at once with exit 2', async () => {
    const result = await within(20_000, runCli(['worker', '--redis', `${redis.url}/99`, '--threads', '1']), 'faultline worker --redis …/99');
    expectExit(result, 2);
    expect(result.stderr.trim()).toBe(message);
  });

  it.each([
    ['run', ['run', LOSS_EVENT, '--trials', '200']],
    ['batch', ['batch', LOSS_EVENT, '--trials', '200']],
    ['sweep', ['sweep', LOSS_EVENT, '--set', 'trials=200,300']],
  ])('stops `faultline %s --redis` with exit 2 before anything is written', async (command, args) => {
    const out = join(root, `no-database-${command}`);
    const result = await within(20_000, runCli([...args, '--no-charts', '--redis', `${redis.url}/99`, '--out', out]), `faultline ${command} --redis …/99`);
    expectExit(result, 2);
    expect(result.stderr.trim()).toBe(message);
    expect(existsSync(out)).toBe(false);
  });

  it('is a usage error at flag parsing when it is no index at all', async () => {
    const [worker, run] = await Promise.all([runCli(['worker', '--redis', `${redis.url}/-1`]), runCli(['run', LOSS_EVENT, '--redis', `${redis.url}/abc`, '--out', join(root, 'no-index')])]);
    expectExit(worker, 2);
    expectExit(run, 2);
    expect(worker.stderr).toContain('--redis: expected a database index (a whole number from 0) after the port, such as redis://127.0.0.1:6379/0, got "-1"');
    expect(run.stderr).toContain('--redis: expected a database index (a whole number from 0) after the port, such as redis://127.0.0.1:6379/0, got "abc"');
    expect(existsSync(join(root, 'no-index'))).toBe(false);
  });

  it('a database the server has is the one the connection uses', async () => {
    const client = await connectRedis(`${redis.url}/3`);
    const check = new Redis(`${redis.url}/3`);
    try {
      await client.set('faultline:test:redis-url', 'in 3');
      expect(await check.get('faultline:test:redis-url')).toBe('in 3');
    } finally {
      await check.del('faultline:test:redis-url');
      await Promise.all([client.quit(), check.quit()]);
    }
  });
});

describe('a Redis URL with a password', () => {
  const password = 'pa55-secret';
  let server: ChildProcess;
  let port: number;
  let dir: string;

  beforeAll(async () => {
    port = await freePort();
    dir = mkdtempSync(join(tmpdir(), 'faultline-redis-auth-'));
    server = spawn(redisServerPath(), ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--requirepass', password], { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    for (;;) {
      const client = new Redis(port, '127.0.0.1', { password, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
      client.on('error', () => {});
      const up = await client
        .connect()
        .then(
          () => client.ping(),
          () => undefined,
        )
        .catch(() => undefined);
      client.disconnect();
      if (up === 'PONG') break;
      if (Date.now() > deadline) throw new Error(`redis-server --requirepass did not answer on port ${port}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  afterAll(() => {
    server?.kill('SIGKILL');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['no user', (p: number) => `redis://:${password}@127.0.0.1:${p}`, (p: number) => `redis://:***@127.0.0.1:${p}`],
    ['a user', (p: number) => `redis://default:${password}@127.0.0.1:${p}`, (p: number) => `redis://default:***@127.0.0.1:${p}`],
  ])('with %s, is masked in the hint that no worker is connected', async (_, url, shown) => {
    const lines: string[] = [];
    const { close } = await openChunkRunner({ url: url(port), queue: 'redacted', reconnectSeconds: 30 }, 1, (line) => lines.push(line));
    await close();
    expect(lines).toEqual([
      `no faultline worker is connected to queue redacted at ${shown(port)} yet; the run waits for one (start it with: faultline worker --redis ${shown(port)} --queue redacted)`,
    ]);
  });

  it("is masked in the worker's log", async () => {
    const worker = await startWorker(`redis://:${password}@127.0.0.1:${port}`, { queue: 'redacted' });
    await worker.kill();
    expect(worker.stdout).toContain(`at redis://:***@127.0.0.1:${port} on 1 thread`);
    expect(worker.stdout + worker.stderr).not.toContain(password);
  });

  it('is masked when Redis cannot be reached', async () => {
    const unused = await freePort();
    const [run, worker] = await Promise.all([
      runCli(['run', LOSS_EVENT, '--trials', '200', '--redis', `redis://:${password}@127.0.0.1:${unused}`, '--out', join(root, 'unreachable')]),
      runCli(['worker', '--redis', `redis://user:${password}@127.0.0.1:${unused}`]),
    ]);
    expectExit(run, 1);
    expectExit(worker, 1);
    expect(run.stderr).toMatch(new RegExp(`^faultline: cannot reach Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${unused}: `));
    expect(worker.stderr).toMatch(new RegExp(`^faultline: cannot reach Redis at redis://user:\\*\\*\\*@127\\.0\\.0\\.1:${unused}: `));
    expect(run.stderr + worker.stderr).not.toContain(password);
  });
});
