import { beforeAll, describe, expect, it } from 'vitest';
import { searchCorpus } from '../../src/pipeline/search-corpus.ts';
import { createTextContext, type TextContext } from '../../src/pipeline/text-context.ts';
import { keySignature } from '../../src/store/search/key-signature.ts';
import { seedText } from './helpers/search-corpus.ts';
import { count, type CountRow, useStoreSuite } from './helpers/store-suite.ts';

/**
 * PostgreSQL's signatures of the pair keys (key-signature.ts, migration 0014): written with each
 * index row and replaced with it, gone with its document, and read by a walk in id order before
 * the row's keys. 240 pages, three in four holding 华人商会的活动, so that its search walks
 * (postgres-key-scan.ts); the rest hold other text.
 */
const PAGES = 240;
const PHRASE = '华人商会的活动';

describe('search signatures on postgres', () => {
  const suite = useStoreSuite('postgres');
  let ctx: TextContext;
  const shas: string[] = [];

  beforeAll(async () => {
    ctx = await createTextContext();
    for (let i = 0; i < PAGES; i++) {
      const text = i % 4 !== 3 ? `第${i}份材料提到${PHRASE}。` : `第${i}份材料的内容，与案件有关。`;
      shas.push(await seedText(suite.store, ctx, text, `signed-${i}`));
    }
    await suite.testDb.query('analyze search_documents');
    await suite.testDb.query('analyze search_signatures');
  }, 120_000);

  /** Each index row's signature as stored, and the one its stored keys call for. */
  const signatures = async () =>
    (await suite.testDb.query<{ id: number; sha256: string; bits: string | null; keys: number[] }>(
      'select d.id, d.sha256, s.bits::text as bits, d.keys from search_documents d left join search_signatures s on s.id = d.id order by d.id',
    )).map((r) => ({ ...r, expected: keySignature(r.keys) }));

  it("writes each page's signature with its keys, replaces it on re-analysis and drops it with the document", async () => {
    const all = await signatures();
    expect(all).toHaveLength(PAGES);
    for (const row of all) expect(row.bits).toBe(row.expected);
    // Pairs set bits; a page of a dozen pairs sets a dozen or fewer of the 1,024.
    expect([...all[0]!.bits!].filter((b) => b === '1').length).toBeGreaterThan(5);
    expect([...all[0]!.bits!].filter((b) => b === '1').length).toBeLessThan(20);

    const sha = await seedText(suite.store, ctx, '旧文本：布鲁塞尔。', 'signed-reanalysed');
    const before = (await signatures()).find((r) => r.sha256 === sha)!;
    await seedText(suite.store, ctx, '新文本：里斯本的联络站。', 'signed-reanalysed', sha);
    const after = (await signatures()).find((r) => r.sha256 === sha)!;
    expect(after.id).toBe(before.id);
    expect(after.bits).not.toBe(before.bits);
    expect(after.bits).toBe(after.expected);

    await suite.testDb.query('delete from documents where sha256 = ?', [sha]);
    expect(count(await suite.testDb.query<CountRow>('select count(*) as n from search_signatures where id = ?', [after.id]))).toBe(0);
    expect(count(await suite.testDb.query<CountRow>('select count(*) as n from search_signatures'))).toBe(PAGES);
  });

  it('walks the signatures in id order: the first pages that hold the phrase, and none whose signature rules it out', async () => {
    const holders = shas.filter((_, i) => i % 4 !== 3);
    const first = await searchCorpus(suite.store, { query: PHRASE, limit: 20 });
    expect(first.results.map((r) => r.sha256)).toEqual(holders.slice(0, 20));

    // A signature with no bits set rules its page out: the walk passes over it without asking
    // its keys, so a page whose signature were wrong would go unfound. (Restored after.)
    const id = (await suite.testDb.query<{ id: number }>('select id from search_documents where sha256 = ?', [holders[1]]))[0]!.id;
    await suite.testDb.query("update search_signatures set bits = repeat('0', 1024)::bit(1024) where id = ?", [id]);
    try {
      const without = await searchCorpus(suite.store, { query: PHRASE, limit: 20 });
      expect(without.results.map((r) => r.sha256)).toEqual([holders[0], ...holders.slice(2, 21)]);
    } finally {
      await suite.testDb.query('update search_signatures s set bits = ?::bit(1024) where id = ?', [keySignature((await signatures()).find((r) => r.id === id)!.keys), id]);
    }
    expect((await searchCorpus(suite.store, { query: PHRASE, limit: 20 })).results.map((r) => r.sha256)).toEqual(holders.slice(0, 20));
  });
});
