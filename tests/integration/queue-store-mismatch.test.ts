import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import { createQueueTestEnv, sampleFiles, SAMPLES_DIR, type QueueTestEnv } from './helpers/queue-env.ts';
import { lastJsonLine, runTermlens, spawnWorker, type WorkerProcess } from './helpers/queue-processes.ts';
import { startTestRedis, type TestRedis } from './helpers/queue-redis.ts';

/**
 * A producer and a worker on one Redis prefix but two stores (two data dirs: two SQLite files):
 * the worker refuses the producer's jobs at once with STORE_MISMATCH instead of leaving them
 * queued for ever, `batch --wait` stops and names both stores, `status` says that no worker
 * serves the producer's store, and `--timeout` ends a wait nobody will finish.
 */
describe('producer and workers on different stores', () => {
  let redis: TestRedis;
  let producer: QueueTestEnv;
  let elsewhere: QueueTestEnv;
  const workers: WorkerProcess[] = [];
  let folder: string;

  const storeIdOf = async (t: QueueTestEnv) => {
    const store = await openStore(t.db.config);
    try {
      return { id: await store.storeId(), location: store.location };
    } finally {
      await store.close();
    }
  };

  beforeAll(async () => {
    redis = await startTestRedis();
    producer = await createQueueTestEnv(redis);
    // Same Redis and prefix, another data dir: what a worker started from the wrong directory gets.
    elsewhere = await createQueueTestEnv(redis, { env: { TERMLENS_QUEUE_PREFIX: producer.env.TERMLENS_QUEUE_PREFIX! } });
    folder = path.join(producer.workDir, 'one');
    await mkdir(folder);
    const name = (await sampleFiles()).find((file) => file.endsWith('.png'))!;
    await writeFile(path.join(folder, name), await readFile(path.join(SAMPLES_DIR, name)));
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop('SIGKILL')));
    await redis?.dispose();
    await producer?.dispose();
    await elsewhere?.dispose();
  });

  it('with no worker at all, batch --wait --timeout gives up with WAIT_TIMEOUT and says no worker runs', async () => {
    const result = await runTermlens(['batch', folder, '--wait', '--timeout', '2', '--format', 'json'], producer.env);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/WAIT_TIMEOUT: gave up waiting after 2 s: 1 of 1 files still pending \(received 0, queued 1, processing 0\)/);
    expect(result.stderr).toContain(`no worker is running on Redis prefix ${producer.env.TERMLENS_QUEUE_PREFIX}`);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace

    const status = await runTermlens(['status', '--format', 'json'], producer.env);
    expect(status.code).toBe(0);
    expect(lastJsonLine(status.stdout)).toMatchObject({ pending: 1, queued: 1, workers: { known: true, serving: 0, otherStores: [] } });
  });

  it('a worker on another store refuses the jobs at once (STORE_MISMATCH, no retries); batch --wait stops and names both stores', async () => {
    const mine = await storeIdOf(producer);
    const theirs = await storeIdOf(elsewhere);
    expect(theirs.id).not.toBe(mine.id);

    const worker = spawnWorker(elsewhere.env, { queues: ['ocr'] });
    workers.push(worker);
    await worker.waitForOutput(/started:/, 120_000);
    expect(worker.output()).toContain(`store sqlite ${theirs.id} (${theirs.location})`);

    // Resuming re-queues the unfinished item; the worker of the other store turns it away.
    const result = await runTermlens(['batch', folder, '--wait', '--timeout', '120', '--format', 'json'], producer.env);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('config error STORE_MISMATCH: workers of another store');
    expect(result.stderr).toContain(`${theirs.id} (${theirs.location})`);
    expect(result.stderr).toContain(`this store is ${mine.id} (${mine.location})`);
    expect(result.stderr).not.toContain('WAIT_TIMEOUT');

    // Every job of the producer failed on its first attempt, with the code, and was not retried.
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const ocr = new Queue('ocr', { connection, prefix: producer.env.TERMLENS_QUEUE_PREFIX! });
    try {
      const failed = await ocr.getFailed();
      expect(failed.length).toBeGreaterThan(0);
      for (const job of failed) {
        expect(job.data.storeId).toBe(mine.id);
        expect(job.failedReason).toMatch(/^STORE_MISMATCH: the job was queued for store /);
        expect(job.attemptsMade).toBe(1);
      }
      expect(await ocr.getJobCounts('wait', 'delayed', 'active')).toEqual({ wait: 0, delayed: 0, active: 0 });
    } finally {
      await ocr.close();
      connection.disconnect();
    }
    expect(worker.output()).toMatch(/failed \(attempt 1\): STORE_MISMATCH/);

    // The refusing worker wrote nothing into its own store, and the producer's record is intact:
    // the item waits (queued) for a worker of its own store rather than failing.
    const rows = async (t: QueueTestEnv, table: string) => Number(Object.values((await t.db.query<Record<string, unknown>>(`select count(*) as n from ${table}`))[0]!)[0]);
    expect(await rows(elsewhere, 'batch_items')).toBe(0);
    expect(await rows(elsewhere, 'documents')).toBe(0);
    expect(await producer.db.query<{ status: string }>('select status from batch_items')).toEqual([{ status: 'queued' }]);

    // status says the same, in text and JSON.
    const text = await runTermlens(['status'], producer.env);
    expect(text.code).toBe(0);
    expect(text.stderr).toContain(`STORE_MISMATCH: workers of another store refused this store's jobs`);
    const json = await runTermlens(['status', '--format', 'json'], producer.env);
    expect(lastJsonLine(json.stdout)).toMatchObject({ workers: { serving: 0, otherStores: [theirs.id], refusedBy: [theirs.id] } });
  });

  it('status counts a worker of this store as serving it, and forgets refusals from before it started', async () => {
    // The deployment is fixed: the workers started so far (the other store's) go first. Left
    // running, one would refuse again whatever this store's worker re-queues, after this
    // worker's start, and status would rightly report that refusal.
    await Promise.all(workers.map((w) => w.stop()));
    const worker = spawnWorker(producer.env, { queues: ['analysis'] });
    workers.push(worker);
    await worker.waitForOutput(/started:/, 120_000);
    const json = await runTermlens(['status', '--format', 'json'], producer.env);
    const { workers: seen } = lastJsonLine<{ workers: Record<string, unknown> }>(json.stdout);
    expect(seen).toMatchObject({ serving: 1, refusedBy: [] });
    expect(seen.message).toBeUndefined();
  });
});
