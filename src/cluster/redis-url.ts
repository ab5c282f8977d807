/**
 * Redis URLs as the `--redis` and `--queue` flags take them, and as messages show them: no Redis
 * client here, so a command without `--redis` never loads ioredis or BullMQ.
 */
import type { InputIssue } from '../errors.ts';

/** The queue `faultline worker` and `faultline run --redis` use unless `--queue` names another. */
export const DEFAULT_QUEUE = 'faultline';

/** Seconds a run waits for a lost Redis connection to come back before it fails, unless `--redis-wait` says otherwise. */
export const DEFAULT_REDIS_WAIT_SECONDS = 30;

/** The largest database index a Redis server can have (its `databases` setting is an int). */
const MAX_DATABASE = 2_147_483_647;

/**
 * Checks a `--redis` flag: a redis:// or rediss:// URL, whose database index, if it names one
 * (`redis://host:6379/2`, or `?db=2`), is a whole number. Whether the server has that database
 * is checked when connecting (`connectRedis`).
 */
export function parseRedisFlag(value: string | undefined, issues: InputIssue[]): string | undefined {
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'redis:' && url.protocol !== 'rediss:') || url.hostname === '') {
    issues.push({ path: '--redis', message: `expected a Redis URL such as redis://127.0.0.1:6379, got ${JSON.stringify(displayUrl(value))}` });
    return undefined;
  }
  const database = databaseText(url);
  if (database !== undefined && !(/^\d+$/.test(database) && Number(database) <= MAX_DATABASE)) {
    issues.push({
      path: '--redis',
      message: `expected a database index (a whole number from 0) after the port, such as redis://127.0.0.1:6379/0, got ${JSON.stringify(database)} in ${displayUrl(value)}`,
    });
    return undefined;
  }
  return value;
}

/** The database a Redis URL names, as ioredis reads it: the path after the port, else the `db` parameter; 0 when neither. */
export function redisDatabase(url: string): number {
  return Number(databaseText(new URL(url)) ?? 0);
}

/** The text of a URL's database index, where ioredis looks for it; undefined when it names none. */
function databaseText(url: URL): string | undefined {
  if (url.pathname !== '' && url.pathname !== '/') return url.pathname.slice(1);
  return url.searchParams.get('db') ?? undefined;
}

/** A queue name: what BullMQ accepts in a key (no colon), non-empty. */
export function parseQueueFlag(value: string | undefined, issues: InputIssue[]): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[A-Za-z0-9._-]+$/.test(value)) issues.push({ path: '--queue', message: `expected letters, digits, '.', '_' or '-', got ${JSON.stringify(value)}` });
  return value;
}

/**
 * A Redis URL for messages, with its password masked: `redis://:***@host:6379`,
 * `redis://user:***@host`, a `password` parameter as `password=***`. Text that is not a URL has
 * whatever stands between `:` and `@` after `//` masked.
 */
export function displayUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.replace(/(\/\/[^/@]*?:)[^/@]*@/, '$1***@');
  }
  if (parsed.password) parsed.password = '***';
  if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
  return parsed.toString();
}
