import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DocumentResultSchema } from '../../src/domain/document-result.ts';
import { DependencyError, InputError } from '../../src/errors.ts';
import { openSqliteStore, openStore, SQLITE_FILE_NAME } from '../../src/store/open-store.ts';
import { migrationProvider } from '../../src/store/migrations.ts';
import { RevisionConflictError } from '../../src/store/revision-conflict-error.ts';
import { openSqliteDatabase } from '../../src/store/sqlite-database.ts';
import type { Store } from '../../src/store/store.ts';
import { createTestDatabase, STORE_BACKENDS, type TestDatabase } from './helpers/store-backends.ts';
import { newDocument, SAMPLE_TEXT, sampleAnalysis, sampleOcr, sha256Of } from './helpers/store-fixtures.ts';

const execFileAsync = promisify(execFile);

type CountRow = { n: number | string };
const count = (rows: CountRow[]) => Number(rows[0]!.n);

describe.each(STORE_BACKENDS)('store on %s', (backend) => {
  let testDb: TestDatabase;
  let store: Store;
  const extraStores: Store[] = [];

  beforeAll(async () => {
    testDb = await createTestDatabase(backend);
    store = await openStore(testDb.config);
  });

  afterEach(async () => {
    await Promise.all(extraStores.splice(0).map((s) => s.close()));
  });

  afterAll(async () => {
    await store?.close();
    await testDb?.dispose();
  });

  async function another(): Promise<Store> {
    const s = await openStore(testDb.config);
    extraStores.push(s);
    return s;
  }

  it('uses the backend the configuration names', () => {
    expect(store.backend).toBe(backend);
  });

  it('runs migrations once: opening again applies nothing twice', async () => {
    await (await another()).close();
    await (await another()).close();
    const migrations = await testDb.query<{ name: string }>('select name from kysely_migration');
    expect(migrations.map((m) => m.name)).toEqual(['0001-initial', '0002-api-tokens', '0003-hit-status', '0004-store-id', '0005-review-queue-indexes']);
  });

  it('has one store id, made by its migration, that every connection reads the same', async () => {
    const id = await store.storeId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(await (await another()).storeId()).toBe(id);
    expect(await testDb.query<{ value: string }>("select value from store_meta where key = 'store_id'")).toEqual([{ value: id }]);
    // Another database is another store.
    const other = await createTestDatabase(backend);
    try {
      const otherStore = await openStore(other.config);
      try {
        expect(await otherStore.storeId()).not.toBe(id);
        expect(otherStore.location).not.toBe(store.location);
      } finally {
        await otherStore.close();
      }
    } finally {
      await other.dispose();
    }
  });

  it('stores a document once, however often it is put', async () => {
    const doc = newDocument('put-twice');
    const first = await store.putDocument(doc);
    const second = await store.putDocument({ ...doc, firstPath: 'elsewhere/copy.png' });
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    // The first-seen path is kept: the record is never rewritten by a later sighting.
    expect(second.document).toEqual(first.document);
    expect(second.document.firstPath).toBe('put-twice.png');
    expect(count(await testDb.query<CountRow>('select count(*) as n from documents where sha256 = ?', [doc.sha256]))).toBe(1);
    expect(await store.getDocument(doc.sha256)).toEqual(first.document);
    expect(await store.getDocument(sha256Of('never stored'))).toBeUndefined();
  });

  it('keeps concurrent puts of one document to one row', async () => {
    const doc = newDocument('put-concurrently');
    const others = await Promise.all([another(), another()]);
    const results = await Promise.all([store, ...others].flatMap((s) => [s.putDocument(doc), s.putDocument(doc)]));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(count(await testDb.query<CountRow>('select count(*) as n from documents where sha256 = ?', [doc.sha256]))).toBe(1);
  });

  it('saves and reads back an OCR result, replacing it on a re-run', async () => {
    const doc = newDocument('ocr');
    await store.putDocument(doc);
    await store.saveOcrResult(doc.sha256, sampleOcr());
    expect(await store.getOcrResult(doc.sha256)).toEqual(sampleOcr());
    await store.saveOcrResult(doc.sha256, { ...sampleOcr(), meanConfidence: 91.25 });
    expect((await store.getOcrResult(doc.sha256))?.meanConfidence).toBe(91.25);
    expect(count(await testDb.query<CountRow>('select count(*) as n from ocr_results where sha256 = ?', [doc.sha256]))).toBe(1);
  });

  it('reads back the text and boxes of an OCR result alone, for analysis', async () => {
    const doc = newDocument('ocr-text');
    await store.putDocument(doc);
    expect(await store.getOcrText(doc.sha256)).toBeUndefined();
    await store.saveOcrResult(doc.sha256, sampleOcr());
    const { text, boxes } = sampleOcr();
    expect(await store.getOcrText(doc.sha256)).toEqual({ text, boxes });
  });

  it('saving the same analysis twice leaves the same hits, not twice as many', async () => {
    const doc = newDocument('analysis-twice');
    await store.putDocument(doc);
    const analysis = sampleAnalysis(doc.sha256, 'glossary-v1', { withPinqing: true });
    const first = await store.saveAnalysis(analysis);
    const second = await store.saveAnalysis(analysis);
    expect(second.hitIds).toEqual(first.hitIds);
    expect(first.hitIds).toHaveLength(2);
    expect(count(await testDb.query<CountRow>('select count(*) as n from hits where sha256 = ?', [doc.sha256]))).toBe(2);
    const hits = await store.listHits(doc.sha256, 'glossary-v1');
    expect(hits.map((h) => h.id)).toEqual(first.hitIds);
    expect(hits.map((h) => h.term)).toEqual(['海外联络站', '聘请']);
    expect(await store.getHit(first.hitIds[0]!)).toEqual(hits[0]);
  });

  it('keeps two workers saving the same analysis at once to one set of hits', async () => {
    const doc = newDocument('analysis-concurrent');
    await store.putDocument(doc);
    const analysis = sampleAnalysis(doc.sha256, 'glossary-v1', { withPinqing: true });
    const others = await Promise.all([another(), another()]);
    await Promise.all([store, ...others].flatMap((s) => [s.saveAnalysis(analysis), s.saveAnalysis(analysis)]));
    expect(count(await testDb.query<CountRow>('select count(*) as n from hits where sha256 = ?', [doc.sha256]))).toBe(2);
    expect(count(await testDb.query<CountRow>('select count(*) as n from analyses where sha256 = ?', [doc.sha256]))).toBe(1);
  });

  it("keeps a hit's term status and preferred term, and changes them with the analysis", async () => {
    const doc = newDocument('hit-status');
    await store.putDocument(doc);
    const analysis = sampleAnalysis(doc.sha256, 'glossary-v1', { withPinqing: true });
    const [liaison, pinqing] = analysis.hits;
    analysis.hits = [{ ...liaison!, status: 'deprecated', preferred: '海外联络处' }, pinqing!];
    const { hitIds } = await store.saveAnalysis(analysis);

    const hits = await store.listHits(doc.sha256, 'glossary-v1');
    expect(hits[0]).toMatchObject({ status: 'deprecated', preferred: '海外联络处' });
    expect(hits[1]).not.toHaveProperty('status');
    expect(hits[1]).not.toHaveProperty('preferred');
    expect(await store.getHit(hitIds[0]!)).toEqual(hits[0]);
    expect((await store.getDocumentResult(doc.sha256))?.hits[0]).toMatchObject({ status: 'deprecated', preferred: '海外联络处' });
    const rows = await testDb.query<{ status: string | null; preferred: string | null }>(
      'select status, preferred from hits where sha256 = ? order by ordinal',
      [doc.sha256],
    );
    expect(rows).toEqual([
      { status: 'deprecated', preferred: '海外联络处' },
      { status: null, preferred: null },
    ]);

    // Saved again without the status (the form is no longer deprecated): the same hit, updated.
    const again = await store.saveAnalysis(sampleAnalysis(doc.sha256, 'glossary-v1', { withPinqing: true }));
    expect(again.hitIds).toEqual(hitIds);
    expect(await store.getHit(hitIds[0]!)).not.toHaveProperty('status');
  });

  it('a new glossary version adds hits of that version and becomes the latest analysis', async () => {
    const doc = newDocument('retag');
    await store.putDocument(doc);
    await store.saveOcrResult(doc.sha256, sampleOcr());
    const v1 = await store.saveAnalysis(sampleAnalysis(doc.sha256, 'glossary-v1'));
    const v2 = await store.saveAnalysis(sampleAnalysis(doc.sha256, 'glossary-v2', { withPinqing: true }));

    expect(v2.hitIds).toHaveLength(2);
    expect(v2.hitIds).not.toContain(v1.hitIds[0]);
    const rows = await testDb.query<{ glossary_version: string; n: number | string }>(
      'select glossary_version, count(*) as n from hits where sha256 = ? group by glossary_version order by glossary_version',
      [doc.sha256],
    );
    expect(rows.map((r) => [r.glossary_version, Number(r.n)])).toEqual([
      ['glossary-v1', 1],
      ['glossary-v2', 2],
    ]);
    expect((await store.getLatestAnalysis(doc.sha256))?.glossaryVersion).toBe('glossary-v2');
    expect((await store.listHits(doc.sha256)).every((h) => h.glossaryVersion === 'glossary-v2')).toBe(true);

    // Saving v1 again (a late retry of an old job) makes it the latest again: last save wins.
    await store.saveAnalysis(sampleAnalysis(doc.sha256, 'glossary-v1'));
    expect((await store.getLatestAnalysis(doc.sha256))?.glossaryVersion).toBe('glossary-v1');
  });

  it('replaces the hits of a (document, version) pair atomically when they change', async () => {
    const doc = newDocument('replace-hits');
    await store.putDocument(doc);
    await store.saveAnalysis(sampleAnalysis(doc.sha256, 'glossary-v1', { withPinqing: true }));
    await store.saveAnalysis(sampleAnalysis(doc.sha256, 'glossary-v1'));
    const hits = await store.listHits(doc.sha256, 'glossary-v1');
    expect(hits.map((h) => h.term)).toEqual(['海外联络站']);
    expect((await store.getLatestAnalysis(doc.sha256))?.hitCount).toBe(1);
  });

  it('refuses an analysis of a document that was never stored', async () => {
    await expect(store.saveAnalysis(sampleAnalysis(sha256Of('not stored'), 'glossary-v1'))).rejects.toThrow();
    expect(count(await testDb.query<CountRow>('select count(*) as n from analyses where sha256 = ?', [sha256Of('not stored')]))).toBe(0);
  });

  it('returns the latest analysis as the annotate --format jsonl document', async () => {
    const doc = newDocument('export');
    await store.putDocument(doc);
    expect(await store.getDocumentResult(doc.sha256)).toBeUndefined();
    await store.saveOcrResult(doc.sha256, sampleOcr());
    const analysis = sampleAnalysis(doc.sha256, 'glossary-v2', { withPinqing: true });
    await store.saveAnalysis(analysis);

    const result = await store.getDocumentResult(doc.sha256, { path: 'leak/page-1.png' });
    expect(DocumentResultSchema.parse(result)).toEqual(result);
    expect(result).toEqual({
      source: { path: 'leak/page-1.png', sha256: doc.sha256, bytes: 1234, mediaType: 'image/png', width: 800, height: 600 },
      text: SAMPLE_TEXT,
      script: 'simplified',
      ocr: { engine: 'tesseract.js', languages: ['chi_sim', 'chi_tra', 'eng'], meanConfidence: 87.5, rawText: sampleOcr().raw.text },
      glossaryVersion: 'glossary-v2',
      tokens: analysis.tokens,
      hits: analysis.hits,
      annotations: analysis.annotations,
    });
    expect((await store.getDocumentResult(doc.sha256))?.source.path).toBe('export.png');
  });

  it('resumes a batch by name instead of starting another', async () => {
    const first = await store.createOrFindBatch({ name: 'leak-2024', sourcePath: '/leaks/2024.zip' });
    const again = await store.createOrFindBatch({ name: 'leak-2024', sourcePath: '/leaks/2024.zip' });
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.batch).toEqual(first.batch);
    expect(await store.getBatch(first.batch.id)).toEqual(first.batch);
    expect(await store.findBatchByName('leak-2024')).toEqual(first.batch);
    expect((await store.listBatches()).map((b) => b.name)).toContain('leak-2024');

    const racing = await Promise.all([1, 2, 3].map(() => store.createOrFindBatch({ name: 'leak-race', sourcePath: '/x' })));
    expect(racing.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(racing.map((r) => r.batch.id)).size).toBe(1);
  });

  it('upserts batch items idempotently: a resume keeps their state', async () => {
    const { batch } = await store.createOrFindBatch({ name: 'upsert', sourcePath: '/leaks/upsert' });
    const a = sha256Of('item a');
    const items = [{ itemKey: 'a.png', sha256: a }, { itemKey: 'b.png' }, { itemKey: 'bad.zip-entry', status: 'failed' as const, error: { code: 'ZIP_ENTRY_UNSAFE', message: 'path escapes the archive' } }];
    const first = await store.upsertBatchItems(batch.id, items);
    expect(first.map((i) => [i.itemKey, i.status, i.attempts])).toEqual([
      ['a.png', 'received', 0],
      ['b.png', 'received', 0],
      ['bad.zip-entry', 'failed', 0],
    ]);
    expect(first[2]!.errorCode).toBe('ZIP_ENTRY_UNSAFE');

    await store.setItemStatus(batch.id, 'a.png', 'done');
    const b = sha256Of('item b');
    const again = await store.upsertBatchItems(batch.id, [
      { itemKey: 'a.png', sha256: a },
      { itemKey: 'b.png', sha256: b },
      { itemKey: 'b.png', sha256: b },
      { itemKey: 'bad.zip-entry' },
    ]);
    expect(again.map((i) => [i.itemKey, i.status, i.sha256])).toEqual([
      ['a.png', 'done', a],
      ['b.png', 'received', b],
      ['bad.zip-entry', 'failed', null],
    ]);
    expect(count(await testDb.query<CountRow>('select count(*) as n from batch_items where batch_id = ?', [batch.id]))).toBe(3);
  });

  it('handles a batch of thousands of items in one upsert', async () => {
    const { batch } = await store.createOrFindBatch({ name: 'large', sourcePath: '/leaks/large' });
    const items = Array.from({ length: 2500 }, (_, i) => ({ itemKey: `img/${String(i).padStart(5, '0')}.png`, sha256: sha256Of(`large ${i}`) }));
    const stored = await store.upsertBatchItems(batch.id, items);
    expect(stored).toHaveLength(2500);
    expect(stored.map((s) => s.itemKey)).toEqual(items.map((i) => i.itemKey));
    expect((await store.batchCounts(batch.id)).received).toBe(2500);
    const page = await store.listBatchItems(batch.id, { limit: 10, afterKey: 'img/00100.png' });
    expect(page.map((p) => p.itemKey)).toEqual(items.slice(101, 111).map((i) => i.itemKey));
  });

  it('counts items by status and lists them by status', async () => {
    const { batch } = await store.createOrFindBatch({ name: 'counts', sourcePath: '/leaks/counts' });
    await store.upsertBatchItems(
      batch.id,
      ['1', '2', '3', '4', '5', '6'].map((k) => ({ itemKey: `${k}.png`, sha256: sha256Of(`counts ${k}`) })),
    );
    await store.setItemStatus(batch.id, '1.png', 'done');
    await store.setItemStatus(batch.id, '2.png', 'done');
    await store.setItemStatus(batch.id, '3.png', 'failed', { error: { code: 'IMAGE_TOO_LARGE', message: 'over 50 MP' } });
    await store.setItemStatus(batch.id, '4.png', 'processing');
    await store.setItemStatus(batch.id, '5.png', 'queued');
    expect(await store.batchCounts(batch.id)).toEqual({
      received: 1,
      queued: 1,
      processing: 1,
      done: 2,
      failed: 1,
      duplicate: 0,
      total: 6,
    });
    const failed = await store.listBatchItems(batch.id, { status: 'failed' });
    expect(failed.map((f) => [f.itemKey, f.errorCode, f.errorMessage])).toEqual([['3.png', 'IMAGE_TOO_LARGE', 'over 50 MP']]);
    expect((await store.listBatchItems(batch.id, { status: ['done', 'queued'] })).map((i) => i.itemKey)).toEqual(['1.png', '2.png', '5.png']);

    // Retry: back to received clears the reason.
    await store.setItemStatus(batch.id, '3.png', 'received');
    expect((await store.getBatchItem(batch.id, '3.png'))?.errorCode).toBeNull();
    expect((await store.batchCounts('no-such-batch')).total).toBe(0);
  });

  it('does not move a finished item backwards when the change is guarded', async () => {
    const { batch } = await store.createOrFindBatch({ name: 'guard', sourcePath: '/leaks/guard' });
    const sha = sha256Of('guard');
    await store.upsertBatchItems(batch.id, [{ itemKey: 'x.png', sha256: sha }]);
    await store.setItemStatus(batch.id, 'x.png', 'done');
    expect(await store.setItemStatus(batch.id, 'x.png', 'processing', { from: ['received', 'queued'] })).toBe(false);
    expect((await store.getBatchItem(batch.id, 'x.png'))?.status).toBe('done');
    expect(await store.setItemStatus(batch.id, 'missing.png', 'done')).toBe(false);
  });

  it('finishes every item of a document across batches with one call, duplicates excepted', async () => {
    const sha = sha256Of('shared doc');
    const one = (await store.createOrFindBatch({ name: 'doc-items-1', sourcePath: '/a' })).batch;
    const two = (await store.createOrFindBatch({ name: 'doc-items-2', sourcePath: '/b' })).batch;
    await store.upsertBatchItems(one.id, [{ itemKey: '1/a.png', sha256: sha }, { itemKey: '2/a-copy.png', sha256: sha }]);
    await store.upsertBatchItems(two.id, [{ itemKey: 'a.png', sha256: sha, status: 'queued' }]);
    await store.markDuplicates(one.id, { againstEarlierDocuments: false });
    const changed = await store.setDocumentItemsStatus(sha, 'done', { from: ['received', 'queued', 'processing'] });
    expect(changed).toBe(2);
    expect((await store.getBatchItem(one.id, '1/a.png'))?.status).toBe('done');
    expect((await store.getBatchItem(one.id, '2/a-copy.png'))?.status).toBe('duplicate');
    expect((await store.getBatchItem(two.id, 'a.png'))?.status).toBe('done');
  });

  it('marks duplicates of an earlier item or an earlier document', async () => {
    const older = newDocument('stored-before-the-batch');
    await store.putDocument(older);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const { batch } = await store.createOrFindBatch({ name: 'dups', sourcePath: '/leaks/dups' });
    const fresh = sha256Of('fresh content');
    await store.putDocument(newDocument('fresh', { sha256: fresh, firstPath: 'a/first.png' }));
    await store.upsertBatchItems(batch.id, [
      { itemKey: 'a/first.png', sha256: fresh },
      { itemKey: 'b/copy.png', sha256: fresh },
      { itemKey: 'c/old.png', sha256: older.sha256 },
      { itemKey: 'd/unreadable.png' },
    ]);
    const marked = await store.markDuplicates(batch.id);
    expect(marked.map((m) => [m.itemKey, m.status, m.duplicateOf, m.duplicateOfItem])).toEqual([
      ['b/copy.png', 'duplicate', fresh, 'a/first.png'],
      ['c/old.png', 'duplicate', older.sha256, null],
    ]);
    expect((await store.getBatchItem(batch.id, 'a/first.png'))?.status).toBe('received');
    // Running it again (a resumed batch) marks nothing more.
    expect(await store.markDuplicates(batch.id)).toEqual([]);
    expect((await store.batchCounts(batch.id)).duplicate).toBe(2);
    expect(await store.listDocumentSha256s({ batchId: batch.id })).toEqual([fresh, older.sha256].sort());
  });

  it('lists non-terminal items not updated since a cutoff, for the reconciler', async () => {
    const { batch } = await store.createOrFindBatch({ name: 'stale', sourcePath: '/leaks/stale' });
    await store.upsertBatchItems(
      batch.id,
      ['r', 'q', 'p', 'd', 'f', 'u'].map((k) => ({ itemKey: `${k}.png`, sha256: sha256Of(`stale ${k}`) })),
    );
    await store.setItemStatus(batch.id, 'q.png', 'queued');
    await store.setItemStatus(batch.id, 'p.png', 'processing');
    await store.setItemStatus(batch.id, 'd.png', 'done');
    await store.setItemStatus(batch.id, 'f.png', 'failed', { error: { code: 'X', message: 'x' } });
    await store.setItemStatus(batch.id, 'u.png', 'duplicate');
    await new Promise((resolve) => setTimeout(resolve, 10));
    const cutoff = new Date();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await store.listStaleItems({ updatedBefore: cutoff, batchId: batch.id })).map((i) => i.itemKey).sort()).toEqual([
      'p.png',
      'q.png',
      'r.png',
    ]);

    // Re-enqueueing counts an attempt and touches the item, so it is not picked again at once.
    expect(await store.incrementAttempts(batch.id, 'q.png')).toBe(1);
    expect(await store.incrementAttempts(batch.id, 'q.png')).toBe(2);
    expect((await store.listStaleItems({ updatedBefore: cutoff, batchId: batch.id })).map((i) => i.itemKey).sort()).toEqual([
      'p.png',
      'r.png',
    ]);
    expect(await store.listStaleItems({ updatedBefore: new Date(Date.parse(cutoff.toISOString()) - 60_000), batchId: batch.id })).toEqual([]);
    expect(await store.listStaleItems({ updatedBefore: new Date(Date.now() + 1000), batchId: batch.id, limit: 1 })).toHaveLength(1);
    await expect(store.incrementAttempts(batch.id, 'missing.png')).rejects.toThrow(/no item/);
  });

  it('appends review revisions and refuses a taken revision number cleanly', async () => {
    const doc = newDocument('review');
    await store.putDocument(doc);
    const [hitId] = (await store.saveAnalysis(sampleAnalysis(doc.sha256, 'glossary-v1'))).hitIds;
    const r1 = await store.appendReviewRevision({ hitId: hitId!, revision: 1, decision: 'confirm', author: 'translator-a' });
    expect(r1).toMatchObject({ hitId, revision: 1, decision: 'confirm', corrected: null, note: null, author: 'translator-a' });

    const conflict = store.appendReviewRevision({ hitId: hitId!, revision: 1, decision: 'reject', author: 'translator-b' });
    await expect(conflict).rejects.toBeInstanceOf(RevisionConflictError);
    await expect(conflict).rejects.toBeInstanceOf(InputError);
    await expect(conflict).rejects.toMatchObject({ code: 'REVIEW_REVISION_CONFLICT', hitId, revision: 1 });

    await store.appendReviewRevision({
      hitId: hitId!,
      revision: 2,
      decision: 'correct',
      corrected: { english: 'overseas contact station' },
      note: '联络站 here is a liaison office, not a police station',
      author: 'translator-b',
    });
    const revisions = await store.listReviewRevisions(hitId!);
    expect(revisions.map((r) => [r.revision, r.decision, r.author])).toEqual([
      [1, 'confirm', 'translator-a'],
      [2, 'correct', 'translator-b'],
    ]);
    expect(revisions[1]!.corrected).toEqual({ english: 'overseas contact station' });

    // Two reviewers racing for the same number: exactly one wins, the other gets the conflict.
    const race = await Promise.allSettled(
      ['translator-c', 'translator-d'].map((author) => store.appendReviewRevision({ hitId: hitId!, revision: 3, decision: 'confirm', author })),
    );
    expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = race.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(RevisionConflictError);

    // Saving the same analysis again keeps the hit id, so the decisions stay attached.
    const [again] = (await store.saveAnalysis(sampleAnalysis(doc.sha256, 'glossary-v1'))).hitIds;
    expect(again).toBe(hitId);
    expect(await store.listReviewRevisions(hitId!)).toHaveLength(3);
  });

  it('appends audit entries and lists them newest first', async () => {
    const first = await store.appendAudit({ actor: 'cli', action: 'batch.created', subject: 'audit-batch', details: { files: 3 } });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await store.appendAudit({ actor: 'cli', action: 'batch.resumed', subject: 'audit-batch' });
    await store.appendAudit({ actor: 'cli', action: 'other', subject: 'other-subject' });
    expect(first.details).toEqual({ files: 3 });
    const entries = await store.listAudit({ subject: 'audit-batch' });
    expect(entries.map((e) => e.action)).toEqual(['batch.resumed', 'batch.created']);
    expect(entries[0]!.details).toEqual({});
    expect(await store.listAudit({ limit: 1 })).toHaveLength(1);
  });

  it('lists stored documents for retag', async () => {
    const all = await store.listDocumentSha256s();
    expect(all).toContain(newDocument('retag').sha256);
    expect([...all].sort()).toEqual(all);
    expect(await store.listDocumentSha256s({ batchId: 'no-such-batch' })).toEqual([]);
  });
});

