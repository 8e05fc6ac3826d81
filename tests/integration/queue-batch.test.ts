import { cp } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addBadFiles,
  copySamples,
  createQueueTestEnv,
  ocrRunsBySha,
  sampleFiles,
  storeRowCounts,
  type QueueTestEnv,
} from './helpers/queue-env.ts';
import { lastJsonLine, runTermlens, spawnWorker, type WorkerProcess } from './helpers/queue-processes.ts';
import { startTestRedis, type TestRedis } from './helpers/queue-redis.ts';

/**
 * A batch of every sample plus bad files and a duplicate, end to end through real processes:
 * `termlens batch`, two `termlens worker` processes, a real Redis, with each store backend.
 */
const BACKENDS = [
  { backend: 'sqlite' as const, samples: Infinity },
  { backend: 'postgres' as const, samples: Infinity },
];

describe.each(BACKENDS)('batch of samples and bad files ($backend)', ({ backend, samples: sampleCount }) => {
  let redis: TestRedis;
  let t: QueueTestEnv;
  let workers: WorkerProcess[] = [];
  let folder: string;
  let images: string[];
  let bad: string[];

  beforeAll(async () => {
    redis = await startTestRedis();
    // No worker is killed here: a stalled take-over would lose a "ran" line counted below.
    t = await createQueueTestEnv(redis, { backend, fastTakeover: false });
    folder = path.join(t.workDir, 'leak');
    images = await copySamples(path.join(folder, 'screens'), (await sampleFiles()).slice(0, sampleCount));
    // The same content under another name: recorded as a duplicate, never processed again.
    await cp(path.join(folder, 'screens', images[0]!), path.join(folder, 'copy-of-first.png'));
    bad = await addBadFiles(path.join(folder, 'bad'));
    workers = [spawnWorker(t.env), spawnWorker(t.env)];
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop('SIGKILL')));
    await redis?.dispose();
    await t?.dispose();
  });

  it('accounts for every file with the right counts, and a re-run resumes without processing anything twice', async () => {
    const total = images.length + 1 + bad.length;
    // First run without waiting, then the same command again while the workers are busy: the
    // second run must resume, not enqueue a second round.
    const first = await runTermlens(['batch', folder, '--format', 'json'], t.env);
    expect(first.code, first.stderr).toBe(0);
    const started = lastJsonLine<{ batch: string; total: number }>(first.stdout);
    expect(started.total).toBe(total);

    const resumed = await runTermlens(['batch', folder, '--wait', '--format', 'json'], t.env);
    expect(resumed.stderr).toMatch(/resuming batch/);
    // Exit code 1: some files failed, as the summary says.
    expect(resumed.code, resumed.stderr).toBe(1);
    const summary = lastJsonLine(resumed.stdout);
    expect(summary).toEqual({ batch: started.batch, total, done: images.length, failed: bad.length, duplicates: 1 });

    const rows = await storeRowCounts(t.db);
    expect(rows.documents).toBe(images.length);
    expect(rows.ocrResults).toBe(images.length);
    expect(rows.hits).toBe(rows.distinctHits);
    expect(rows.hits).toBe(rows.latestHitCounts);
    expect(rows.hits).toBeGreaterThan(images.length);

    // Each document's OCR ran exactly once across both workers. A worker logs an OCR job when
    // BullMQ reports it completed, which can come after another worker has finished the item's
    // analysis (and so after `batch --wait` returned): wait for the lines, then count.
    await expect.poll(() => ocrRunsBySha(workers.map((w) => w.output())).size, { timeout: 30_000 }).toBe(images.length);
    const runs = ocrRunsBySha(workers.map((w) => w.output()));
    const stalls = workers.flatMap((w) => w.output().split('\n').filter((line) => /stalled/.test(line)));
    expect([...runs.values()].every((n) => n === 1), stalls.join('\n')).toBe(true);

    // A third run after the end changes nothing and queues nothing.
    const again = await runTermlens(['batch', folder, '--wait', '--format', 'json'], t.env);
    expect(again.stderr).toMatch(/0 queued/);
    expect(lastJsonLine(again.stdout)).toEqual(summary);
    expect([...ocrRunsBySha(workers.map((w) => w.output())).values()].every((n) => n === 1)).toBe(true);
  });

  it('lists the failures with their reasons and retries them with fresh job ids', async () => {
    const failures = await runTermlens(['failures', folder, '--format', 'json'], t.env);
    expect(failures.code, failures.stderr).toBe(0);
    const listed = failures.stdout.trim().split('\n').map((line) => JSON.parse(line) as { item: string; error: { code: string } });
    expect(Object.fromEntries(listed.map((f) => [f.item, f.error.code]))).toEqual({
      'bad/empty.png': 'EMPTY_FILE',
      'bad/truncated.png': 'IMAGE_CORRUPT',
      'bad/notes.png': 'UNSUPPORTED_TYPE',
      // A PDF is taken (issue #18) and split by the worker, which finds it has no page.
      'bad/report.pdf': 'PDF_EMPTY',
    });

    // The files that were stored are run again (and fail again, being bad); the others were
    // never stored and are said to be so.
    const retry = await runTermlens(['retry', folder, '--wait', '--format', 'json'], t.env);
    expect(retry.stderr).toMatch(/never stored, not retried/);
    expect(lastJsonLine(retry.stdout)).toMatchObject({ failed: bad.length, pending: 0 });
    const retried = workers.map((w) => w.output()).join('');
    expect(retried).toMatch(/ocr ocr-[0-9a-f]{64}-retry\.[0-9a-z.]+ failed/);
  });

  it('shows status and exports jsonl, W3C and CSV', async () => {
    const status = await runTermlens(['status', '--format', 'json'], t.env);
    expect(status.code, status.stderr).toBe(0);
    expect(lastJsonLine(status.stdout)).toMatchObject({ done: images.length, failed: bad.length, duplicates: 1, pending: 0 });

    const jsonl = await runTermlens(['export', '--batch', folder, '--format', 'jsonl'], t.env);
    expect(jsonl.code, jsonl.stderr).toBe(0);
    const docs = jsonl.stdout.trim().split('\n').map((l) => JSON.parse(l) as { source: { path: string }; hits?: unknown[]; error?: unknown });
    expect(docs).toHaveLength(images.length + 1 + bad.length);
    const copy = docs.find((d) => d.source.path === 'copy-of-first.png')!;
    const original = docs.find((d) => d.source.path === `screens/${images[0]}`)!;
    expect(copy.hits).toEqual(original.hits);
    expect(docs.filter((d) => d.error)).toHaveLength(bad.length);

    const w3c = await runTermlens(['export', '--batch', folder, '--format', 'w3c'], t.env);
    const collection = JSON.parse(w3c.stdout) as { type: string; total: number; first: { items: { motivation: string }[] } };
    expect(collection.type).toBe('AnnotationCollection');
    expect(collection.first.items).toHaveLength(collection.total);
    expect(collection.first.items.every((a) => a.motivation === 'tagging')).toBe(true);

    const csv = await runTermlens(['export', '--batch', folder, '--format', 'csv'], t.env);
    const lines = csv.stdout.trim().split('\r\n');
    expect(lines[0]).toMatch(/^batch,item,sha256,glossary_version,entry_id,term,/);
    // Duplicates are not repeated: one row per hit of the documents processed for the batch.
    expect(lines.length - 1).toBe(collection.total);
  });
});
