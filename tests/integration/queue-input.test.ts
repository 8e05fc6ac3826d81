import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip, writeZip, zerosDeflateStream } from '../fixtures/make-zips.ts';
import { createQueueTestEnv, sampleFiles, SAMPLES_DIR, type QueueTestEnv } from './helpers/queue-env.ts';
import { lastJsonLine, runTermlens, spawnWorker, type WorkerProcess } from './helpers/queue-processes.ts';
import { startTestRedis, type TestRedis } from './helpers/queue-redis.ts';

/**
 * Hostile zips through `termlens batch`: each bad entry is a failed item with a clear reason,
 * the good entries beside it are processed, and an archive that cannot be read at all is an
 * error of the command that creates no batch.
 */
describe('zip input through batch', () => {
  let redis: TestRedis;
  let t: QueueTestEnv;
  let worker: WorkerProcess;
  let pngs: Buffer[];

  beforeAll(async () => {
    redis = await startTestRedis();
    t = await createQueueTestEnv(redis);
    const names = (await sampleFiles()).filter((name) => name.endsWith('.png')).slice(0, 3);
    pngs = await Promise.all(names.map((name) => readFile(path.join(SAMPLES_DIR, name))));
    worker = spawnWorker(t.env);
  });

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await redis?.dispose();
    await t?.dispose();
  });

  async function failures(batch: string) {
    const listed = await runTermlens(['failures', batch, '--format', 'json'], t.env);
    return Object.fromEntries(
      listed.stdout.trim().split('\n').filter(Boolean).map((line) => {
        const f = JSON.parse(line) as { item: string; error: { code: string; message: string } };
        return [f.item, f.error] as const;
      }),
    );
  }

  it('zip slip: entries that climb out are refused, the others processed', async () => {
    const zip = await writeZip(path.join(t.workDir, 'slip.zip'), [
      { name: '../evil.png', data: pngs[0] },
      { name: 'dir/../../../etc/evil.png', data: pngs[0] },
      { name: '/abs.png', data: pngs[0] },
      { name: 'good.png', data: pngs[1] },
    ]);
    const result = await runTermlens(['batch', zip, '--wait', '--format', 'json'], t.env);
    expect(result.code).toBe(1);
    const summary = lastJsonLine<{ batch: string }>(result.stdout);
    expect(summary).toMatchObject({ total: 4, done: 1, failed: 3, duplicates: 0 });
    const failed = await failures(summary.batch);
    expect(failed['../evil.png']).toMatchObject({ code: 'ZIP_ENTRY_UNSAFE_NAME' });
    expect(failed['../evil.png']!.message).toMatch(/climbs out of the archive/);
    expect(Object.values(failed).every((f) => f.code === 'ZIP_ENTRY_UNSAFE_NAME')).toBe(true);
    // Stored by content hash only: nothing was written outside the data dir's blob store.
    const exported = await runTermlens(['export', '--batch', summary.batch, '--format', 'jsonl'], t.env);
    expect(exported.stdout).toContain('"path":"good.png"');
  });

  it('zip bomb: stopped while inflating and reported, the entry beside it processed', async () => {
    const zip = await writeZip(path.join(t.workDir, 'bomb.zip'), [
      // 1 GiB of zeros in about a megabyte, its header claiming 1 KB.
      { name: 'bomb.png', payload: zerosDeflateStream(1024), uncompressedSize: 1024, crc32: 0 },
      { name: 'after.png', data: pngs[2] },
    ]);
    const result = await runTermlens(['batch', zip, '--wait', '--format', 'json'], t.env);
    const summary = lastJsonLine<{ batch: string }>(result.stdout);
    expect(summary).toMatchObject({ total: 2, done: 1, failed: 1 });
    expect((await failures(summary.batch))['bomb.png']).toMatchObject({ code: 'ZIP_ENTRY_TOO_LARGE' });
  });

  it('truncated zip: a clear error, no batch created', async () => {
    const whole = buildZip(pngs.map((data, i) => ({ name: `p${i}.png`, data })));
    const zip = path.join(t.workDir, 'truncated.zip');
    await writeFile(zip, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const result = await runTermlens(['batch', zip, '--wait', '--format', 'json'], t.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/input error ZIP_CORRUPT: .*truncated\.zip.*truncated or damaged/);
    expect(result.stdout).toBe('');
    const status = await runTermlens(['status', '--format', 'json'], t.env);
    expect(status.stdout).not.toContain('truncated.zip');
  });
});
