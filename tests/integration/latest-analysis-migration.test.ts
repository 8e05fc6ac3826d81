/**
 * Migration 0010 on a store that has analyses and decisions already, on SQLite and PostgreSQL:
 * the document rows learn their latest analysis and latest_decisions each key's latest
 * revision, so the queue's counter and pages read the same as they did before it.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import { insertOldDocument, insertOldHit } from './helpers/old-store-rows.ts';
import { openStoreAtMigration } from './helpers/store-at-migration.ts';
import { createTestDatabase, STORE_BACKENDS } from './helpers/store-backends.ts';

const RETAGGED = 'a'.repeat(64);
const ONCE = 'b'.repeat(64);
const UNANALYSED = 'c'.repeat(64);
const WITHDRAWN = 'd'.repeat(64);

describe.each(STORE_BACKENDS)('migration 0010 on %s', (backend) => {
  it('fills in each document’s latest analysis and each key’s latest decision, then keeps them as decisions are made', async () => {
    const testDb = await createTestDatabase(backend);
    try {
      const handle = await openStoreAtMigration(testDb, '0005-review-queue-indexes');
      try {
        // A document tagged under v1 and again under v2 (same hit in both), one tagged once, one
        // never analysed: decisions on the first (made on its v1 hit) and on the second.
        await insertOldDocument(handle.db, RETAGGED, '青田县侨领', ['v1', 'v2'], 1);
        await insertOldHit(handle.db, { id: 'hit_v1', sha256: RETAGGED, text: '青田县侨领', version: 'v1', ordinal: 0, entryId: 'qiaoling', term: '侨领' });
        await insertOldHit(handle.db, { id: 'hit_v2', sha256: RETAGGED, text: '青田县侨领', version: 'v2', ordinal: 0, entryId: 'qiaoling', term: '侨领' });
        await insertOldDocument(handle.db, ONCE, '警侨驿站', ['v1'], 1);
        await insertOldHit(handle.db, { id: 'hit_once', sha256: ONCE, text: '警侨驿站', version: 'v1', ordinal: 0, entryId: 'jingqiao', term: '警侨驿站' });
        await sql`insert into documents (sha256, media_type, bytes, width, height, blob_key, first_path, created_at)
          values (${UNANALYSED}, 'image/png', 1, 10, 10, 'k', 'c.png', '2026-01-02T00:00:00.000Z')`.execute(handle.db);
        // One whose v2 no longer finds the hit decided under v1: that decision is withdrawn.
        await insertOldDocument(handle.db, WITHDRAWN, '统战部', ['v1'], 1);
        await sql`insert into analyses (sha256, glossary_version, analysed_text, script, tokens_json, hit_count, seq, analysed_at)
          values (${WITHDRAWN}, 'v2', '统战部', 'simplified', '[]', 0, 2, '2026-01-03T00:00:00.000Z')`.execute(handle.db);
        await insertOldHit(handle.db, { id: 'hit_gone', sha256: WITHDRAWN, text: '统战部', version: 'v1', ordinal: 0, entryId: 'tongzhan', term: '统战部' });
        const decide = (hitId: string, revision: number, decision: string) =>
          sql`insert into review_revisions (hit_id, revision, decision, author, created_at)
            values (${hitId}, ${revision}, ${decision}, 'translator', '2026-01-01T00:00:00.000Z')`.execute(handle.db);
        await decide('hit_v1', 1, 'confirm');
        await decide('hit_v1', 2, 'correct');
        await decide('hit_once', 1, 'reject');
        await decide('hit_gone', 1, 'confirm');
      } finally {
        await handle.close();
      }

      const store = await openStore(testDb.config);
      try {
        const documents = await testDb.query<Record<string, string | number | null>>(
          'select sha256, latest_glossary_version, latest_hit_count, latest_confirmed, latest_rejected, latest_corrected, latest_withdrawn from documents order by sha256',
        );
        const tallies = () => documents.map((d) => [String(d.sha256)[0], d.latest_glossary_version, ...[d.latest_hit_count, d.latest_confirmed, d.latest_rejected, d.latest_corrected, d.latest_withdrawn].map((n) => (n === null ? null : Number(n)))]);
        // The retagged document's decisions were made on its v1 hit; they are its v2 hit's.
        expect(tallies()).toEqual([
          ['a', 'v2', 1, 0, 0, 1, 0],
          ['b', 'v1', 1, 0, 1, 0, 0],
          ['c', null, null, 0, 0, 0, 0],
          ['d', 'v2', 0, 0, 0, 0, 1],
        ]);
        expect(await store.hits.count({})).toEqual({ total: 2, pending: 0, confirmed: 0, rejected: 1, corrected: 1, withdrawn: 1 });
        // The same figures the long way, through a filter on the hits (joins, not tallies).
        expect(await store.hits.count({ kind: 'exact' })).toEqual({ total: 2, pending: 0, confirmed: 0, rejected: 1, corrected: 1, withdrawn: 1 });
        const page = await store.hits.queued({}, { limit: 10 });
        expect(await store.hits.count({ sha256: WITHDRAWN })).toEqual({ total: 0, pending: 0, confirmed: 0, rejected: 0, corrected: 0, withdrawn: 1 });
        expect(page.map((h) => [h.id, h.reviewStatus, h.revision])).toEqual([
          ['hit_v2', 'corrected', 2],
          ['hit_once', 'rejected', 1],
        ]);

        // Decisions after the migration keep latest_decisions current: an undo back to pending,
        // then a decision again; a stale revision number is refused and changes nothing.
        await store.appendReviewRevision({ hitId: 'hit_once', revision: 2, decision: 'reopen', author: 'undoer' });
        expect(await store.hits.count({ sha256: ONCE })).toMatchObject({ total: 1, pending: 1, rejected: 0 });
        expect((await store.hits.queued({ status: 'pending' }, { limit: 10 })).map((h) => h.id)).toEqual(['hit_once']);
        await store.appendReviewRevision({ hitId: 'hit_once', revision: 3, decision: 'confirm', author: 'translator' });
        await expect(store.appendReviewRevision({ hitId: 'hit_once', revision: 3, decision: 'reject', author: 'late' })).rejects.toThrow();
        expect(await store.hits.count({})).toEqual({ total: 2, pending: 0, confirmed: 1, rejected: 0, corrected: 1, withdrawn: 1 });
        expect(await store.hits.count({ kind: 'exact' })).toEqual(await store.hits.count({}));
        expect(await testDb.query('select review_key, revision, decision from latest_decisions order by revision')).toHaveLength(3);
      } finally {
        await store.close();
      }
    } finally {
      await testDb.dispose();
    }
  });
});
