import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copySamples, createQueueTestEnv, ocrRunsBySha, sampleFiles, storeRowCounts, type QueueTestEnv } from './helpers/queue-env.ts';
import { allQueueCounts } from './helpers/queue-jobs.ts';
import { lastJsonLine, runTermlens, spawnWorker, type WorkerProcess } from './helpers/queue-processes.ts';
import { startTestRedis, type TestRedis } from './helpers/queue-redis.ts';

/** Workers that die: kill -9 in the middle of a job, and SIGTERM (graceful shutdown). */
describe('worker crash and shutdown', () => {
  let redis: TestRedis;
  let t: QueueTestEnv;
  const workers: WorkerProcess[] = [];
  let samples: string[];

  beforeAll(async () => {
    redis = await startTestRedis();
    t = await createQueueTestEnv(redis);
    samples = await sampleFiles();
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop('SIGKILL')));
    await redis?.dispose();
    await t?.dispose();
  });

  it('kill -9 of one of two workers mid-batch: every item ends done exactly once', async () => {
    const folder = path.join(t.workDir, 'crash');
    const images = await copySamples(folder, samples.slice(0, 10));
    const [victim, survivor] = [spawnWorker(t.env), spawnWorker(t.env)];
    workers.push(victim, survivor);
    await Promise.all([victim.waitForOutput(/started:/), survivor.waitForOutput(/started:/)]);

    const submitted = await runTermlens(['batch', folder, '--format', 'json'], t.env);
    expect(submitted.code, submitted.stderr).toBe(0);
    // Once the victim has finished one OCR it is straight into the next: kill it in the middle.
    await victim.waitForOutput(/"msg":"ocr [0-9a-f]{12} ran in /, 120_000);
    await new Promise((r) => setTimeout(r, 300));
    victim.child.kill('SIGKILL');
    expect((await victim.exited).signal).toBe('SIGKILL');

    const waited = await runTermlens(['batch', folder, '--wait', '--format', 'json'], t.env);
    expect(waited.code, waited.stderr).toBe(0);
    expect(lastJsonLine(waited.stdout)).toMatchObject({ total: images.length, done: images.length, failed: 0, duplicates: 0 });
    // The job the victim held was taken over by the survivor once its lock ran out.
    expect(survivor.output()).toMatch(/stalled/);

    const rows = await storeRowCounts(t.db);
    expect(rows).toMatchObject({ documents: images.length, ocrResults: images.length });
    expect(rows.hits).toBe(rows.distinctHits);
    expect(rows.hits).toBe(rows.latestHitCounts);
    const analyses = await t.db.query<{ n: number }>('select count(*) as n from analyses group by sha256 having count(*) > 1');
    expect(analyses).toEqual([]);
    // No document went through OCR to the end twice.
    expect([...ocrRunsBySha([victim.output(), survivor.output()]).values()].every((n) => n === 1)).toBe(true);
    const counts = await allQueueCounts(t.env);
    expect(counts.ocr.active + counts.analysis.active).toBe(0);
  });

  it('SIGTERM lets the running job finish, exits cleanly and leaves nothing active', async () => {
    const folder = path.join(t.workDir, 'shutdown');
    const images = await copySamples(folder, samples.slice(10, 14));
    const worker = workers[1]!;
    const before = worker.output().length;
    const submitted = await runTermlens(['batch', folder, '--format', 'json'], t.env);
    expect(submitted.code, submitted.stderr).toBe(0);
    // In the middle of its first job of this batch (OCR takes a second or more).
    await worker.waitForOutput(/"msg":"ocr [0-9a-f]{12} ran in /, 60_000, before);
    await new Promise((r) => setTimeout(r, 300));
    const startedAt = Date.now();
    const exit = await worker.stop('SIGTERM');
    expect(exit.code).toBe(0);
    expect(Date.now() - startedAt).toBeLessThan(15_000);
    const tail = worker.output().slice(before);
    expect(tail).toMatch(/SIGTERM: finishing running jobs/);
    expect(tail).toMatch(/"msg":"stopped"}\n/);
    expect(tail).not.toMatch(/forced/);
    const counts = await allQueueCounts(t.env);
    expect(counts.ocr.active + counts.analysis.active).toBe(0);

    // A fresh worker finishes what is left.
    const next = spawnWorker(t.env);
    workers.push(next);
    const waited = await runTermlens(['batch', folder, '--wait', '--format', 'json'], t.env);
    expect(lastJsonLine(waited.stdout)).toMatchObject({ total: images.length, done: images.length });
  });
});
