import { appendFile, cp, readFile, writeFile } from 'node:fs/promises';
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

  it('keeps the review through a re-tag whose worker is killed half way and that is run again', async () => {
    type Row = { id: string; review_key: string };
    const latestHits = () =>
      t.db.query<Row & { entry_id: string }>(
        `select h.id, h.review_key, h.entry_id from hits h where h.glossary_version =
           (select a.glossary_version from analyses a where a.sha256 = h.sha256 order by a.seq desc limit 1) order by h.sha256, h.ordinal`,
      );
    // Four hits, across the documents, each decided through the CLI (a process each: a few
    // seconds apiece on a loaded machine, so not every hit).
    const all = await latestHits();
    const decided = [0, 1, 2, 3].map((i) => all[Math.floor((i * all.length) / 4)]!);
    expect(new Set(decided.map((h) => h.id)).size).toBe(4);
    for (const hit of decided) {
      const result = await runTermlens(['review', 'decide', hit.id, 'confirm', '--as', 'retag-test'], t.env);
      expect(result.code, result.stderr).toBe(0);
    }
    const versionsBefore = await t.db.query<{ v: string }>('select distinct glossary_version as v from analyses');

    // An English rendering more: no hit changes, so every decision must stay.
    const file = path.join(glossaryDir, 'terms.yaml');
    const text = await readFile(file, 'utf8');
    expect(text).toContain('english: ["service guide"]');
    await writeFile(file, text.replace('english: ["service guide"]', 'english: ["service guide", "guide to services"]'));

    const logBefore = worker.output().length;
    const queued = await runTermlens(['retag', '--batch', folder], t.env);
    expect(queued.code, queued.stderr).toBe(0);
    // Killed once it has saved one document's analysis: the others are left to the next worker.
    await worker.waitForOutput(/"msg":"analysis [0-9a-f]{12} \(retag\)/, 120_000, logBefore);
    worker.child.kill('SIGKILL');
    expect((await worker.exited).signal).toBe('SIGKILL');
    expect(worker.output().slice(logBefore)).toMatch(/"msg":"analysis [0-9a-f]{12} \(retag\)/);

    worker = spawnWorker(t.env);
    const again = await runTermlens(['retag', '--batch', folder, '--wait'], t.env);
    expect(again.code, again.stderr).toBe(0);
    expect(lastJsonLine(again.stdout)).toMatchObject({ retagged: 3, failed: 0 });
    const versionsAfter = await t.db.query<{ v: string }>('select distinct glossary_version as v from analyses');
    expect(versionsAfter.length).toBe(versionsBefore.length + 1);

    // Every decided hit is still decided, under the new version's hit id, once.
    const after = await latestHits();
    const decidedKeys = new Set(decided.map((h) => h.review_key));
    const carried = after.filter((h) => decidedKeys.has(h.review_key));
    expect(carried.map((h) => h.entry_id)).toEqual(decided.map((h) => h.entry_id));
    for (const hit of carried) {
      const shown = await runTermlens(['review', 'show', hit.id], t.env);
      expect(shown.code, shown.stderr).toBe(0);
      const detail = JSON.parse(shown.stdout) as { state: { reviewStatus: string }; revisions: { decision: string }[] };
      expect(detail.state.reviewStatus).toBe('confirmed');
      expect(detail.revisions.map((r) => r.decision)).toEqual(['confirm']);
    }
    const revisions = await t.db.query<{ n: number | string }>('select count(*) as n from review_revisions');
    expect(Number(revisions[0]!.n)).toBe(decided.length);
  });
});
