import { Redis } from 'ioredis';
import { expect, it } from 'vitest';
import { testRedisServer } from '../helpers/redis-server.ts';
import { needs } from './needs.ts';

/**
 * The Redis server the test setup provides (test/setup/provision.ts): it answers, keeps nothing
 * on disk, and is the one of the whole run (testRedisServer() hands out the same URL and its
 * `stop` leaves it running). Skipped, like the cluster tests, where there is none.
 */

const provided = needs('redis');

it('answers on 127.0.0.1 and keeps nothing on disk', async () => {
  if (provided.status !== 'ready') throw new Error('unreachable: skipped without Redis');
  const server = await testRedisServer(provided);
  expect(server.url).toBe(provided.url);
  const client = new Redis(server.url, { maxRetriesPerRequest: 1 });
  try {
    expect(await client.ping()).toBe('PONG');
    if (!provided.external) {
      expect(new URL(server.url).hostname).toBe('127.0.0.1');
      expect(await client.config('GET', 'save')).toEqual(['save', '']);
      expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'no']);
    }
    await server.stop();
    expect(await client.ping(), 'stop() of a test file leaves the run’s server running').toBe('PONG');
  } finally {
    client.disconnect();
  }
});
