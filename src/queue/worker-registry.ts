import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { QueueName } from './jobs.ts';

/**
 * Which store each running worker serves, kept in Redis beside the queues. A producer can only
 * see jobs sitting in `queued`; whether anyone will ever take them depends on workers that share
 * its Redis prefix *and* its store. So each worker process keeps a key of its own alive (a
 * heartbeat with a time to live: a killed worker drops out by itself), and `status` and
 * `batch --wait` read them to say "no worker serves this store" instead of waiting in silence.
 */

export type WorkerPresence = {
  storeId: string;
  /** The worker's store, for messages (Store.location). */
  location: string;
  queues: readonly QueueName[];
  host: string;
  pid: number;
  startedAt: string;
};

/** A key outlives three missed beats: a busy event loop (OCR on the main thread) delays one, not three. */
export const HEARTBEAT_MS = 10_000;
const TTL_MS = 3 * HEARTBEAT_MS;

const workersPattern = (prefix: string) => `${prefix}:workers:*`;

export type WorkerRegistration = { stop(): Promise<void> };

/**
 * Registers this process and beats until stopped. Beats go over the fail-fast connection: during
 * a Redis outage one fails and the next tries again, and the key simply expires meanwhile.
 */
export async function registerWorker(
  redis: Redis,
  prefix: string,
  presence: Omit<WorkerPresence, 'host' | 'pid' | 'startedAt'>,
): Promise<WorkerRegistration> {
  const record: WorkerPresence = { ...presence, host: hostname(), pid: process.pid, startedAt: new Date().toISOString() };
  const key = `${prefix}:workers:${presence.storeId}:${record.host}:${record.pid}:${randomBytes(3).toString('hex')}`;
  const beat = () => redis.set(key, JSON.stringify(record), 'PX', TTL_MS);
  await beat();
  const timer = setInterval(() => void beat().catch(() => undefined), HEARTBEAT_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await redis.del(key).catch(() => undefined);
    },
  };
}

/** Every worker alive on this Redis prefix, whatever its store. */
export async function liveWorkers(redis: Redis, prefix: string): Promise<WorkerPresence[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', workersPattern(prefix), 'COUNT', 500);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  if (keys.length === 0) return [];
  const values = await redis.mget(...keys);
  return values.flatMap((value) => {
    if (value === null) return []; // expired between SCAN and MGET
    try {
      return [JSON.parse(value) as WorkerPresence];
    } catch {
      return [];
    }
  });
}
