import { randomBytes } from 'node:crypto';
import { UnrecoverableError } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCoverage, refusedSince, storeCoverage } from '../../src/queue/store-coverage.ts';
import { refuseForeignJob } from '../../src/queue/store-mismatch.ts';
import { liveWorkers, registerWorker } from '../../src/queue/worker-registry.ts';
import { startTestRedis, type TestRedis } from './helpers/queue-redis.ts';

/**
 * The Redis side of "which store does each worker serve", on a real Redis with a prefix of this
 * run's own: registrations, refusals, and the sentence a person reads from them.
 */
describe('worker registry and store coverage', () => {
  let server: TestRedis;
  let redis: Redis;
  const prefix = `wr${randomBytes(4).toString('hex')}`;
  const mine = { storeId: 'store-mine', location: '/data/mine/termlens.sqlite' };
  const theirs = { storeId: 'store-theirs', location: '/data/theirs/termlens.sqlite' };

  beforeAll(async () => {
    server = await startTestRedis();
    redis = new Redis(server.url);
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.dispose();
  });

  it('lists a registered worker until it stops; says when none runs or none serves this store', async () => {
    expect(describeCoverage(await storeCoverage(redis, prefix, mine), prefix)).toBe(
      `no worker is running on Redis prefix ${prefix}; start \`termlens worker\` (this store is store-mine (/data/mine/termlens.sqlite))`,
    );
    const other = await registerWorker(redis, prefix, { ...theirs, queues: ['ocr'] });
    expect(await liveWorkers(redis, prefix)).toMatchObject([{ storeId: 'store-theirs', location: theirs.location, queues: ['ocr'], pid: process.pid }]);
    // The key expires by itself if the worker dies without stopping.
    const [key] = await redis.keys(`${prefix}:workers:*`);
    expect(await redis.pttl(key!)).toBeGreaterThan(0);
    expect(describeCoverage(await storeCoverage(redis, prefix, mine), prefix)).toBe(
      `no worker serves this store: 1 worker(s) on Redis prefix ${prefix} serve store-theirs (/data/theirs/termlens.sqlite); ` +
        'this store is store-mine (/data/mine/termlens.sqlite); give the workers the same DATABASE_URL (or TERMLENS_DATA_DIR)',
    );
    const own = await registerWorker(redis, prefix, { ...mine, queues: ['ocr', 'analysis'] });
    const coverage = await storeCoverage(redis, prefix, mine);
    expect(coverage.serving).toHaveLength(1);
    expect(coverage.others).toHaveLength(1);
    expect(describeCoverage(coverage, prefix)).toBeUndefined();
    await Promise.all([own.stop(), other.stop()]);
    expect(await liveWorkers(redis, prefix)).toEqual([]);
  });

  it('refuses a job of another store with an unrecoverable STORE_MISMATCH and records it for that store', async () => {
    const since = new Date();
    await expect(refuseForeignJob({ id: 'ocr-x', data: { storeId: mine.storeId } }, theirs, redis, prefix)).rejects.toThrow(UnrecoverableError);
    await expect(refuseForeignJob({ id: 'ocr-x', data: { storeId: mine.storeId } }, theirs, redis, prefix)).rejects.toThrow(
      /^STORE_MISMATCH: the job was queued for store store-mine, but this worker uses store store-theirs \(\/data\/theirs\/termlens.sqlite\)/,
    );
    // Its own jobs, and jobs queued before store ids existed, are taken.
    await refuseForeignJob({ id: 'ocr-y', data: { storeId: theirs.storeId } }, theirs, redis, prefix);
    await refuseForeignJob({ id: 'ocr-z', data: {} }, theirs, redis, prefix);

    const coverage = await storeCoverage(redis, prefix, mine);
    expect(coverage.refusals).toMatchObject([{ workerStoreId: 'store-theirs', jobId: 'ocr-x' }]);
    expect(describeCoverage(coverage, prefix)).toMatch(/^STORE_MISMATCH: workers of another store refused this store's jobs/);
    expect(refusedSince(coverage, since)?.code).toBe('STORE_MISMATCH');
    expect(refusedSince(coverage, new Date(Date.now() + 60_000))).toBeUndefined();
    // Nothing was recorded against the refusing worker's own store.
    expect((await storeCoverage(redis, prefix, theirs)).refusals).toEqual([]);

    // A worker of this store started after the refusal: the refusal is history.
    const own = await registerWorker(redis, prefix, { ...mine, queues: ['ocr'] });
    try {
      expect((await storeCoverage(redis, prefix, mine)).refusals).toEqual([]);
    } finally {
      await own.stop();
    }
  });
});
