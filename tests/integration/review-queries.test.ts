import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { createTestDatabase, STORE_BACKENDS, type TestDatabase } from './helpers/store-backends.ts';
import { newDocument, sampleAnalysis, sampleOcr } from './helpers/store-fixtures.ts';

/** The review service's SQL (queue, counts, decisions, tokens) on both backends. */
describe.each(STORE_BACKENDS)('review queries on %s', (backend) => {
  let testDb: TestDatabase;
  let store: Store;
  const shas: string[] = [];

  beforeAll(async () => {
    testDb = await createTestDatabase(backend);
    store = await openStore(testDb.config);
    for (const name of ['a', 'b', 'c']) {
      const doc = newDocument(`review-${name}`);
      await store.putDocument(doc);
      await store.saveOcrResult(doc.sha256, sampleOcr());
      await store.saveAnalysis(sampleAnalysis(doc.sha256, 'v1', { withPinqing: true }));
      shas.push(doc.sha256);
    }
    // The first document was retagged: only its latest version's hits are in the queue.
    await store.saveAnalysis(sampleAnalysis(shas[0]!, 'v2'));
  });

  afterAll(async () => {
    await store?.close();
    await testDb?.dispose();
  });

  it('lists the latest analyses\' hits in order, pages by keyset and filters by status', async () => {
    const all = await store.hits.queued({}, { limit: 100 });
    expect(all.map((h) => h.glossaryVersion)).toEqual(['v2', 'v1', 'v1', 'v1', 'v1']);
    const first = await store.hits.queued({}, { limit: 2 });
    const last = first[1]!;
    const rest = await store.hits.queued({}, { limit: 100, after: { createdAt: last.documentCreatedAt, sha256: last.sha256, ordinal: last.ordinal } });
    expect([...first, ...rest].map((h) => h.id)).toEqual(all.map((h) => h.id));
    const back = await store.hits.queued({}, { limit: 2, before: { createdAt: rest[0]!.documentCreatedAt, sha256: rest[0]!.sha256, ordinal: rest[0]!.ordinal } });
    expect(back.map((h) => h.id)).toEqual(first.map((h) => h.id));

    await store.appendReviewRevision({ hitId: all[1]!.id, revision: 1, decision: 'confirm', author: 'a' });
    await store.appendReviewRevision({ hitId: all[1]!.id, revision: 2, decision: 'reject', author: 'b' });
    await store.appendReviewRevision({ hitId: all[2]!.id, revision: 1, decision: 'correct', corrected: { reading: 'x' }, author: 'c' });
    expect((await store.hits.queued({ status: 'rejected' }, { limit: 10 })).map((h) => h.id)).toEqual([all[1]!.id]);
    expect((await store.hits.queued({ status: 'pending' }, { limit: 10 })).length).toBe(3);
    expect(await store.hits.count({})).toEqual({ total: 5, pending: 3, confirmed: 0, rejected: 1, corrected: 1, withdrawn: 0 });
    expect(await store.hits.count({ term: 'pinqing' })).toMatchObject({ total: 2 });
    const latest = await store.latestReviewRevisions(all.map((h) => h.id));
    expect([...latest.values()].map((r) => [r.decision, r.revision]).sort()).toEqual([
      ['correct', 1],
      ['reject', 2],
    ]);
    const { batch } = await store.createOrFindBatch({ name: `rq-${backend}`, sourcePath: 'x' });
    await store.upsertBatchItems(batch.id, [{ itemKey: 'b.png', sha256: shas[1]!, status: 'done' }]);
    expect((await store.hits.queued({ batchId: batch.id }, { limit: 10 })).every((h) => h.sha256 === shas[1])).toBe(true);
  });

  it('keeps tokens hashed, verifies and revokes them', async () => {
    const tokens = store.tokens;
    const { token, record } = await tokens.create({ name: 'someone', role: 'reviewer' });
    expect(token).toMatch(/^tlk_[A-Za-z0-9_-]{43}$/);
    const rows = await testDb.query<{ token_hash: string }>('select token_hash from api_tokens');
    expect(rows.map((r) => r.token_hash)).not.toContain(token);
    expect((await tokens.verify(token))?.id).toBe(record.id);
    expect(await tokens.verify(`${token}x`)).toBeUndefined();
    await tokens.revoke(record.id);
    expect(await tokens.verify(token)).toBeUndefined();
    expect(await tokens.getLive(record.id)).toBeUndefined();
  });
});
