import { appendFile, cp } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copySamples, createQueueTestEnv, sampleFiles, type QueueTestEnv } from './helpers/queue-env.ts';
import { queueCounts } from './helpers/queue-jobs.ts';
import { REPO_ROOT, lastJsonLine, runTermlens, spawnWorker, type WorkerProcess } from './helpers/queue-processes.ts';
import { startTestRedis, type TestRedis } from './helpers/queue-redis.ts';

/** An entry for text that sample 01 holds ("办事指南" in its navigation bar) and no entry covers. */
const ADDED_ENTRY = `
  - id: banshi-zhinan
    term: 办事指南
    english: ["service guide"]
    category: concept
    note: Added by the retag test.
    source: [002_d9a3951b2287d1f7]
`;

type Doc = { source: { path: string }; glossaryVersion: string; hits: { entryId: string }[] };

describe('retag after a glossary edit', () => {
  let redis: TestRedis;
  let t: QueueTestEnv;
  let worker: WorkerProcess;
  let glossaryDir: string;
  let folder: string;

  beforeAll(async () => {
    redis = await startTestRedis();
    t = await createQueueTestEnv(redis);
    // The glossary is copied so that editing it touches nothing of the repository's.
    glossaryDir = path.join(t.workDir, 'glossary');
    await cp(path.join(REPO_ROOT, 'glossary'), glossaryDir, { recursive: true });
    t.env.TERMLENS_GLOSSARY_DIR = glossaryDir;
    folder = path.join(t.workDir, 'retag');
    await copySamples(folder, (await sampleFiles()).slice(0, 3));
    worker = spawnWorker(t.env);
  });

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await redis?.dispose();
    await t?.dispose();
  });

  async function exported(): Promise<Doc[]> {
    const result = await runTermlens(['export', '--batch', folder, '--format', 'jsonl'], t.env);
    expect(result.code, result.stderr).toBe(0);
    return result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Doc);
  }

  it('changes the hits and their glossary version, and runs no OCR', async () => {
    const batch = await runTermlens(['batch', folder, '--wait', '--format', 'json'], t.env);
    expect(lastJsonLine(batch.stdout), batch.stderr).toMatchObject({ total: 3, done: 3 });
    const before = await exported();
    const v1 = before[0]!.glossaryVersion;
    expect(before.every((d) => d.glossaryVersion === v1)).toBe(true);
    expect(before[0]!.hits.map((h) => h.entryId)).not.toContain('banshi-zhinan');
    const ocrBefore = await queueCounts(t.env, 'ocr');
    const ocrRowsBefore = await t.db.query('select sha256, created_at from ocr_results order by sha256');
    const logBefore = worker.output().length;

    await appendFile(path.join(glossaryDir, 'terms.yaml'), ADDED_ENTRY);
    const retag = await runTermlens(['retag', '--batch', folder, '--wait'], t.env);
    expect(retag.code, retag.stderr).toBe(0);
    const report = lastJsonLine<{ glossaryVersion: string; retagged: number; failed: number }>(retag.stdout);
    expect(report).toMatchObject({ retagged: 3, failed: 0 });
    const v2 = report.glossaryVersion;
    expect(v2).not.toBe(v1);

    const after = await exported();
    expect(after.every((d) => d.glossaryVersion === v2)).toBe(true);
    expect(after[0]!.hits.map((h) => h.entryId)).toContain('banshi-zhinan');
    // Every hit row records its version; the earlier version's hits are kept beside the new ones.
    const versions = await t.db.query<{ glossary_version: string }>('select distinct glossary_version from hits order by glossary_version');
    expect(versions.map((r) => r.glossary_version).sort()).toEqual([v1, v2].sort());

    // No OCR: no OCR job was added, the stored OCR results are untouched, the worker only analysed.
    expect(await queueCounts(t.env, 'ocr')).toEqual(ocrBefore);
    expect(await t.db.query('select sha256, created_at from ocr_results order by sha256')).toEqual(ocrRowsBefore);
    const log = worker.output().slice(logBefore);
    expect(log).not.toMatch(/"msg":"ocr [0-9a-f]{12} /);
    expect(log.match(/"msg":"analysis [0-9a-f]{12} \(retag\)/g)).toHaveLength(3);

    // Both versions the hits carry were recorded (v1 by the worker, v2 by retag), so they can be diffed.
    const diff = await runTermlens(['glossary', 'diff', v1, v2, '--format', 'json'], t.env);
    expect(diff.code, diff.stderr).toBe(0);
    const changes = lastJsonLine<{ from: string; to: string; added: { id: string }[]; removed: unknown[]; changed: unknown[] }>(diff.stdout);
    expect(changes).toMatchObject({ from: v1, to: v2, removed: [], changed: [] });
    expect(changes.added.map((e) => e.id)).toEqual(['banshi-zhinan']);
  });
});
