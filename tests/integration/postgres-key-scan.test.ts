import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTextContext } from '../../src/pipeline/text-context.ts';
import { openPostgresDatabase, type PostgresHandle } from '../../src/store/postgres-database.ts';
import { type KeyRange, KeyScan } from '../../src/store/repositories/postgres-key-scan.ts';
import { querySearchKeys } from '../../src/store/search/search-keys.ts';
import { seedText } from './helpers/search-corpus.ts';
import { useStoreSuite } from './helpers/store-suite.ts';

/**
 * The plan of a PostgreSQL key query follows how many pages hold the keys (postgres-key-scan.ts):
 * a character every page holds is found by walking the table in id order, a phrase one page
 * holds through a bitmap scan of the GIN index after a short sample of ids, and a phrase three
 * pages in four hold (estimated at 42, its six pairs taken apart) by walking on past the sample;
 * every plan gives the first rows in id order. A page of results is 10 rows here, so that 240
 * pages are enough for a walk to pay (postgres-key-scan.ts: above √(10 · 10 · 240) ≈ 155 matches).
 */
const PAGES = 240;
const LIMIT = 10;

describe('PostgreSQL search-key plans', () => {
  const suite = useStoreSuite('postgres');
  let handle: PostgresHandle;

  beforeAll(async () => {
    const ctx = await createTextContext();
    for (let i = 0; i < PAGES; i++) {
      const text =
        i === 200 ? `第${i}份材料的附件提到普拉托华人商会。` : i % 4 !== 3 ? `第${i}份材料提到华人商会的活动。` : `第${i}份材料的内容，与案件有关。`;
      await seedText(suite.store, ctx, text, `page-${i}`);
    }
    // The array statistics the planner estimates matches from, as autovacuum would gather them.
    await suite.testDb.query('analyze search_documents');
    handle = openPostgresDatabase(suite.testDb.config.databaseUrl!);
  }, 120_000);
  afterAll(async () => handle?.db.destroy());

  const keySets = (query: string) => [querySearchKeys(query)];
  const firstIds = (query: string) => (range: KeyRange, limit: number) => sql<{ id: number }>`select d.id from search_documents d
    where d.keys @> ${querySearchKeys(query)}::int4[] and d.id >= ${range.from} ${range.below === undefined ? sql`` : sql`and d.id < ${range.below}`}
    order by d.id limit ${limit}`;
  const idsWhere = async (like: string) =>
    (await suite.testDb.query<{ id: number }>('select id from search_documents where text like $1 order by id', [like])).map((r) => Number(r.id));
  const ids = (rows: { id: number }[]) => rows.map((r) => Number(r.id));

  it('walks the table in id order for a character that every page holds, and returns its first rows', async () => {
    const { rows, plan } = await new KeyScan(handle.db, keySets('的'), firstIds('的')).next(0, LIMIT);
    expect(plan).toBe('walk');
    expect(ids(rows)).toEqual((await idsWhere('%')).slice(0, LIMIT));
  });

  it('walks from a later id too, where the id range alone could be planned as a scan of the primary key', async () => {
    const all = await idsWhere('%');
    const { rows, plan } = await new KeyScan(handle.db, keySets('的'), firstIds('的')).next(all[100]!, LIMIT);
    expect(plan).toBe('walk');
    expect(ids(rows)).toEqual(all.slice(100, 100 + LIMIT));
  });

  it('scans the GIN index past the sample for a phrase that one page holds, and finds that page', async () => {
    const { rows, plan } = await new KeyScan(handle.db, keySets('普拉托'), firstIds('普拉托')).next(0, LIMIT);
    expect(plan).toBe('sample, then bitmap');
    expect(ids(rows)).toEqual(await idsWhere('%普拉托%'));
  });

  it('walks on past the sample for a phrase that three pages in four hold, though its pairs estimate few', async () => {
    const { rows, plan } = await new KeyScan(handle.db, keySets('华人商会的活动'), firstIds('华人商会的活动'), 8).next(0, LIMIT);
    expect(plan).toBe('sample, then walk');
    expect(ids(rows)).toEqual((await idsWhere('%华人商会的活动%')).slice(0, LIMIT));
  });

  it('goes on with the plan the sample called for in the next round, without a sample of its own', async () => {
    const scan = new KeyScan(handle.db, keySets('华人商会的活动'), firstIds('华人商会的活动'), 8);
    const first = await scan.next(0, LIMIT);
    expect(first.plan).toBe('sample, then walk');
    const second = await scan.next(first.rows.at(-1)!.id + 1, LIMIT);
    expect(second.plan).toBe('walk');
    expect(ids([...first.rows, ...second.rows])).toEqual((await idsWhere('%华人商会的活动%')).slice(0, 2 * LIMIT));

    const rare = new KeyScan(handle.db, keySets('普拉托'), firstIds('普拉托'));
    expect((await rare.next(0, LIMIT)).plan).toBe('sample, then bitmap');
    const again = await rare.next(0, LIMIT);
    expect(again.plan).toBe('bitmap');
    expect(ids(again.rows)).toEqual(await idsWhere('%普拉托%'));
  });

  it('samples a pair that the statistics leave out before it picks a plan, and walks on for one that most pages hold', async () => {
    // With a statistics target of 1, ANALYZE keeps the ten commonest keys; any other key is
    // estimated at 0.5% of the pages at most, as a pair that 8.6% of 100,000 pages hold was.
    await suite.testDb.query('alter table search_documents alter column keys set statistics 1');
    await suite.testDb.query('analyze search_documents');
    try {
      const { rows, plan } = await new KeyScan(handle.db, keySets('活动'), firstIds('活动'), 8).next(0, LIMIT);
      expect(plan).toBe('sample, then walk');
      expect(ids(rows)).toEqual((await idsWhere('%活动%')).slice(0, LIMIT));
    } finally {
      await suite.testDb.query('alter table search_documents alter column keys set statistics -1');
      await suite.testDb.query('analyze search_documents');
    }
  });

  it('stops at the sample when it holds the first page of results', async () => {
    const { rows, plan } = await new KeyScan(handle.db, keySets('华人商会的活动'), firstIds('华人商会的活动')).next(0, LIMIT);
    expect(plan).toBe('sample');
    expect(ids(rows)).toEqual((await idsWhere('%华人商会的活动%')).slice(0, LIMIT));
  });
});
