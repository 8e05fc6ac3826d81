/** Migration 0009 on a store that has decisions already, on SQLite and PostgreSQL. */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import { RevisionConflictError } from '../../src/store/revision-conflict-error.ts';
import { insertOldDocument, insertOldHit } from './helpers/old-store-rows.ts';
import { openStoreAtMigration } from './helpers/store-at-migration.ts';
import { createTestDatabase, STORE_BACKENDS } from './helpers/store-backends.ts';

describe.each(STORE_BACKENDS)('migration 0009 on %s', (backend) => {
  it('keeps the revisions made before it, then takes reopen and bulk ids, and still refuses what it refused', async () => {
    const testDb = await createTestDatabase(backend);
    try {
      // The store as it was before bulk decisions: migrated up to 0005, with two decisions.
      const handle = await openStoreAtMigration(testDb, '0005-review-queue-indexes');
      try {
        // Since 0006 a decision belongs to a stored hit (its review key): the hit is there too.
        await insertOldDocument(handle.db, 'a'.repeat(64), '青田县侨领', ['v1'], 1);
        await insertOldHit(handle.db, { id: 'hit_old', sha256: 'a'.repeat(64), text: '青田县侨领', version: 'v1', ordinal: 0, entryId: 'qiaoling', term: '侨领' });
        const row = (revision: number, decision: string) =>
          sql`insert into review_revisions (hit_id, revision, decision, corrected_json, note, author, created_at)
            values ('hit_old', ${revision}, ${decision}, ${'{"reading":"侨领"}'}, 'old note', 'translator', '2026-01-01T00:00:00.000Z')`;
        await row(1, 'confirm').execute(handle.db);
        await row(2, 'correct').execute(handle.db);
        await expect(row(3, 'reopen').execute(handle.db)).rejects.toThrow();
      } finally {
        await handle.close();
      }

      const store = await openStore(testDb.config);
      try {
        const before = await store.listReviewRevisions('hit_old');
        expect(before.map((r) => [r.revision, r.decision, r.note, r.corrected, r.bulkId])).toEqual([
          [1, 'confirm', 'old note', { reading: '侨领' }, null],
          [2, 'correct', 'old note', { reading: '侨领' }, null],
        ]);
        await store.appendReviewRevision({ hitId: 'hit_old', revision: 3, decision: 'reopen', author: 'undoer', bulkId: 'bulk_test' });
        expect((await store.listBulkRevisions('bulk_test')).map((r) => [r.hitId, r.revision, r.decision])).toEqual([['hit_old', 3, 'reopen']]);
        // The key survived the copy (SQLite) and the check still refuses an unknown decision.
        await expect(store.appendReviewRevision({ hitId: 'hit_old', revision: 3, decision: 'confirm', author: 'late' })).rejects.toBeInstanceOf(RevisionConflictError);
        await expect(
          testDb.query(`insert into review_revisions (hit_id, revision, decision, author, created_at) values ('hit_old', 9, 'maybe', 'x', 'y')`),
        ).rejects.toThrow(/check/i);
      } finally {
        await store.close();
      }
    } finally {
      await testDb.dispose();
    }
  });
});
