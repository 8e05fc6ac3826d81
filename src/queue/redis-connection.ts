import { Redis, type RedisOptions } from 'ioredis';
import { DependencyError } from '../errors.ts';

/**
 * Three kinds of Redis connection, because they must behave differently when Redis is away:
 *
 * - `worker`: BullMQ workers block on Redis and must ride out a restart, so commands wait
 *   (offline queue, `maxRetriesPerRequest: null`, which BullMQ requires) and reconnection never
 *   gives up.
 * - `service`: long-lived helpers beside the workers (the reconciler) reconnect forever too,
 *   but a command fails at once while Redis is away, so a pass gives up and the next one tries.
 * - `cli`: a producer run by a person fails fast with a clear error instead of hanging.
 */
export type RedisRole = 'worker' | 'service' | 'cli';

export type RedisTarget = { url: string; connectTimeoutMs: number };

/** The URL without its password, for messages and logs. */
export function displayRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable REDIS_URL)';
  }
}

function optionsFor(role: RedisRole, target: RedisTarget): RedisOptions {
  const reconnectForever = (times: number) => Math.min(250 * 2 ** Math.min(times, 5), 5_000);
  switch (role) {
    case 'worker':
      return {
        lazyConnect: true,
        connectTimeout: target.connectTimeoutMs,
        maxRetriesPerRequest: null,
        enableOfflineQueue: true,
        retryStrategy: reconnectForever,
      };
    case 'service':
      return {
        lazyConnect: true,
        connectTimeout: target.connectTimeoutMs,
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        retryStrategy: reconnectForever,
      };
    case 'cli':
      return {
        lazyConnect: true,
        connectTimeout: target.connectTimeoutMs,
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        // A few quick tries cover a blip; after that the command fails and says why.
        retryStrategy: (times) => (times > 3 ? null : 200 * times),
      };
  }
}

/**
 * Connects and pings within the connect timeout; a Redis that is down or unreachable becomes
 * a DependencyError naming the URL, never a hang.
 */
export async function connectRedis(role: RedisRole, target: RedisTarget): Promise<Redis> {
  const client = new Redis(target.url, optionsFor(role, target));
  // Without a listener ioredis reports every failed reconnect as an unhandled 'error'.
  let lastError: Error | undefined;
  client.on('error', (error: Error) => {
    lastError = error;
  });
  const where = displayRedisUrl(target.url);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect().then(() => client.ping()),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(lastError ?? new Error(`no answer within ${target.connectTimeoutMs} ms`)),
          target.connectTimeoutMs,
        );
      }),
    ]);
  } catch (error) {
    client.disconnect();
    // "Connection is closed" only says that ioredis gave up; the socket error says why.
    const cause = lastError ?? error;
    const reason = cause instanceof Error ? cause.message || cause.name : String(cause);
    throw new DependencyError(
      'REDIS_UNAVAILABLE',
      `cannot reach Redis at ${where} (${reason}); start Redis or point REDIS_URL at a running one`,
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
  }
  return client;
}

/** Closes politely when Redis answers, at once when it does not. */
export async function closeRedis(client: Redis, timeoutMs = 2_000): Promise<void> {
  if (client.status === 'end') return;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.quit().catch(() => undefined),
      new Promise((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}
