import { Redis } from 'ioredis';
import { SimulationError, type InputIssue } from '../errors.ts';

/** Checks a `--redis` flag: a redis:// or rediss:// URL. */
export function parseRedisFlag(value: string | undefined, issues: InputIssue[]): string | undefined {
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'redis:' && url.protocol !== 'rediss:') || url.hostname === '') {
    issues.push({ path: '--redis', message: `expected a Redis URL such as redis://127.0.0.1:6379, got ${JSON.stringify(value)}` });
    return undefined;
  }
  return value;
}

/** A queue name: what BullMQ accepts in a key (no colon), non-empty. */
export function parseQueueFlag(value: string | undefined, issues: InputIssue[]): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[A-Za-z0-9._-]+$/.test(value)) issues.push({ path: '--queue', message: `expected letters, digits, '.', '_' or '-', got ${JSON.stringify(value)}` });
  return value;
}

/** The URL with any password masked, for messages. */
export function displayUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/**
 * Connects to Redis for BullMQ (commands wait through reconnections, as BullMQ requires), after
 * checking once, within `timeoutMs`, that the server answers. With `reconnectForMs` the client
 * stops reconnecting after about that long without the server and emits 'end'; without it, it
 * tries for ever (a worker waiting for Redis to come back).
 *
 * @throws SimulationError "cannot reach Redis at …" when it does not.
 */
export async function connectRedis(url: string, options: { timeoutMs?: number; reconnectForMs?: number } = {}): Promise<Redis> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  let cause: unknown; // the socket's error (ECONNREFUSED …); connect() itself rejects with "Connection is closed."
  probe.on('error', (error) => (cause ??= error));
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    throw new SimulationError(`cannot reach Redis at ${displayUrl(url)}: ${describeRedisError(cause ?? error)}`);
  } finally {
    // A probe that never connected has nothing to close (disconnect() would arm a 2 s timer on its dead socket).
    if (probe.status !== 'end') probe.disconnect();
  }
  const { reconnectForMs } = options;
  const client = new Redis(url, {
    maxRetriesPerRequest: null,
    // ioredis waits min(50·n, 2000) ms before its n-th attempt; give up once that adds up to reconnectForMs.
    retryStrategy: (times) => (reconnectForMs !== undefined && retryWait(times) >= reconnectForMs ? null : Math.min(times * 50, 2_000)),
  });
  client.on('error', () => {}); // reconnections are ioredis's; a command that cannot complete fails where it is awaited
  return client;
}

/** Milliseconds of waiting before the n-th reconnection attempt, in all. */
function retryWait(times: number): number {
  let total = 0;
  for (let n = 1; n <= times; n++) total += Math.min(n * 50, 2_000);
  return total;
}

function describeRedisError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describeRedisError(error.errors[0]);
  const failure = error instanceof Error ? error : new Error(String(error));
  const code = (failure as Error & { code?: string }).code;
  return code && !failure.message.includes(code) ? `${code}: ${failure.message}` : failure.message || code || 'no answer';
}
