import type { Redis } from 'ioredis';
import { ConfigError } from '../errors.ts';
import { storeRefusals, type StoreRefusal } from './store-mismatch.ts';
import { liveWorkers, type WorkerPresence } from './worker-registry.ts';

/**
 * Whether anyone will take this store's jobs: the live workers on the Redis prefix that serve
 * this store, those that serve another, and the refusals (STORE_MISMATCH) other stores' workers
 * recorded against this store's jobs. What `status` and `batch --wait` tell a person whose
 * batch sits at "queued".
 */
export type StoreCoverage = {
  storeId: string;
  location: string;
  serving: WorkerPresence[];
  others: WorkerPresence[];
  refusals: StoreRefusal[];
};

export async function storeCoverage(redis: Redis, prefix: string, store: { storeId: string; location: string }): Promise<StoreCoverage> {
  const [workers, refusals] = await Promise.all([liveWorkers(redis, prefix), storeRefusals(redis, prefix, store.storeId)]);
  const serving = workers.filter((w) => w.storeId === store.storeId);
  // A refusal from before this store's newest worker started is history (the deployment was
  // fixed since); a worker of another store still running refuses again, and shows anew.
  const newestStart = serving.map((w) => w.startedAt).sort().at(-1) ?? ''; // ISO times sort as they happened
  return {
    ...store,
    serving,
    others: workers.filter((w) => w.storeId !== store.storeId),
    refusals: refusals.filter((r) => r.at > newestStart),
  };
}

const describeStores = (workers: readonly { storeId: string; location: string }[]) =>
  [...new Map(workers.map((w) => [w.storeId, `${w.storeId} (${w.location})`])).values()].join(', ');

/** One sentence for a person; undefined when a worker serves this store and none refused its jobs. */
export function describeCoverage(c: StoreCoverage, prefix: string): string | undefined {
  const here = `this store is ${c.storeId} (${c.location})`;
  if (c.refusals.length > 0) {
    const stores = describeStores(c.refusals.map((r) => ({ storeId: r.workerStoreId, location: r.workerLocation })));
    return `STORE_MISMATCH: workers of another store refused this store's jobs (latest ${c.refusals[0]!.at}): ${stores}; ${here}`;
  }
  if (c.serving.length > 0) return undefined;
  if (c.others.length === 0) return `no worker is running on Redis prefix ${prefix}; start \`termlens worker\` (${here})`;
  return (
    `no worker serves this store: ${c.others.length} worker(s) on Redis prefix ${prefix} serve ${describeStores(c.others)}; ` +
    `${here}; give the workers the same DATABASE_URL (or TERMLENS_DATA_DIR)`
  );
}

/** Refusals recorded since `since` mean this run's jobs were turned away: waiting cannot help. */
export function refusedSince(c: StoreCoverage, since: Date): ConfigError | undefined {
  const recent = c.refusals.filter((r) => r.at >= since.toISOString());
  if (recent.length === 0) return undefined;
  const stores = describeStores(recent.map((r) => ({ storeId: r.workerStoreId, location: r.workerLocation })));
  return new ConfigError(
    'STORE_MISMATCH',
    `workers of another store (${stores}) refused this batch's jobs; this store is ${c.storeId} (${c.location}). ` +
      'Start the workers with the same DATABASE_URL (or TERMLENS_DATA_DIR) as this command, then run it again to resume',
  );
}
