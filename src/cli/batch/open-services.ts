import type { Redis } from 'ioredis';
import type { Config } from '../../config.ts';
import { JobProducer } from '../../queue/producer.ts';
import { openQueues, type PipelineQueues } from '../../queue/queues.ts';
import { checkRedisServer } from '../../queue/redis-checks.ts';
import { closeRedis, connectRedis } from '../../queue/redis-connection.ts';
import type { BlobStore } from '../../store/blob-store.ts';
import { openBlobStore } from '../../store/open-blob-store.ts';
import { openStore } from '../../store/open-store.ts';
import type { Store } from '../../store/store.ts';

export type CliServices = {
  store: Store;
  blobs: BlobStore;
  /** Only when opened with `redis: true`. */
  queues?: PipelineQueues;
  /** The connection under `queues`, for what the CLI reads beside them (which workers run). */
  redis?: Redis;
  producer?: JobProducer;
  close(): Promise<void>;
};

const warn = (message: string) => process.stderr.write(`termlens: warning: ${message}\n`);

/**
 * The store, and Redis when the command adds jobs. Redis is reached first and fails fast: a
 * person running `batch` against a stopped Redis gets a clear error in seconds, before a single
 * file is stored.
 */
export async function openCliServices(config: Config, options: { redis: boolean }): Promise<CliServices> {
  let redis: Redis | undefined;
  if (options.redis) {
    redis = await connectRedis('cli', { url: config.redisUrl, connectTimeoutMs: config.redisConnectTimeoutMs });
    try {
      await checkRedisServer(redis, config.redisUrl, warn);
    } catch (error) {
      await closeRedis(redis);
      throw error;
    }
  }
  let store: Store;
  try {
    store = await openStore(config);
  } catch (error) {
    if (redis) await closeRedis(redis);
    throw error;
  }
  const queues = redis ? openQueues(redis, config) : undefined;
  const producer = queues ? new JobProducer(queues, await store.storeId()) : undefined;
  const blobs = await openBlobStore(config.blobStore);
  return {
    store,
    blobs,
    ...(queues && producer && redis ? { queues, producer, redis } : {}),
    async close() {
      await queues?.close();
      if (redis) await closeRedis(redis);
      await store.close();
      blobs.close();
    },
  };
}

/** For commands that need the producer: narrows the optional fields. */
export function requireProducer(services: CliServices): JobProducer {
  if (!services.producer) throw new Error('services were opened without Redis');
  return services.producer;
}