describe('SQLite durability settings', () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase('sqlite');
  });
  afterAll(async () => {
    await testDb.dispose();
  });

  it('sets WAL, synchronous=FULL and a busy timeout on the connection the store uses', async () => {
    const { db, raw } = openSqliteDatabase(path.join(testDb.config.dataDir, SQLITE_FILE_NAME));
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(raw.pragma('synchronous', { simple: true })).toBe(2); // 2 = FULL
      expect(raw.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(5000);
      expect(raw.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      await db.destroy();
    }
  });

  it('leaves the file in WAL mode, as another process opening it sees', async () => {
    const store = await openStore(testDb.config);
    await store.close();
    const other = new BetterSqlite3(path.join(testDb.config.dataDir, SQLITE_FILE_NAME));
    try {
      expect(other.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      other.close();
    }
  });

  it('shares one connection between stores opened on one file in one process', async () => {
    // Separate synchronous connections in one process would deadlock on the write lock.
    const file = path.join(testDb.config.dataDir, 'in-process', SQLITE_FILE_NAME);
    const stores = await Promise.all([openSqliteStore(file), openSqliteStore(file), openSqliteStore(file)]);
    const doc = newDocument('in-process');
    const analysis = sampleAnalysis(doc.sha256, 'glossary-v1', { withPinqing: true });
    await stores[0]!.putDocument(doc);
    await Promise.all(stores.map((s) => s.saveAnalysis(analysis)));
    await stores[0]!.close();
    await stores[0]!.close();
    expect(await stores[1]!.listHits(doc.sha256)).toHaveLength(2);
    await Promise.all(stores.slice(1).map((s) => s.close()));
  });

  it('lets several processes migrate and write the same new file at once', async () => {
    const file = path.join(testDb.config.dataDir, 'multi-process', SQLITE_FILE_NAME);
    const child = path.join(import.meta.dirname, 'helpers', 'store-open-child.ts');
    const outputs = await Promise.all(
      ['w1', 'w2', 'w3'].map((name) => execFileAsync(process.execPath, ['--import', 'tsx', child, file, name], { timeout: 60_000 })),
    );
    expect(outputs.map((o) => o.stdout.trim())).toEqual(['ok', 'ok', 'ok']);
    const db = new BetterSqlite3(file);
    try {
      // Each migration applied once, however many processes raced to apply it.
      const migrations = Object.keys(await migrationProvider.getMigrations()).length;
      expect(db.prepare('select count(*) as n from kysely_migration').get()).toEqual({ n: migrations });
      expect(db.prepare('select count(*) as n from batches').get()).toEqual({ n: 1 });
      expect(db.prepare("select count(*) as n from batch_items where status = 'done'").get()).toEqual({ n: 150 });
    } finally {
      db.close();
    }
  });
});

