import { hostname } from 'node:os';
import { UnrecoverableError } from 'bullmq';
import type { Redis } from 'ioredis';
import { ConfigError } from '../errors.ts';

/**
 * A job whose producer wrote to another store than this worker's. Retrying cannot help (the
 * document is not in this database, and never will be), so the job fails at once, and the
 * refusal is recorded in Redis under the producer's store id, where `batch --wait` and `status`
 * of that store find it and say so.
 */

export type OwnStore = { storeId: string; location: string };

export type StoreRefusal = { workerStoreId: string; workerLocation: string; host: string; pid: number; at: string; jobId: string };

/** Refusals are a diagnosis for people, not a log: a day is enough to be seen. */
const REFUSAL_TTL_S = 24 * 3600;
const refusalsKey = (prefix: string, storeId: string) => `${prefix}:store-refusals:${storeId}`;

export function storeMismatchError(jobStoreId: string, own: OwnStore): ConfigError {
  return new ConfigError(
    'STORE_MISMATCH',
    `the job was queued for store ${jobStoreId}, but this worker uses store ${own.storeId} (${own.location}); ` +
      'producer and workers sharing a Redis prefix need the same DATABASE_URL (or the same TERMLENS_DATA_DIR)',
  );
}

/**
 * Throws UnrecoverableError (STORE_MISMATCH: …) for a job of another store, after recording the
 * refusal. A job without a store id (queued before store ids existed) is taken as ours.
 */
export async function refuseForeignJob(
  job: { id?: string | undefined; data: unknown },
  own: OwnStore,
  redis: Redis,
  prefix: string,
): Promise<void> {
  // Read before the payload is parsed (malformed data is parseJobData's to report).
  const data = job.data;
  const jobStoreId = typeof data === 'object' && data !== null && 'storeId' in data ? data.storeId : undefined;
  if (typeof jobStoreId !== 'string' || jobStoreId === own.storeId) return;
  const error = storeMismatchError(jobStoreId, own);
  const refusal: StoreRefusal = {
    workerStoreId: own.storeId,
    workerLocation: own.location,
    host: hostname(),
    pid: process.pid,
    at: new Date().toISOString(),
    jobId: job.id ?? '?',
  };
  const key = refusalsKey(prefix, jobStoreId);
  // Best effort: the job fails either way, and its failure reason says the same.
  await redis
    .multi()
    .hset(key, own.storeId, JSON.stringify(refusal))
    .expire(key, REFUSAL_TTL_S)
    .exec()
    .catch(() => undefined);
  throw new UnrecoverableError(`${error.code}: ${error.message}`);
}

/** Workers of other stores that refused this store's jobs, latest first. */
export async function storeRefusals(redis: Redis, prefix: string, storeId: string): Promise<StoreRefusal[]> {
  const all = await redis.hvals(refusalsKey(prefix, storeId));
  return all
    .flatMap((value) => {
      try {
        return [JSON.parse(value) as StoreRefusal];
      } catch {
        return [];
      }
    })
    .sort((a, b) => (a.at < b.at ? 1 : -1));
}
