import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { Log } from '../../src/queue/log.ts';
import { JobProducer } from '../../src/queue/producer.ts';
import { openQueues, type PipelineQueues } from '../../src/queue/queues.ts';
import { startReconciler } from '../../src/queue/reconciler.ts';
import { markerKey } from '../../src/queue/redis-loss.ts';
import { closeRedis, connectRedis } from '../../src/queue/redis-connection.ts';
import { openSqliteStore, SQLITE_FILE_NAME } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { startTestRedis, type TestRedis } from './helpers/queue-redis.ts';
import { newDocument } from './helpers/store-fixtures.ts';

/**
 * Redis is never the record: when it loses its data the reconciler must notice within seconds
 * and re-enqueue, not wait for its age cut-off. The cut-off here is an hour and the regular
 * pass hourly too, so only the loss detection can re-enqueue anything during the test. Each
 * test has a redis-server of its own, so FLUSHALL touches nothing else.
 */
const HOUR = 3_600_000;

type Harness = { redis: TestRedis; client: Redis; store: Store; queues: PipelineQueues; logs: string[]; stop(): Promise<void> };

describe('reconciler after Redis lost its data', () => {
  let h: Harness | undefined;

  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  async function start(options: { persistent?: boolean } = {}): Promise<Harness> {
    const redis = await startTestRedis(options);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'termlens-loss-'));
    const store = await openSqliteStore(path.join(dir, SQLITE_FILE_NAME));
    const client = await connectRedis('service', { url: redis.url, connectTimeoutMs: 2_000 });
    const prefix = `rl${randomBytes(4).toString('hex')}`;
    const queues = openQueues(client, { queuePrefix: prefix, jobAttempts: 3, jobBackoffMs: 500 });
    const logs: string[] = [];
    // The log's lines as text: a line with fields is its message (the fields are not what these tests read).
    const text = (first: string | Record<string, unknown>, message?: string) => (typeof first === 'string' ? first : (message ?? ''));
    const log: Log = {
      info: (first: string | Record<string, unknown>, message?: string) => void logs.push(text(first, message)),
      warn: (first: string | Record<string, unknown>, message?: string) => void logs.push(text(first, message)),
      error: (first: string | Record<string, unknown>, message?: string) => void logs.push(`error: ${text(first, message)}`),
    } as Log;
    const reconciler = startReconciler({ store, queues, producer: new JobProducer(queues, await store.storeId()), redis: client, prefix, afterMs: HOUR, log }, HOUR);
    return {
      redis,
      client,
      store,
      queues,
      logs,
      async stop() {
        await reconciler.stop();
        await queues.close();
        await closeRedis(client);
        await store.close();
        await redis.dispose();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }

  /** Polls until `check` holds; the test's own timeout bounds the wait. */
  async function until(check: () => Promise<boolean> | boolean): Promise<void> {
    while (!(await check())) await new Promise((r) => setTimeout(r, 100));
  }

  const ocrJobIds = async (queues: PipelineQueues) => queues.ocr.getRanges(['waiting', 'active', 'delayed', 'prioritized'], 0, -1);

  /** A batch of two queued items whose jobs are in Redis, as `termlens batch` leaves them. */
  async function queuedBatch(harness: Harness) {
    const docs = [newDocument('loss-a'), newDocument('loss-b')];
    const { batch } = await harness.store.createOrFindBatch({ name: `b${randomBytes(3).toString('hex')}`, sourcePath: '/x' });
    for (const doc of docs) await harness.store.putDocument(doc);
    await harness.store.upsertBatchItems(batch.id, docs.map((d) => ({ itemKey: d.firstPath, sha256: d.sha256 })));
    await new JobProducer(harness.queues, await harness.store.storeId()).addOcr(docs.map((d) => ({ sha256: d.sha256, origin: { batchId: batch.id, itemKey: d.firstPath } })));
    for (const d of docs) await harness.store.setItemStatus(batch.id, d.firstPath, 'queued', { from: ['received'] });
    return { batch, docs };
  }

  it('FLUSHALL: the jobs are re-enqueued at once, not after the hour-long cut-off', async () => {
    h = await start();
    const harness = h;
    const { batch, docs } = await queuedBatch(harness);
    // The first check finds no marker (a first start): its recovery sees the jobs waiting.
    await until(() => harness.logs.some((l) => /holds no marker/.test(l)));
    await until(async () => (await harness.client.exists(markerKey(harnessPrefix(harness)))) === 1);
    expect(await ocrJobIds(harness.queues)).toHaveLength(2);

    await harness.redis.command('FLUSHALL');
    await until(async () => (await ocrJobIds(harness.queues)).length === 2);

    const ids = await ocrJobIds(harness.queues);
    for (const doc of docs) expect(ids.some((id) => id.startsWith(`ocr-${doc.sha256}-rec1.`))).toBe(true);
    for (const doc of docs) {
      const item = await harness.store.getBatchItem(batch.id, doc.firstPath);
      expect(item).toMatchObject({ status: 'queued', attempts: 1 });
    }
    expect(harness.logs.filter((l) => /holds no marker/.test(l))).toHaveLength(2);
    expect(harness.logs.filter((l) => /re-enqueued .* attempt 1/.test(l))).toHaveLength(2);
    expect(harness.logs.filter((l) => l.startsWith('error:'))).toEqual([]);
  }, 60_000);

  it('a restart with a new run id: items whose jobs did not survive are re-enqueued at once', async () => {
    // Persistent, so the marker survives the restart and only the run id tells.
    h = await start({ persistent: true });
    const harness = h;
    const { batch, docs } = await queuedBatch(harness);
    await until(async () => (await harness.client.exists(markerKey(harnessPrefix(harness)))) === 1);
    const runIdBefore = await harness.client.get(markerKey(harnessPrefix(harness)));
    // One job is lost while the other survives: what a Redis that reloaded an old
    // append-only file, or lost its last writes, leaves behind.
    await harness.queues.ocr.remove(`ocr-${docs[1]!.sha256}`);
    await harness.redis.stop();
    await harness.redis.start();

    await until(() => harness.logs.some((l) => /Redis restarted/.test(l)));
    await until(async () => (await ocrJobIds(harness.queues).catch(() => [])).length === 2);
    expect(await harness.client.get(markerKey(harnessPrefix(harness)))).not.toBe(runIdBefore);
    const ids = await ocrJobIds(harness.queues);
    expect(ids).toContain(`ocr-${docs[0]!.sha256}`);
    expect(ids.some((id) => id.startsWith(`ocr-${docs[1]!.sha256}-rec1.`))).toBe(true);
    expect(await harness.store.getBatchItem(batch.id, docs[0]!.firstPath)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(await harness.store.getBatchItem(batch.id, docs[1]!.firstPath)).toMatchObject({ status: 'queued', attempts: 1 });
  }, 60_000);
});

function harnessPrefix(harness: Harness): string {
  return harness.queues.ocr.opts.prefix!;
}
