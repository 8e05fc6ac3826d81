/** Migration 0012 (hits of kind `possible`) on a store that has hits already, on SQLite and PostgreSQL. */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import { insertOldDocument, insertOldHit } from './helpers/old-store-rows.ts';
import { openStoreAtMigration } from './helpers/store-at-migration.ts';
import { createTestDatabase, STORE_BACKENDS } from './helpers/store-backends.ts';

const SHA = 'b'.repeat(64);
const possibleRow = (id: string, kind: string) =>
  `insert into hits (id, sha256, glossary_version, ordinal, entry_id, term, english, category, matched, start_offset, end_offset, kind, confidence, form, annotation_json)
   values ('${id}', '${SHA}', 'v1', 1, 'pinqing', '聘请', 'hire', 'action', '聘清', 3, 5, '${kind}', 0.3, '聘请', '{}')`;

describe.each(STORE_BACKENDS)('migration 0012 on %s', (backend) => {
  it('keeps the hits, columns and indexes there were, then takes possible hits and still refuses unknown kinds', async () => {
    const testDb = await createTestDatabase(backend);
    try {
      const handle = await openStoreAtMigration(testDb, '0011-search-keys');
      try {
        await insertOldDocument(handle.db, SHA, '青田县聘清侨领', ['v1'], 1);
        await insertOldHit(handle.db, { id: 'hit_old', sha256: SHA, text: '青田县聘清侨领', version: 'v1', ordinal: 0, entryId: 'qiaoling', term: '侨领' });
        await sql`update hits set review_key = 'key_old', reopened_from = 'key_before', status = 'admitted' where id = 'hit_old'`.execute(handle.db);
        await expect(sql.raw(possibleRow('hit_possible', 'possible')).execute(handle.db)).rejects.toThrow(/check/i);
      } finally {
        await handle.close();
      }
      const indexesBefore = await hitIndexes();

      const store = await openStore(testDb.config);
      try {
        const [old] = await testDb.query<Record<string, unknown>>(`select id, kind, matched, review_key, reopened_from, status, start_offset from hits where id = 'hit_old'`);
        expect(old).toMatchObject({ id: 'hit_old', kind: 'exact', matched: '侨领', review_key: 'key_old', reopened_from: 'key_before', status: 'admitted' });
        expect(Number(old!.start_offset)).toBe(5);
        expect(await hitIndexes()).toEqual(indexesBefore);
        expect(indexesBefore).toEqual(expect.arrayContaining(['hits_by_analysis', 'hits_by_entry', 'hits_by_review_key', 'hits_by_reopened_from']));
        await testDb.query(possibleRow('hit_possible', 'possible'));
        await expect(testDb.query(possibleRow('hit_maybe', 'maybe'))).rejects.toThrow(/check/i);
        // The foreign key to the analysis survived the copy: deleting the analysis takes its hits.
        await testDb.query(`delete from analyses where sha256 = '${SHA}'`);
        expect(await testDb.query(`select id from hits where sha256 = '${SHA}'`)).toEqual([]);
      } finally {
        await store.close();
      }
    } finally {
      await testDb.dispose();
    }

    async function hitIndexes(): Promise<string[]> {
      const rows =
        backend === 'sqlite'
          ? await testDb.query<{ name: string }>(`select name from sqlite_master where type = 'index' and tbl_name = 'hits' and sql is not null order by name`)
          : await testDb.query<{ name: string }>(`select indexname as name from pg_indexes where schemaname = current_schema() and tablename = 'hits' and indexname <> 'hits_pkey' order by indexname`);
      return rows.map((r) => r.name);
    }
  });
});
