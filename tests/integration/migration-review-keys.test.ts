import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationProvider } from '../../src/store/migrations.ts';
import { openSqliteStore, SQLITE_FILE_NAME } from '../../src/store/open-store.ts';
import { openSqliteDatabase } from '../../src/store/sqlite-database.ts';
import type { Store } from '../../src/store/store.ts';
import { insertOldDocument, insertOldHit } from './helpers/old-store-rows.ts';
import { sha256Of } from './helpers/store-fixtures.ts';

/**
 * Migration 0006 on a store written before it, in the state issue #16 found: decisions made on
 * the v1 hits, a re-tag to v2 that showed every hit as pending again, and one hit decided again
 * on v2. After the migration the v2 hits have their v1 decisions back, and the hit decided on
 * both versions has one history in the order it was made.
 */
describe('migration 0006 (review keys) on a store re-tagged before it', () => {
  let dir: string;
  let store: Store;
  const sha = sha256Of('migration-0006');
  const TEXT = '海安市李堡镇';

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'termlens-migration-'));
    const file = path.join(dir, SQLITE_FILE_NAME);
    const handle = openSqliteDatabase(file);
    const { error } = await new Migrator({ db: handle.db, provider: migrationProvider }).migrateTo('0005-review-queue-indexes');
    expect(error).toBeUndefined();
    await insertOldDocument(handle.db, sha, TEXT, ['v1', 'v2'], 2);
    for (const [version, ordinal, entryId, term] of [['v1', 0, 'haian', '海安市'], ['v1', 1, 'libao', '李堡镇'], ['v2', 0, 'haian', '海安市'], ['v2', 1, 'libao', '李堡镇']] as const) {
      await insertOldHit(handle.db, { id: `hit_${version}_${entryId}`, sha256: sha, text: TEXT, version, ordinal, entryId, term });
    }
    const revision = (hitId: string, n: number, decision: string, at: string) => ({ hit_id: hitId, revision: n, decision, corrected_json: null, note: null, author: 'r', created_at: at });
    await handle.db.insertInto('review_revisions').values([
      revision('hit_v1_haian', 1, 'confirm', '2026-01-01T10:00:00.000Z'),
      revision('hit_v1_libao', 1, 'confirm', '2026-01-01T11:00:00.000Z'),
      revision('hit_v1_libao', 2, 'reject', '2026-01-01T12:00:00.000Z'),
      // After the re-tag had reset it, decided again on v2 (numbered from 1 again).
      revision('hit_v2_libao', 1, 'correct', '2026-01-03T09:00:00.000Z'),
    ]).execute();
    await handle.db.destroy();
    store = await openSqliteStore(file);
  });

  afterAll(async () => {
    await store?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('gives the latest hits their earlier decisions back, in one history per hit', async () => {
    const queued = await store.hits.queued({}, { limit: 10 });
    expect(queued.map((h) => [h.id, h.reviewStatus, h.revision])).toEqual([
      ['hit_v2_haian', 'confirmed', 1],
      ['hit_v2_libao', 'corrected', 3],
    ]);
    const history = await store.listReviewRevisions('hit_v2_libao');
    expect(history.map((r) => [r.revision, r.decision, r.hitId])).toEqual([
      [1, 'confirm', 'hit_v1_libao'],
      [2, 'reject', 'hit_v1_libao'],
      [3, 'correct', 'hit_v2_libao'],
    ]);
    // The next decision takes the next number of that one history.
    await expect(store.appendReviewRevision({ hitId: 'hit_v2_libao', revision: 3, decision: 'confirm', author: 'r' })).rejects.toThrow(/already exists/);
    await store.appendReviewRevision({ hitId: 'hit_v2_libao', revision: 4, decision: 'confirm', author: 'r' });
    expect(await store.hits.count({})).toMatchObject({ total: 2, confirmed: 2, withdrawn: 0 });
  });
});
