import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotateHits } from '../../src/stages/annotate.ts';
import { migrationProvider } from '../../src/store/migrations.ts';
import { openSqliteStore, SQLITE_FILE_NAME } from '../../src/store/open-store.ts';
import { openSqliteDatabase } from '../../src/store/sqlite-database.ts';
import type { Store } from '../../src/store/store.ts';
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
  const hit = (id: string, version: string, ordinal: number, entry: string, term: string, start: number) => ({
    id,
    sha256: sha,
    glossary_version: version,
    ordinal,
    entry_id: entry,
    term,
    english: entry,
    category: 'place',
    matched: term,
    start_offset: start,
    end_offset: start + [...term].length,
    kind: 'exact',
    confidence: 1,
    form: term,
    bbox_json: null,
    boxes_json: null,
    annotation_json: JSON.stringify(
      annotateHits({ sha256: sha, mediaType: 'image/png', glossaryVersion: version }, '海安市李堡镇', [
        { entryId: entry, term, english: entry, category: 'place', matched: term, start, end: start + [...term].length, kind: 'exact', confidence: 1, form: term },
      ])[0],
    ),
  });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'termlens-migration-'));
    const file = path.join(dir, SQLITE_FILE_NAME);
    const handle = openSqliteDatabase(file);
    const { error } = await new Migrator({ db: handle.db, provider: migrationProvider }).migrateTo('0005-review-queue-indexes');
    expect(error).toBeUndefined();
    // biome-ignore lint/suspicious/noExplicitAny: rows of the schema as it was before 0006, not today's Database type
    const db = handle.db as any;
    await db.insertInto('documents').values({ sha256: sha, media_type: 'image/png', bytes: 1, width: 10, height: 10, blob_key: 'k', first_path: 'a.png', created_at: '2026-01-01T00:00:00.000Z' }).execute();
    for (const [version, seq] of [['v1', 1], ['v2', 2]] as const) {
      await db.insertInto('analyses').values({ sha256: sha, glossary_version: version, analysed_text: '海安市李堡镇', script: 'simplified', tokens_json: '[]', hit_count: 2, seq, analysed_at: `2026-01-0${seq}T00:00:00.000Z` }).execute();
    }
    await db.insertInto('hits').values([
      hit('hit_v1_haian', 'v1', 0, 'haian', '海安市', 0),
      hit('hit_v1_libao', 'v1', 1, 'libao', '李堡镇', 3),
      hit('hit_v2_haian', 'v2', 0, 'haian', '海安市', 0),
      hit('hit_v2_libao', 'v2', 1, 'libao', '李堡镇', 3),
    ]).execute();
    const revision = (hitId: string, n: number, decision: string, at: string) => ({ hit_id: hitId, revision: n, decision, corrected_json: null, note: null, author: 'r', created_at: at });
    await db.insertInto('review_revisions').values([
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
