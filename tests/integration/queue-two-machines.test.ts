import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copySamples, createQueueTestEnv, sampleFiles, storeRowCounts, type QueueTestEnv } from './helpers/queue-env.ts';
import { lastJsonLine, REPO_ROOT, runTermlens, spawnWorker, type WorkerProcess } from './helpers/queue-processes.ts';
import { startTestRedis, type TestRedis } from './helpers/queue-redis.ts';
import { startTestS3, type TestS3 } from './helpers/s3-server.ts';
import { startServeChild, type ServeChild } from './helpers/serve-child.ts';

/**
 * The multi-machine deployment on one machine: a producer (`termlens batch`, and the review
 * service taking an upload) and a worker that share nothing but Redis, PostgreSQL and an S3
 * bucket. Each has a data directory of its own, as two machines would, so the originals can only
 * reach the worker through the bucket.
 */

let redis: TestRedis;
let s3: TestS3;
let t: QueueTestEnv;
let producerDir: string;
let workerDir: string;
let producerEnv: Record<string, string>;
let workerEnv: Record<string, string>;
let worker: WorkerProcess;
let serve: ServeChild | undefined;

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function exists(dir: string): Promise<boolean> {
  return readdir(dir).then(
    () => true,
    () => false,
  );
}

beforeAll(async () => {
  redis = await startTestRedis();
  s3 = await startTestS3();
  t = await createQueueTestEnv(redis, { backend: 'postgres' });
  producerDir = await mkdtemp(path.join(os.tmpdir(), 'termlens-machine-a-'));
  workerDir = await mkdtemp(path.join(os.tmpdir(), 'termlens-machine-b-'));
  const shared = { ...t.env, ...s3.env('leaks') };
  producerEnv = { ...shared, TERMLENS_DATA_DIR: producerDir };
  workerEnv = { ...shared, TERMLENS_DATA_DIR: workerDir };
  worker = spawnWorker(workerEnv);
});

afterAll(async () => {
  serve?.kill();
  await worker?.stop('SIGKILL');
  await redis?.dispose();
  await s3?.dispose();
  await t?.dispose();
  for (const dir of [producerDir, workerDir]) if (dir) await rm(dir, { recursive: true, force: true });
  if (serve) await rm(serve.dataDir, { recursive: true, force: true });
});

describe('a producer and a worker sharing only Redis, PostgreSQL and an S3 bucket', () => {
  it('runs a batch: the originals go through the bucket, and every file is done', async () => {
    const folder = path.join(t.workDir, 'leak');
    const images = await copySamples(folder, (await sampleFiles()).slice(0, 3));
    const result = await runTermlens(['batch', folder, '--wait', '--format', 'json'], producerEnv);
    expect(result.code, `${result.stderr}\nworker:\n${worker.output()}`).toBe(0);
    expect(lastJsonLine(result.stdout)).toMatchObject({ total: images.length, done: images.length, failed: 0 });

    const rows = await storeRowCounts(t.db);
    expect(rows.documents).toBe(images.length);
    expect(rows.hits).toBeGreaterThan(images.length);

    const expected = await Promise.all(images.map(async (name) => sha256(await readFile(path.join(folder, name)))));
    const keys = await s3.keys('leaks/');
    for (const key of expected) expect(keys).toContain(`leaks/${key.slice(0, 2)}/${key.slice(2, 4)}/${key}`);
    // Neither machine kept a local copy.
    expect(await exists(path.join(producerDir, 'blobs'))).toBe(false);
    expect(await exists(path.join(workerDir, 'blobs'))).toBe(false);
    expect(worker.output()).not.toMatch(/BLOB_MISSING/);
  });

  it('takes an upload on the review service and has the other machine process it', async () => {
    serve = await startServeChild({ args: ['--no-workers'], env: producerEnv });
    const token = (await serve.termlens(['token', 'create', '--role', 'uploader', '--name', 'two-machines'])).trim();
    // A sample the batch above did not hold, so the worker has to read it from the bucket.
    const fresh = await readFile(path.join(REPO_ROOT, 'samples', (await sampleFiles())[3]!));
    const form = new FormData();
    form.append('file', new Blob([fresh]), 'fresh.png');
    const upload = await fetch(`${serve.url}/api/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    expect(upload.status, await upload.clone().text()).toBe(202);
    const { batch } = (await upload.json()) as { batch: { id: string } };

    type Item = { itemKey: string; status: string; error?: { code: string } };
    let items: Item[] = [];
    for (const deadline = Date.now() + 180_000; Date.now() < deadline; ) {
      const answer = await fetch(`${serve.url}/api/batches/${batch.id}`, { headers: { authorization: `Bearer ${token}` } });
      items = ((await answer.json()) as { items: Item[] }).items;
      if (items.every((item) => item.status === 'done' || item.status === 'failed')) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(items, worker.output()).toEqual([expect.objectContaining({ itemKey: 'fresh.png', status: 'done' })]);
    const key = sha256(fresh);
    expect(await s3.keys('leaks/')).toContain(`leaks/${key.slice(0, 2)}/${key.slice(2, 4)}/${key}`);
    expect(await exists(path.join(serve.dataDir, 'blobs'))).toBe(false);
    expect(await exists(path.join(workerDir, 'blobs'))).toBe(false);
  });
});
