import type { Config } from '../../config.ts';
import { storeCoverage } from '../../queue/store-coverage.ts';
import type { CliServices } from './open-services.ts';
import type { WaitOptions } from './wait-for-batch.ts';

/**
 * How `batch --wait` and `retry --wait` watch: with the workers registered in Redis for this
 * store (so that a batch no worker will take is named as such), and the person's --timeout.
 */
export async function watchOptions(
  services: CliServices,
  config: Pick<Config, 'queuePrefix'>,
  options: { timeoutSeconds?: number; since: Date },
): Promise<WaitOptions> {
  const own = { storeId: await services.store.storeId(), location: services.store.location };
  const redis = services.redis;
  return {
    since: options.since,
    prefix: config.queuePrefix,
    ...(options.timeoutSeconds !== undefined ? { timeoutMs: options.timeoutSeconds * 1000 } : {}),
    ...(redis ? { coverage: () => storeCoverage(redis, config.queuePrefix, own) } : {}),
  };
}
