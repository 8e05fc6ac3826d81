import type { Redis } from 'ioredis';
import { ConfigError } from '../errors.ts';
import { displayRedisUrl } from './redis-connection.ts';

/**
 * Checks run before any job is added or taken. An evicting Redis silently drops job keys
 * under memory pressure (a batch item then "never finishes" with no error anywhere), so it is
 * refused. Persistence off is only a warning: the database is the record and the reconciler
 * re-enqueues what a restart lost, but recovery then waits for the reconciler.
 */

export type RedisServerFacts = { maxmemoryPolicy: string | undefined; persistent: boolean | undefined };

function infoField(info: string, field: string): string | undefined {
  const line = info.split(/\r?\n/).find((l) => l.startsWith(`${field}:`));
  return line?.slice(field.length + 1).trim();
}

async function configGet(client: Redis, key: string): Promise<string | undefined> {
  try {
    const reply = (await client.call('CONFIG', 'GET', key)) as string[];
    return reply[1];
  } catch {
    // Managed Redis services often disable CONFIG; INFO is the fallback.
    return undefined;
  }
}

export async function readRedisServerFacts(client: Redis): Promise<RedisServerFacts> {
  const memory = await client.info('memory');
  const persistence = await client.info('persistence');
  const maxmemoryPolicy = (await configGet(client, 'maxmemory-policy')) ?? infoField(memory, 'maxmemory_policy');
  const aof = infoField(persistence, 'aof_enabled');
  const save = await configGet(client, 'save');
  const persistent = aof === '1' ? true : save === undefined ? undefined : save.trim() !== '';
  return { maxmemoryPolicy, persistent };
}

export async function checkRedisServer(
  client: Redis,
  url: string,
  warn: (message: string) => void,
): Promise<RedisServerFacts> {
  const facts = await readRedisServerFacts(client);
  const where = displayRedisUrl(url);
  if (facts.maxmemoryPolicy !== undefined && facts.maxmemoryPolicy !== 'noeviction') {
    throw new ConfigError(
      'REDIS_EVICTION_POLICY',
      `Redis at ${where} has maxmemory-policy ${facts.maxmemoryPolicy}; termlens needs noeviction, ` +
        `or Redis may silently drop queued jobs when memory runs short.\n` +
        `  Fix it now:      redis-cli -u ${where} config set maxmemory-policy noeviction\n` +
        `  and keep it:     put "maxmemory-policy noeviction" in redis.conf (docker-compose.yml does this)`,
    );
  }
  if (facts.persistent === false) {
    warn(
      `Redis at ${where} has persistence off (appendonly no, no save points): a Redis restart loses the ` +
        `queues. Nothing is lost for good (the database is the record and the reconciler re-enqueues ` +
        `unfinished items), but recovery waits for the reconciler. Set "appendonly yes" to avoid that.`,
    );
  }
  return facts;
}
