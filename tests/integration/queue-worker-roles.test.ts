import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueueTestEnv, sampleFiles, SAMPLES_DIR, type QueueTestEnv } from './helpers/queue-env.ts';
import { lastJsonLine, runTermlens, spawnWorker, type WorkerProcess } from './helpers/queue-processes.ts';
import { startTestRedis, type TestRedis } from './helpers/queue-redis.ts';

/**
 * Worker processes that serve one queue each: what an OCR-only process loads, and the glossary
 * it reads. Memory is what splitting them is for, so the segmenter's native module (its
 * dictionaries are about 220 MB) is looked for in the process's mappings.
 */

async function mapsNodejieba(pid: number): Promise<boolean> {
  return (await readFile(`/proc/${pid}/maps`, 'utf8')).includes('nodejieba');
}

describe('worker --queues', () => {
  let redis: TestRedis;
  let t: QueueTestEnv;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    redis = await startTestRedis();
    t = await createQueueTestEnv(redis);
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop('SIGKILL')));
    await redis?.dispose();
    await t?.dispose();
  });

  it('an OCR-only process never loads the segmenter; the analysis process does the rest', async () => {
    const ocr = spawnWorker(t.env, { queues: ['ocr'] });
    const analysis = spawnWorker(t.env, { queues: ['analysis'] });
    workers.push(ocr, analysis);
    await Promise.all([ocr.waitForOutput(/started:/, 120_000), analysis.waitForOutput(/started:/, 120_000)]);
    expect(ocr.output()).toMatch(/started: queues ocr /);
    const [ocrPid, analysisPid] = await Promise.all([ocr.workerPid(), analysis.workerPid()]);

    const folder = path.join(t.workDir, 'one');
    await mkdir(folder);
    const name = (await sampleFiles()).find((file) => file.endsWith('.png'))!;
    await writeFile(path.join(folder, name), await readFile(path.join(SAMPLES_DIR, name)));
    const result = await runTermlens(['batch', folder, '--wait', '--format', 'json'], t.env);
    expect(lastJsonLine(result.stdout), result.stderr).toMatchObject({ total: 1, done: 1, failed: 0 });
    expect(ocr.output()).toMatch(/"msg":"ocr [0-9a-f]{12} ran /);

    expect(await mapsNodejieba(ocrPid)).toBe(false);
    expect(await mapsNodejieba(analysisPid)).toBe(true);
  });

  it('an OCR-only process reads its --glossary (for OCR user words): a broken one stops the start', async () => {
    const broken = path.join(t.workDir, 'broken-glossary');
    await mkdir(broken);
    await writeFile(path.join(broken, 'terms.yaml'), '- id: x\n  term: [not, a, term\n');
    const worker = spawnWorker(t.env, { queues: ['ocr'], glossary: broken });
    workers.push(worker);
    const exit = await worker.exited;
    expect(exit.code, worker.output()).toBe(2);
    expect(worker.output()).toMatch(/config error GLOSSARY_INVALID: /);
    expect(worker.output()).toContain(path.join(broken, 'terms.yaml'));
  });
});
