import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../src/config.ts';
import { jobIdFor } from '../../src/queue/jobs.ts';
import { openQueues, type PipelineQueues } from '../../src/queue/queues.ts';
import { closeRedis, connectRedis } from '../../src/queue/redis-connection.ts';
import { createApiTestEnv, SAMPLES_DIR, type ApiTestEnv } from './helpers/api-env.ts';
import { multipart } from './helpers/multipart.ts';
import { seedDocument } from './helpers/seed-documents.ts';

/**
 * Uploads through the pipeline's queues on the machine's Redis, under a prefix of this test's
 * own (no workers: the test looks at the jobs the upload left).
 */
let env: ApiTestEnv;
let redis: Redis;
let queues: PipelineQueues;

describe('uploads through the queue', () => {
  beforeAll(async () => {
    redis = await connectRedis('service', { url: config().redisUrl, connectTimeoutMs: 3_000 });
    queues = openQueues(redis, { queuePrefix: `apitest${randomBytes(4).toString('hex')}`, jobAttempts: 3, jobBackoffMs: 1_000 });
    env = await createApiTestEnv({ queue: { queues, redis } });
  });
  afterAll(async () => {
    await env?.close();
    await queues?.ocr.obliterate({ force: true }).catch(() => undefined);
    await queues?.analysis.obliterate({ force: true }).catch(() => undefined);
    await queues?.close();
    if (redis) await closeRedis(redis);
  });

  it('reports Redis in health', async () => {
    expect((await env.as('anonymous', { method: 'GET', url: '/api/health' })).json()).toEqual({ status: 'ok', store: 'ok', queue: 'ok', processing: 'queue' });
  });

  it('commits the item, adds an OCR job keyed by content, and marks the item queued', async () => {
    const png = await readFile(path.join(SAMPLES_DIR, '04-gov-qingtian-work-summary-simplified-sans.png'));
    const body = multipart([{ name: 'qingtian.png', data: png, type: 'image/png' }]);
    const response = await env.as('uploader', { method: 'POST', url: '/api/uploads', payload: body.payload, headers: body.headers });
    expect(response.statusCode).toBe(202);
    const [item] = response.json().items;
    expect(item.status).toBe('queued');
    const job = await queues.ocr.getJob(jobIdFor('ocr', item.sha256));
    expect(job?.data).toEqual({
      kind: 'ocr',
      sha256: item.sha256,
      origin: { batchId: response.json().batch.id, itemKey: 'qingtian.png' },
      // The service's store id: a worker on another store refuses the job (STORE_MISMATCH).
      storeId: await env.deps.store.storeId(),
    });
  });

  it('queues a retag as analysis jobs for the current glossary version', async () => {
    const { sha256 } = await seedDocument(env);
    const response = await env.as('admin', { method: 'POST', url: '/api/glossary/retag', payload: {} });
    expect(response.statusCode).toBe(202);
    const jobs = await queues.analysis.getJobs(['waiting', 'delayed', 'prioritized']);
    const mine = jobs.find((j) => j.data.sha256 === sha256);
    expect(mine?.data).toMatchObject({ kind: 'analysis', reason: 'retag', glossaryVersion: env.deps.glossary.version });
  });
});

describe('uploads while Redis is away', () => {
  let away: ApiTestEnv;
  let dead: Redis;
  let deadQueues: PipelineQueues;

  beforeAll(async () => {
    // Nothing listens on port 1: every command fails at once.
    dead = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    dead.on('error', () => undefined);
    deadQueues = openQueues(dead, { queuePrefix: 'unused', jobAttempts: 3, jobBackoffMs: 1_000 });
    away = await createApiTestEnv({ queue: { queues: deadQueues, redis: dead } });
  });
  afterAll(async () => {
    await away?.close();
    await deadQueues?.close();
    dead?.disconnect();
  });

  it('says so in health with 503', async () => {
    const response = await away.as('anonymous', { method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'degraded', queue: 'unavailable', store: 'ok' });
  });

  it('keeps the upload as received items for the reconciler, and says the hand-over was deferred', async () => {
    const png = await readFile(path.join(SAMPLES_DIR, '04-gov-qingtian-work-summary-simplified-sans.png'));
    const body = multipart([{ name: 'later.png', data: png, type: 'image/png' }]);
    const response = await away.as('uploader', { method: 'POST', url: '/api/uploads', payload: body.payload, headers: body.headers });
    expect(response.statusCode).toBe(202);
    expect(response.json().items[0].status).toBe('received');
    expect(response.json().deferred).toBeDefined();
    expect(await away.blobs.has(response.json().items[0].sha256)).toBe(true);
  });
});
