import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTextContext } from '../../src/pipeline/text-context.ts';
import { openPostgresDatabase, type PostgresHandle } from '../../src/store/postgres-database.ts';
import { runKeyQuery } from '../../src/store/repositories/postgres-key-scan.ts';
import { querySearchKeys } from '../../src/store/search/search-keys.ts';
import { seedText } from './helpers/search-corpus.ts';
import { useStoreSuite } from './helpers/store-suite.ts';

/**
 * The plan of a PostgreSQL key query follows how many pages hold the keys (postgres-key-scan.ts):
 * a character every page holds is found by walking the table in id order, a phrase one page
 * holds through a bitmap scan of the GIN index; both give the first rows in id order.
 */
const PAGES = 240;

describe('PostgreSQL search-key plans', () => {
  const suite = useStoreSuite('postgres');
  let handle: PostgresHandle;

  beforeAll(async () => {
    const ctx = await createTextContext();
    for (let i = 0; i < PAGES; i++) {
      const text = i === 200 ? `第${i}份材料的附件提到普拉托华人商会。` : `第${i}份材料的内容，与案件有关。`;
      await seedText(suite.store, ctx, text, `page-${i}`);
    }
    // The array statistics the planner estimates matches from, as autovacuum would gather them.
    await suite.testDb.query('analyze search_documents');
    handle = openPostgresDatabase(suite.testDb.config.databaseUrl!);
  }, 120_000);
  afterAll(async () => handle?.db.destroy());

  const keyMatch = (keys: number[]) => sql`d.keys @> ${keys}::int4[]`;
  const firstIds = (keys: number[], fromId = 0) => sql<{ id: number }>`select d.id from search_documents d
    where ${keyMatch(keys)} and d.id >= ${fromId} order by d.id limit 51`;
  const allIds = async () => (await suite.testDb.query<{ id: number }>('select id from search_documents order by id')).map((r) => Number(r.id));

  it('walks the table in id order for a character that every page holds, and returns its first rows', async () => {
    const { rows, plan } = await runKeyQuery(handle.db, keyMatch(querySearchKeys('的')), firstIds(querySearchKeys('的')), 51);
    expect(plan).toBe('walk');
    expect(rows.map((r) => Number(r.id))).toEqual((await allIds()).slice(0, 51));
  });

  it('scans the GIN index for a phrase that one page holds, and finds that page', async () => {
    const { rows, plan } = await runKeyQuery(handle.db, keyMatch(querySearchKeys('普拉托')), firstIds(querySearchKeys('普拉托')), 51);
    expect(plan).toBe('bitmap');
    const [row] = await suite.testDb.query<{ id: number }>("select id from search_documents where text like '%普拉托%'");
    expect(rows.map((r) => Number(r.id))).toEqual([Number(row!.id)]);
  });

  it('walks from a later id too, where the id range alone could be planned as a scan of the primary key', async () => {
    const ids = await allIds();
    const from = ids[100]!;
    const { rows, plan } = await runKeyQuery(handle.db, keyMatch(querySearchKeys('的')), firstIds(querySearchKeys('的'), from), 51);
    expect(plan).toBe('walk');
    expect(rows.map((r) => Number(r.id))).toEqual(ids.slice(100, 151));
  });
});
