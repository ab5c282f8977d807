import { Redis } from 'ioredis';
import { SimulationError, UsageError } from '../errors.ts';
import { displayUrl, redisDatabase } from './redis-url.ts';

/**
 * Connects to Redis for BullMQ (commands wait through reconnections, as BullMQ requires), after
 * checking once, within `timeoutMs`, that the server answers and has the database the URL names.
 * With `reconnectForMs` the client stops reconnecting after about that long without the server and
 * emits 'end'; without it, it tries for ever (a worker waiting for Redis to come back).
 *
 * @throws SimulationError "cannot reach Redis at …" when it does not answer.
 * @throws UsageError (`--redis`) when the server has no such database: ioredis would only report
 * it as an error event and go on, on database 0 or on nothing, for ever.
 */
export async function connectRedis(url: string, options: { timeoutMs?: number; reconnectForMs?: number } = {}): Promise<Redis> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const database = redisDatabase(url);
  // The probe selects the database itself, where the failure can be awaited (the URL's index wins over ioredis options).
  const probe = new Redis(withoutDatabase(url), { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  let cause: unknown; // the socket's error (ECONNREFUSED …); connect() itself rejects with "Connection is closed."
  probe.on('error', (error) => (cause ??= error));
  try {
    try {
      await probe.connect();
      await probe.ping();
    } catch (error) {
      throw new SimulationError(`cannot reach Redis at ${displayUrl(url)}: ${describeRedisError(cause ?? error)}`);
    }
    if (database !== 0) await selectDatabase(probe, database);
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

/** Selects `database` on a connected client, or throws the usage error of a server without it. */
async function selectDatabase(client: Redis, database: number): Promise<void> {
  try {
    await client.select(database);
  } catch (error) {
    // The server's `databases` setting, when it tells (a managed Redis may refuse CONFIG).
    const reply = (await client.config('GET', 'databases').catch(() => [])) as string[];
    const count = Number(reply[1]);
    const range = Number.isInteger(count) && count > 0 ? ` (0–${count - 1})` : '';
    const reason = range ? '' : ` (${describeRedisError(error)})`;
    throw new UsageError([{ path: '--redis', message: `expected a database index the server has${range}, got ${database}${reason}` }]);
  }
}

/** The URL without its database index: the probe selects it itself. */
function withoutDatabase(url: string): string {
  const parsed = new URL(url);
  parsed.pathname = '';
  parsed.searchParams.delete('db');
  return parsed.toString();
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
