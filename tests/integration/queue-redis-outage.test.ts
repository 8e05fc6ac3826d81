import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copySamples, createQueueTestEnv, sampleFiles, storeRowCounts, type QueueTestEnv } from './helpers/queue-env.ts';
import { lastJsonLine, runTermlens, spawnWorker, type WorkerProcess } from './helpers/queue-processes.ts';
import { startTestRedis, type TestRedis } from './helpers/queue-redis.ts';

/**
 * Redis going away in the middle of a batch. The database is the record: the batch must end
 * with every file processed once, without anyone re-running anything.
 */
describe('Redis trouble mid-batch', () => {
  let redis: TestRedis | undefined;
  let t: QueueTestEnv | undefined;
  let workers: WorkerProcess[] = [];

  afterEach(async () => {
    await Promise.all(workers.map((w) => w.stop('SIGKILL')));
    workers = [];
    await redis?.dispose();
    await t?.dispose();
  });

  async function startBatch(name: string, from: number) {
    t = await createQueueTestEnv(redis!);
    const folder = path.join(t.workDir, name);
    const images = await copySamples(folder, (await sampleFiles()).slice(from, from + 8));
    workers = [spawnWorker(t.env), spawnWorker(t.env)];
    await Promise.all(workers.map((w) => w.waitForOutput(/started:/)));
    // The person watching runs `batch --wait` once; it must see the batch through by itself.
    const watching = runTermlens(['batch', folder, '--wait', '--format', 'json'], t.env, { timeoutMs: 240_000 });
    await Promise.race(workers.map((w) => w.waitForOutput(/"msg":"ocr [0-9a-f]{12} ran in /, 120_000)));
    return { images, watching, env: t };
  }

  it('a Redis stopped for 10 s and started again: the batch completes', async () => {
    // Persistence on, as docker-compose.yml runs it: the queues survive the restart and the
    // workers, which reconnect by themselves, carry on.
    redis = await startTestRedis({ persistent: true });
    const { images, watching, env } = await startBatch('outage', 0);
    await redis.stop();
    await new Promise((r) => setTimeout(r, 10_000));
    await redis.start();

    const result = await watching;
    expect(lastJsonLine(result.stdout), result.stderr).toEqual(
      expect.objectContaining({ total: images.length, done: images.length, failed: 0 }),
    );
    const rows = await storeRowCounts(env.db);
    expect(rows).toMatchObject({ documents: images.length, ocrResults: images.length });
    expect(rows.hits).toBe(rows.distinctHits);
  });

  it('FLUSHALL mid-batch: the reconciler re-enqueues what Redis lost and the batch completes', async () => {
    redis = await startTestRedis();
    const { images, watching, env } = await startBatch('flushed', 8);
    await redis.command('FLUSHALL');

    const result = await watching;
    expect(lastJsonLine(result.stdout), result.stderr).toEqual(
      expect.objectContaining({ total: images.length, done: images.length, failed: 0 }),
    );
    expect(workers.map((w) => w.output()).join('')).toMatch(/reconciler: re-enqueued/);
    const rows = await storeRowCounts(env.db);
    expect(rows).toMatchObject({ documents: images.length, ocrResults: images.length });
    expect(rows.hits).toBe(rows.distinctHits);
  });
});
