import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_STATUSES, statusOfDecision, type HitFilters, type QueuedHit, type ReviewStatus } from '../../src/store/repositories/hit-queue.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { createTestDatabase, STORE_BACKENDS, type TestDatabase } from './helpers/store-backends.ts';
import { newDocument, sampleAnalysis } from './helpers/store-fixtures.ts';

/**
 * The review queue's SQL (pages, keyset cursors, filters, the counter) is written for speed
 * (bench/serve.ts: 100,000 hits); this checks that it selects exactly what the store's plain API
 * says, one document at a time: each document's latest analysis, in upload order, with each
 * hit's latest decision. Documents retagged (back and forth), one never analysed, hits of older
 * versions with decisions that must not count, and several revisions on one hit.
 */
type Expected = { id: string; sha256: string; entryId: string; status: ReviewStatus };

describe.each(STORE_BACKENDS)('the review queue agrees with the store on %s', (backend) => {
  let testDb: TestDatabase;
  let store: Store;
  let expected: Expected[] = [];
  const shas: string[] = [];
  let batchId = '';

  beforeAll(async () => {
    testDb = await createTestDatabase(backend);
    store = await openStore(testDb.config);
    for (let i = 0; i < 9; i++) {
      const doc = newDocument(`agree-${i}`);
      await store.putDocument(doc);
      shas.push(doc.sha256);
      if (i === 4) continue; // stored, never analysed: no hits
      await store.saveAnalysis(sampleAnalysis(doc.sha256, 'v1', { withPinqing: i % 2 === 0 }));
    }
    // Retagged: v2 becomes the latest; document 3 then goes back to v1, the last saved.
    for (const i of [0, 3, 6]) await store.saveAnalysis(sampleAnalysis(shas[i]!, 'v2', { withPinqing: i !== 0 }));
    await store.saveAnalysis(sampleAnalysis(shas[3]!, 'v1', { withPinqing: true }));
    // A decision on a hit the latest analysis no longer has is withdrawn, not in the queue:
    // document 0's v1 pinqing hit (v2 has only the liaison station).
    const old = await store.listHits(shas[0]!, 'v1');
    await store.appendReviewRevision({ hitId: old[1]!.id, revision: 1, decision: 'reject', author: 'old' });
    const current = (await Promise.all(shas.map((sha) => store.listHits(sha)))).flat();
    const decisions = ['confirm', 'reject', 'correct', 'confirm'] as const;
    for (const [n, hit] of current.entries()) {
      if (n % 3 === 2) continue;
      await store.appendReviewRevision({ hitId: hit.id, revision: 1, decision: decisions[n % 4]!, author: 'r', ...(decisions[n % 4] === 'correct' ? { corrected: { reading: 'x' } } : {}) });
      if (n % 5 === 0) await store.appendReviewRevision({ hitId: hit.id, revision: 2, decision: 'reject', author: 's' });
    }
    const { batch } = await store.createOrFindBatch({ name: `agree-${backend}`, sourcePath: 'x' });
    batchId = batch.id;
    await store.upsertBatchItems(batch.id, [
      { itemKey: 'two.png', sha256: shas[2]!, status: 'done' },
      { itemKey: 'seven.png', sha256: shas[7]!, status: 'done' },
    ]);

    // What the queue must hold, from the store's API alone: documents in upload order
    // (created_at, then sha256), each one's latest hits in text order, latest decision each.
    const docs = await Promise.all(shas.map(async (sha) => (await store.getDocument(sha))!));
    docs.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.sha256 < b.sha256 ? -1 : 1));
    expected = [];
    for (const doc of docs) {
      for (const hit of await store.listHits(doc.sha256)) {
        const revisions = await store.listReviewRevisions(hit.id);
        expected.push({ id: hit.id, sha256: doc.sha256, entryId: hit.entryId, status: statusOfDecision(revisions[revisions.length - 1]?.decision) });
      }
    }
  });

  afterAll(async () => {
    await store?.close();
    await testDb?.dispose();
  });

  const cursorOf = (h: QueuedHit) => ({ createdAt: h.documentCreatedAt, sha256: h.sha256, ordinal: h.ordinal });

  /** Every page of `size` forwards from the start, then backwards from the end. */
  async function walk(filters: HitFilters, size: number): Promise<{ forwards: string[]; backwards: string[] }> {
    const forwards: QueuedHit[] = [];
    for (let page = await store.hits.queued(filters, { limit: size }); page.length > 0; ) {
      forwards.push(...page);
      page = await store.hits.queued(filters, { limit: size, after: cursorOf(page[page.length - 1]!) });
    }
    const backwards: QueuedHit[] = [];
    const last = forwards[forwards.length - 1];
    if (last) {
      backwards.push(last);
      for (let page = await store.hits.queued(filters, { limit: size, before: cursorOf(last) }); page.length > 0; ) {
        backwards.unshift(...page);
        page = await store.hits.queued(filters, { limit: size, before: cursorOf(page[0]!) });
      }
    }
    return { forwards: forwards.map((h) => h.id), backwards: backwards.map((h) => h.id) };
  }

  it('pages through every latest hit in upload order, forwards and backwards, whatever the page size', async () => {
    expect(expected.length).toBeGreaterThan(10);
    for (const size of [1, 2, 5, 100]) {
      const { forwards, backwards } = await walk({}, size);
      expect(forwards).toEqual(expected.map((h) => h.id));
      expect(backwards).toEqual(forwards);
    }
  });

  it('filters by status, term, document and batch as the store says', async () => {
    for (const status of QUEUE_STATUSES) {
      expect((await walk({ status }, 2)).forwards).toEqual(expected.filter((h) => h.status === status).map((h) => h.id));
    }
    expect((await walk({ term: 'pinqing', status: 'pending' }, 2)).forwards).toEqual(
      expected.filter((h) => h.entryId === 'pinqing' && h.status === 'pending').map((h) => h.id),
    );
    expect((await walk({ sha256: shas[3]! }, 1)).forwards).toEqual(expected.filter((h) => h.sha256 === shas[3]).map((h) => h.id));
    expect((await walk({ batchId }, 2)).forwards).toEqual(expected.filter((h) => h.sha256 === shas[2] || h.sha256 === shas[7]).map((h) => h.id));
  });

  it('counts what the pages hold, with and without filters', async () => {
    // `withdrawn`: document 0's decided v1 pinqing hit, which its v2 analysis no longer has.
    const countOf = (hits: Expected[], withdrawn = 0) => {
      const counts = { total: hits.length, pending: 0, confirmed: 0, rejected: 0, corrected: 0, withdrawn };
      for (const h of hits) counts[h.status] += 1;
      return counts;
    };
    expect(await store.hits.count({})).toEqual(countOf(expected, 1));
    expect(await store.hits.count({ term: 'pinqing' })).toEqual(countOf(expected.filter((h) => h.entryId === 'pinqing'), 1));
    expect(await store.hits.count({ sha256: shas[0]! })).toEqual(countOf(expected.filter((h) => h.sha256 === shas[0]), 1));
    expect(await store.hits.count({ sha256: shas[1]! })).toEqual(countOf(expected.filter((h) => h.sha256 === shas[1])));
    expect(await store.hits.count({ sha256: shas[4]! })).toEqual(countOf([]));
    expect(await store.hits.count({ batchId })).toEqual(countOf(expected.filter((h) => h.sha256 === shas[2] || h.sha256 === shas[7])));
  });
});
