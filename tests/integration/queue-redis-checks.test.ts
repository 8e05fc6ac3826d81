import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueueTestEnv, type QueueTestEnv } from './helpers/queue-env.ts';
import { runTermlens, spawnWorker } from './helpers/queue-processes.ts';
import { freePort, startTestRedis, type TestRedis } from './helpers/queue-redis.ts';

/** What termlens says about the Redis it is pointed at, before it adds or takes any job. */
describe('Redis checks at start', () => {
  let evicting: TestRedis;
  let plain: TestRedis;
  let t: QueueTestEnv;

  beforeAll(async () => {
    evicting = await startTestRedis({ maxmemoryPolicy: 'allkeys-lru' });
    plain = await startTestRedis();
    t = await createQueueTestEnv(plain);
  });

  afterAll(async () => {
    await evicting?.dispose();
    await plain?.dispose();
    await t?.dispose();
  });

  it('refuses a Redis that evicts keys, saying how to fix it (worker and batch)', async () => {
    const env = { ...t.env, REDIS_URL: evicting.url };
    const worker = spawnWorker(env);
    const exit = await worker.exited;
    expect(exit.code).toBe(2);
    expect(worker.output()).toMatch(/config error REDIS_EVICTION_POLICY: .*maxmemory-policy allkeys-lru/);
    expect(worker.output()).toContain(`redis-cli -u ${evicting.url} config set maxmemory-policy noeviction`);

    const batch = await runTermlens(['batch', t.workDir], env);
    expect(batch.code).toBe(2);
    expect(batch.stderr).toMatch(/REDIS_EVICTION_POLICY/);
  });

  it('warns when persistence is off, and runs', async () => {
    const worker = spawnWorker(t.env);
    await worker.waitForOutput(/started:/);
    expect(worker.output()).toMatch(/"level":40,.*"msg":"Redis at .* has persistence off/);
    const exit = await worker.stop('SIGTERM');
    expect(exit, worker.output()).toEqual({ code: 0, signal: null });
  });

  it('a producer fails fast with a clear error when Redis is down', async () => {
    const env = { ...t.env, REDIS_URL: `redis://127.0.0.1:${await freePort()}` };
    const batch = await runTermlens(['batch', t.workDir], env, { timeoutMs: 30_000 });
    expect(batch.code).toBe(2);
    expect(batch.stderr).toMatch(/dependency error REDIS_UNAVAILABLE: cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+ \(.*ECONNREFUSED.*\); start Redis/);
    // The connect timeout is 2 s in tests; process start-up is the rest.
    expect(batch.ms).toBeLessThan(15_000);
  });
});
