/**
 * The documents' review tallies (src/store/repositories/queue-tally.ts), which the queue's
 * counter sums, against the same counts made the long way (a filter on the hits sends the
 * counter through its joins), after decisions, bulk decisions and re-tags that run at the same
 * time from two stores on one database, as two servers or a server and a worker would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareDocumentThenId } from '../../src/review/decision-order.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store, StoredHit } from '../../src/store/store.ts';
import { createTestDatabase, STORE_BACKENDS, type TestDatabase } from './helpers/store-backends.ts';
import { newDocument, sampleAnalysis } from './helpers/store-fixtures.ts';

const DOCUMENTS = 6;

describe.each(STORE_BACKENDS)('review tallies on %s', (backend) => {
  let testDb: TestDatabase;
  let server: Store;
  let other: Store;
  const shas: string[] = [];

  beforeAll(async () => {
    testDb = await createTestDatabase(backend);
    server = await openStore(testDb.config);
    other = await openStore(testDb.config);
    for (let i = 0; i < DOCUMENTS; i++) {
      const doc = newDocument(`tally-${i}`);
      await server.putDocument(doc);
      shas.push(doc.sha256);
      await server.saveAnalysis(sampleAnalysis(doc.sha256, 'v1', { withPinqing: true }));
    }
  });

  afterAll(async () => {
    await other?.close();
    await server?.close();
    await testDb?.dispose();
  });

  /** Each document's counter from its tally, and the same counts through the joins. */
  async function expectTalliesAgree(): Promise<void> {
    for (const sha256 of shas) {
      expect(await server.hits.count({ sha256 }), sha256).toEqual(await server.hits.count({ sha256, kind: 'exact' }));
    }
    expect(await server.hits.count({})).toEqual(await server.hits.count({ kind: 'exact' }));
  }

  async function decide(store: Store, hit: StoredHit, decision: 'confirm' | 'reject' | 'correct' | 'reopen'): Promise<void> {
    const revisions = await store.listReviewRevisions(hit.id);
    await store.appendReviewRevision({ hitId: hit.id, revision: revisions.length + 1, decision, author: 'tally', ...(decision === 'correct' ? { corrected: { reading: 'x' } } : {}) });
  }

  it('counts each decision once, and an undo back to pending as none', async () => {
    const hits = (await Promise.all(shas.map((sha) => server.listHits(sha)))).flat();
    await decide(server, hits[0]!, 'confirm');
    await decide(server, hits[1]!, 'reject');
    await decide(server, hits[2]!, 'correct');
    await decide(server, hits[2]!, 'reopen');
    expect(await server.hits.count({})).toEqual({ total: 12, pending: 10, confirmed: 1, rejected: 1, corrected: 0, withdrawn: 0 });
    await expectTalliesAgree();
  });

  it('stays exact under decisions on one document from two stores, a bulk decision across documents and a re-tag, all at once', async () => {
    const hitsOf = async (i: number) => server.listHits(shas[i]!);
    const [zeroth, first, second] = [await hitsOf(0), await hitsOf(1), await hitsOf(2)];
    // Every hit of documents 3–5 in one transaction, in the order a bulk decision writes.
    const bulkHits = (await Promise.all([3, 4, 5].map(hitsOf))).flat().sort(compareDocumentThenId);
    await Promise.all([
      decide(server, first[0]!, 'confirm'),
      decide(other, first[1]!, 'reject'),
      decide(other, second[0]!, 'correct'),
      // Document 2 re-tagged under v2 without 聘请 while its other hit is decided on.
      server.saveAnalysis(sampleAnalysis(shas[2]!, 'v2', { withPinqing: false })),
      decide(server, second[1]!, 'confirm'),
      other.transaction(async (tx) => {
        for (const hit of bulkHits) await decide(tx, hit, 'reject');
      }),
      decide(other, zeroth[1]!, 'confirm'),
    ]).catch((error: unknown) => {
      throw new Error(`a concurrent write failed: ${String(error)}`, { cause: error });
    });
    await expectTalliesAgree();
    const counts = await server.hits.count({});
    // Document 2 lost its 聘请 hit: decided under v1, it is withdrawn (confirm) or was never decided.
    expect(counts.total).toBe(11);
    expect(counts.withdrawn).toBe(1);
    expect(counts.confirmed + counts.rejected + counts.corrected + counts.pending).toBe(11);
    expect(counts).toMatchObject({ confirmed: 3, rejected: 7, corrected: 1, pending: 0 });
  });
});
