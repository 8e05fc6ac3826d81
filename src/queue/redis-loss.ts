import type { Redis } from 'ioredis';

/**
 * Noticing that Redis lost the queues (FLUSHALL, a restart without persistence, a fail-over to
 * an empty replica) at once, instead of waiting for the reconciler's age cut-off (five minutes
 * by default) to find the items whose jobs vanished. A marker key holds the run id of the Redis
 * server that last saw it: the key gone means the data went; a different run id means the
 * server restarted, and whatever it reloaded may be behind what the database says.
 *
 * The check and the update of the marker are one script, so of all the workers polling, one
 * sees the change and runs the recovery pass; the others see the marker already updated.
 */
export type RedisLoss = 'marker-gone' | 'server-restarted';

const CHECK_AND_MARK = `
local seen = redis.call('GET', KEYS[1])
if seen == ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
if seen then return 1 end
return 2`;

export function markerKey(prefix: string): string {
  return `${prefix}:reconciler:redis-run-id`;
}

export async function redisRunId(redis: Redis): Promise<string> {
  const info = await redis.info('server');
  const line = info.split(/\r?\n/).find((l) => l.startsWith('run_id:'));
  // A Redis-compatible server without run_id (some proxies) still gets the marker check.
  return line?.slice('run_id:'.length).trim() || 'unknown';
}

/** undefined when nothing changed since the last check, by any process. */
export async function checkRedisLoss(redis: Redis, prefix: string): Promise<RedisLoss | undefined> {
  const runId = await redisRunId(redis);
  const result = Number(await redis.eval(CHECK_AND_MARK, 1, markerKey(prefix), runId));
  if (result === 1) return 'server-restarted';
  if (result === 2) return 'marker-gone';
  return undefined;
}