describe('opening a database that cannot be reached', () => {
  it('is a DependencyError naming the database, never its password', async () => {
    const attempt = openStore({ dataDir: '/nonexistent', databaseUrl: 'postgres://termlens:s3cret-pw@127.0.0.1:1/leaks' });
    await expect(attempt).rejects.toBeInstanceOf(DependencyError);
    const error = (await attempt.catch((e: unknown) => e)) as DependencyError;
    expect(error.code).toBe('DATABASE_UNAVAILABLE');
    expect(error.message).toContain('postgres://termlens@127.0.0.1:1/leaks');
    expect(error.message).not.toContain('s3cret-pw');
  });

  it('is a DependencyError for a SQLite file that cannot be created', async () => {
    // A data dir below a plain file can never be created, whoever runs the tests (root included).
    const testDb = await createTestDatabase('sqlite');
    try {
      const blocker = path.join(testDb.config.dataDir, 'a-file');
      await fs.writeFile(blocker, 'not a directory');
      await expect(openStore({ dataDir: path.join(blocker, 'data') })).rejects.toMatchObject({
        kind: 'dependency',
        code: 'DATABASE_UNAVAILABLE',
        message: expect.stringContaining(path.join(blocker, 'data', SQLITE_FILE_NAME)),
      });
    } finally {
      await testDb.dispose();
    }
  });
});
