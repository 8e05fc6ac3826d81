/** The store's batches and batch items, on SQLite and PostgreSQL. */
import { describe, expect, it } from 'vitest';
import { STORE_BACKENDS } from './helpers/store-backends.ts';
import { newDocument, sha256Of } from './helpers/store-fixtures.ts';
import { type CountRow, count, useStoreSuite } from './helpers/store-suite.ts';

describe.each(STORE_BACKENDS)('store on %s', (backend) => {
  const env = useStoreSuite(backend);

  it('resumes a batch by name instead of starting another', async () => {
    const first = await env.store.createOrFindBatch({ name: 'leak-2024', sourcePath: '/leaks/2024.zip' });
    const again = await env.store.createOrFindBatch({ name: 'leak-2024', sourcePath: '/leaks/2024.zip' });
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.batch).toEqual(first.batch);
    expect(await env.store.getBatch(first.batch.id)).toEqual(first.batch);
    expect(await env.store.findBatchByName('leak-2024')).toEqual(first.batch);
    expect((await env.store.listBatches()).map((b) => b.name)).toContain('leak-2024');

    const racing = await Promise.all([1, 2, 3].map(() => env.store.createOrFindBatch({ name: 'leak-race', sourcePath: '/x' })));
    expect(racing.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(racing.map((r) => r.batch.id)).size).toBe(1);
  });

  it('upserts batch items idempotently: a resume keeps their state', async () => {
    const { batch } = await env.store.createOrFindBatch({ name: 'upsert', sourcePath: '/leaks/upsert' });
    const a = sha256Of('item a');
    const items = [{ itemKey: 'a.png', sha256: a }, { itemKey: 'b.png' }, { itemKey: 'bad.zip-entry', status: 'failed' as const, error: { code: 'ZIP_ENTRY_UNSAFE', message: 'path escapes the archive' } }];
    const first = await env.store.upsertBatchItems(batch.id, items);
    expect(first.map((i) => [i.itemKey, i.status, i.attempts])).toEqual([
      ['a.png', 'received', 0],
      ['b.png', 'received', 0],
      ['bad.zip-entry', 'failed', 0],
    ]);
    expect(first[2]!.errorCode).toBe('ZIP_ENTRY_UNSAFE');

    await env.store.setItemStatus(batch.id, 'a.png', 'done');
    const b = sha256Of('item b');
    const again = await env.store.upsertBatchItems(batch.id, [
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
    expect(count(await env.testDb.query<CountRow>('select count(*) as n from batch_items where batch_id = ?', [batch.id]))).toBe(3);
  });

  it('handles a batch of thousands of items in one upsert', async () => {
    const { batch } = await env.store.createOrFindBatch({ name: 'large', sourcePath: '/leaks/large' });
    const items = Array.from({ length: 2500 }, (_, i) => ({ itemKey: `img/${String(i).padStart(5, '0')}.png`, sha256: sha256Of(`large ${i}`) }));
    const stored = await env.store.upsertBatchItems(batch.id, items);
    expect(stored).toHaveLength(2500);
    expect(stored.map((s) => s.itemKey)).toEqual(items.map((i) => i.itemKey));
    expect((await env.store.batchCounts(batch.id)).received).toBe(2500);
    const page = await env.store.listBatchItems(batch.id, { limit: 10, afterKey: 'img/00100.png' });
    expect(page.map((p) => p.itemKey)).toEqual(items.slice(101, 111).map((i) => i.itemKey));
  });

  it('counts items by status and lists them by status', async () => {
    const { batch } = await env.store.createOrFindBatch({ name: 'counts', sourcePath: '/leaks/counts' });
    await env.store.upsertBatchItems(
      batch.id,
      ['1', '2', '3', '4', '5', '6'].map((k) => ({ itemKey: `${k}.png`, sha256: sha256Of(`counts ${k}`) })),
    );
    await env.store.setItemStatus(batch.id, '1.png', 'done');
    await env.store.setItemStatus(batch.id, '2.png', 'done');
    await env.store.setItemStatus(batch.id, '3.png', 'failed', { error: { code: 'IMAGE_TOO_LARGE', message: 'over 50 MP' } });
    await env.store.setItemStatus(batch.id, '4.png', 'processing');
    await env.store.setItemStatus(batch.id, '5.png', 'queued');
    expect(await env.store.batchCounts(batch.id)).toEqual({
      received: 1,
      queued: 1,
      processing: 1,
      done: 2,
      failed: 1,
      duplicate: 0,
      total: 6,
    });
    const failed = await env.store.listBatchItems(batch.id, { status: 'failed' });
    expect(failed.map((f) => [f.itemKey, f.errorCode, f.errorMessage])).toEqual([['3.png', 'IMAGE_TOO_LARGE', 'over 50 MP']]);
    expect((await env.store.listBatchItems(batch.id, { status: ['done', 'queued'] })).map((i) => i.itemKey)).toEqual(['1.png', '2.png', '5.png']);

    // Retry: back to received clears the reason.
    await env.store.setItemStatus(batch.id, '3.png', 'received');
    expect((await env.store.getBatchItem(batch.id, '3.png'))?.errorCode).toBeNull();
    expect((await env.store.batchCounts('no-such-batch')).total).toBe(0);
  });

  it('does not move a finished item backwards when the change is guarded', async () => {
    const { batch } = await env.store.createOrFindBatch({ name: 'guard', sourcePath: '/leaks/guard' });
    const sha = sha256Of('guard');
    await env.store.upsertBatchItems(batch.id, [{ itemKey: 'x.png', sha256: sha }]);
    await env.store.setItemStatus(batch.id, 'x.png', 'done');
    expect(await env.store.setItemStatus(batch.id, 'x.png', 'processing', { from: ['received', 'queued'] })).toBe(false);
    expect((await env.store.getBatchItem(batch.id, 'x.png'))?.status).toBe('done');
    expect(await env.store.setItemStatus(batch.id, 'missing.png', 'done')).toBe(false);
  });

  it('finishes every item of a document across batches with one call, duplicates excepted', async () => {
    const sha = sha256Of('shared doc');
    const one = (await env.store.createOrFindBatch({ name: 'doc-items-1', sourcePath: '/a' })).batch;
    const two = (await env.store.createOrFindBatch({ name: 'doc-items-2', sourcePath: '/b' })).batch;
    await env.store.upsertBatchItems(one.id, [{ itemKey: '1/a.png', sha256: sha }, { itemKey: '2/a-copy.png', sha256: sha }]);
    await env.store.upsertBatchItems(two.id, [{ itemKey: 'a.png', sha256: sha, status: 'queued' }]);
    await env.store.markDuplicates(one.id, { againstEarlierDocuments: false });
    const changed = await env.store.setDocumentItemsStatus(sha, 'done', { from: ['received', 'queued', 'processing'] });
    expect(changed).toBe(2);
    expect((await env.store.getBatchItem(one.id, '1/a.png'))?.status).toBe('done');
    expect((await env.store.getBatchItem(one.id, '2/a-copy.png'))?.status).toBe('duplicate');
    expect((await env.store.getBatchItem(two.id, 'a.png'))?.status).toBe('done');
  });

  it('marks duplicates of an earlier item or an earlier document', async () => {
    const older = newDocument('stored-before-the-batch');
    await env.store.putDocument(older);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const { batch } = await env.store.createOrFindBatch({ name: 'dups', sourcePath: '/leaks/dups' });
    const fresh = sha256Of('fresh content');
    await env.store.putDocument(newDocument('fresh', { sha256: fresh, firstPath: 'a/first.png' }));
    await env.store.upsertBatchItems(batch.id, [
      { itemKey: 'a/first.png', sha256: fresh },
      { itemKey: 'b/copy.png', sha256: fresh },
      { itemKey: 'c/old.png', sha256: older.sha256 },
      { itemKey: 'd/unreadable.png' },
    ]);
    const marked = await env.store.markDuplicates(batch.id);
    expect(marked.map((m) => [m.itemKey, m.status, m.duplicateOf, m.duplicateOfItem])).toEqual([
      ['b/copy.png', 'duplicate', fresh, 'a/first.png'],
      ['c/old.png', 'duplicate', older.sha256, null],
    ]);
    expect((await env.store.getBatchItem(batch.id, 'a/first.png'))?.status).toBe('received');
    // Running it again (a resumed batch) marks nothing more.
    expect(await env.store.markDuplicates(batch.id)).toEqual([]);
    expect((await env.store.batchCounts(batch.id)).duplicate).toBe(2);
    expect(await env.store.listDocumentSha256s({ batchId: batch.id })).toEqual([fresh, older.sha256].sort());
  });

  it('lists non-terminal items not updated since a cutoff, for the reconciler', async () => {
    const { batch } = await env.store.createOrFindBatch({ name: 'stale', sourcePath: '/leaks/stale' });
    await env.store.upsertBatchItems(
      batch.id,
      ['r', 'q', 'p', 'd', 'f', 'u'].map((k) => ({ itemKey: `${k}.png`, sha256: sha256Of(`stale ${k}`) })),
    );
    await env.store.setItemStatus(batch.id, 'q.png', 'queued');
    await env.store.setItemStatus(batch.id, 'p.png', 'processing');
    await env.store.setItemStatus(batch.id, 'd.png', 'done');
    await env.store.setItemStatus(batch.id, 'f.png', 'failed', { error: { code: 'X', message: 'x' } });
    await env.store.setItemStatus(batch.id, 'u.png', 'duplicate');
    await new Promise((resolve) => setTimeout(resolve, 10));
    const cutoff = new Date();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await env.store.listStaleItems({ updatedBefore: cutoff, batchId: batch.id })).map((i) => i.itemKey).sort()).toEqual([
      'p.png',
      'q.png',
      'r.png',
    ]);

    // Re-enqueueing counts an attempt and touches the item, so it is not picked again at once.
    expect(await env.store.incrementAttempts(batch.id, 'q.png')).toBe(1);
    expect(await env.store.incrementAttempts(batch.id, 'q.png')).toBe(2);
    expect((await env.store.listStaleItems({ updatedBefore: cutoff, batchId: batch.id })).map((i) => i.itemKey).sort()).toEqual([
      'p.png',
      'r.png',
    ]);
    expect(await env.store.listStaleItems({ updatedBefore: new Date(Date.parse(cutoff.toISOString()) - 60_000), batchId: batch.id })).toEqual([]);
    expect(await env.store.listStaleItems({ updatedBefore: new Date(Date.now() + 1000), batchId: batch.id, limit: 1 })).toHaveLength(1);
    await expect(env.store.incrementAttempts(batch.id, 'missing.png')).rejects.toThrow(/no item/);
  });
});
