import BetterSqlite3 from 'better-sqlite3';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { searchCorpus } from '../../src/pipeline/search-corpus.ts';
import { createTextContext, type TextContext } from '../../src/pipeline/text-context.ts';
import { openStore, SQLITE_FILE_NAME } from '../../src/store/open-store.ts';
import { openPostgresDatabase } from '../../src/store/postgres-database.ts';
import { searchIndexMigration } from '../../src/store/search/search-index-migration.ts';
import { searchKeysMigration } from '../../src/store/search/search-keys-migration.ts';
import { keySignature } from '../../src/store/search/key-signature.ts';
import { searchPairsMigration } from '../../src/store/search/search-pairs-migration.ts';
import { searchSignaturesMigration } from '../../src/store/search/search-signatures-migration.ts';
import { PENDING_KEYS_KB, searchKeysPendingMigration } from '../../src/store/search/search-keys-pending-migration.ts';
import { openSqliteDatabase } from '../../src/store/sqlite-database.ts';
import { STORE_BACKENDS } from './helpers/store-backends.ts';
import { CORPUS, seedText } from './helpers/search-corpus.ts';
import { searchKeysIndexOptions } from './helpers/search-keys-index.ts';
import { count, type CountRow, useStoreSuite } from './helpers/store-suite.ts';

let ctx: TextContext;

/** The code point span of `part` in `text`. */
function spanOf(text: string, part: string): { start: number; end: number } {
  const start = [...text.slice(0, text.indexOf(part))].length;
  return { start, end: start + [...part].length };
}
beforeAll(async () => {
  ctx = await createTextContext();
});

describe.each(STORE_BACKENDS)('search index on %s', (backend) => {
  const suite = useStoreSuite(backend);
  const docs: Record<string, string> = {};

  beforeAll(async () => {
    for (const [name, text] of Object.entries(CORPUS)) docs[name] = await seedText(suite.store, ctx, text, name);
  });

  const found = async (query: string, options: { fuzzy?: boolean; script?: 'simplified' | 'traditional' | 'mixed' } = {}) =>
    (await searchCorpus(suite.store, { query, limit: 100, ...options })).results.map((r) => ({
      doc: Object.keys(docs).find((k) => docs[k] === r.sha256),
      matched: r.matched,
      start: r.start,
      end: r.end,
      fuzzy: r.fuzzy,
    }));

  it('finds a simplified query in traditional text, through OCR spaces and a line break, with offsets into the text', async () => {
    const results = await found('普拉托');
    expect(results).toEqual([
      { doc: 'traditional', matched: '普拉托', ...spanOf(CORPUS.traditional, '普拉托'), fuzzy: false },
      { doc: 'ocrSpaces', matched: '普 拉 托', ...spanOf(CORPUS.ocrSpaces, '普 拉 托'), fuzzy: false },
      { doc: 'wrapped', matched: '普拉\n托', ...spanOf(CORPUS.wrapped, '普拉\n托'), fuzzy: false },
    ]);
    for (const r of results) expect([...CORPUS[r.doc as keyof typeof CORPUS]].slice(r.start, r.end).join('')).toBe(r.matched);
  });

  it('folds the query: traditional finds simplified and the reverse; matched keeps the text as written', async () => {
    expect((await found('公安機關')).map((r) => [r.doc, r.matched])).toEqual([
      ['traditional', '公安機關'],
      ['simplified', '公安机关'],
    ]);
    expect((await found('公安机关')).map((r) => r.matched)).toEqual(['公安機關', '公安机关']);
    expect((await found('最多跑一次')).map((r) => [r.doc, r.matched])).toEqual([['wrapped', '最多跑\n一次']]);
  });

  it('answers a one-character query', async () => {
    expect((await found('驿')).map((r) => [r.doc, r.matched])).toEqual([
      ['traditional', '驛'],
      ['ocrSpaces', '驿'],
      ['confusable', '驿'],
    ]);
  });

  it('searches query syntax, quotes, wildcards and backslashes as plain text', async () => {
    for (const query of ['"警侨" OR *', 'NEAR(', '100%', '%', '_', '完成_率', 'a\\b', '\\', '"警侨"', '*', 'OR']) {
      const results = await found(query);
      expect(results.map((r) => r.doc), query).toEqual(['literal']);
      expect(results[0]!.matched, query).toBe(query);
    }
    for (const query of ['%%', '__', "'; drop table documents; --", '警侨" OR "公安', '\\%']) {
      expect(await found(query), query).toEqual([]);
    }
    expect(await suite.store.getDocument(docs.traditional!)).toBeDefined();
  });

  it('refuses an empty query and one over 200 characters, naming the problem', async () => {
    await expect(searchCorpus(suite.store, { query: '  ' })).rejects.toThrow(new InputError('SEARCH_QUERY_EMPTY', 'the search query is empty'));
    await expect(searchCorpus(suite.store, { query: '字'.repeat(201) })).rejects.toThrow(/201 characters; at most 200/);
    expect(await found('字'.repeat(200))).toEqual([]);
  });

  it('filters by script', async () => {
    expect((await found('普拉托', { script: 'traditional' })).map((r) => r.doc)).toEqual(['traditional']);
    expect((await found('公安机关', { script: 'simplified' })).map((r) => r.doc)).toEqual(['simplified']);
  });

  it('finds one confusable substitution only with fuzzy, and says so', async () => {
    expect(await found('警侨驿站')).toEqual([
      { doc: 'traditional', matched: '警僑驛站', ...spanOf(CORPUS.traditional, '警僑驛站'), fuzzy: false },
      { doc: 'ocrSpaces', matched: '警 侨 驿 站', ...spanOf(CORPUS.ocrSpaces, '警 侨 驿 站'), fuzzy: false },
    ]);
    const fuzzy = await found('警侨驿站', { fuzzy: true });
    expect(fuzzy.map((r) => [r.doc, r.matched, r.fuzzy])).toEqual([
      ['traditional', '警僑驛站', false],
      ['ocrSpaces', '警 侨 驿 站', false],
      ['confusable', '警係驿站', true],
    ]);
    // Three characters are too few for a substitution to be an OCR slip rather than another word.
    expect((await found('侨驿站', { fuzzy: true })).every((r) => !r.fuzzy)).toBe(true);
  });

  it('gives each result the union of the OCR boxes of its characters and a snippet', async () => {
    const [first] = (await searchCorpus(suite.store, { query: '普拉托', limit: 1 })).results;
    // sampleOcr puts character i at x = 10 + 20 i, 18 px wide.
    expect(first).toMatchObject({ sha256: docs.traditional, path: 'traditional.png', bbox: { x: 170, y: 10, w: 58, h: 20 } });
    expect(first!.snippet).toBe('青田縣公安機關在【普拉托】設立警僑驛站，聘請僑領。');
    const [wrapped] = (await searchCorpus(suite.store, { query: '最多跑一次' })).results;
    expect(wrapped!.boxes).toHaveLength(2);
  });

  it('keeps one index row per document through re-analysis, and drops the old text', async () => {
    const sha = await seedText(suite.store, ctx, '旧文本：布鲁塞尔。', 'reanalysed');
    expect((await found('布鲁塞尔')).map((r) => r.doc)).toEqual([undefined]);
    await suite.store.saveOcrResult(sha, (await import('./helpers/store-fixtures.ts')).sampleOcr('新文本：里斯本。'));
    await seedAgain(suite.store, sha);
    expect(await found('布鲁塞尔')).toEqual([]);
    expect((await found('里斯本')).length).toBe(1);
    const rows = await suite.testDb.query<CountRow>('select count(*) as n from search_documents where sha256 = ?', [sha]);
    expect(count(rows)).toBe(1);
    if (backend === 'sqlite') {
      const all = count(await suite.testDb.query<CountRow>('select count(*) as n from search_documents'));
      expect(count(await suite.testDb.query<CountRow>('select count(*) as n from search_fts'))).toBe(all);
      expect(count(await suite.testDb.query<CountRow>('select count(*) as n from search_pairs'))).toBe(all);
      expect(count(await suite.testDb.query<CountRow>('select count(*) as n from search_pairs where search_pairs match ?', ['"布鲁 鲁塞 塞尔"']))).toBe(0);
    }
  });

  async function seedAgain(store: typeof suite.store, sha256: string) {
    const { runAnalysisJob } = await import('../../src/queue/analysis-job.ts');
    await runAnalysisJob({ kind: 'analysis', sha256, reason: 'pipeline' }, { store, context: async () => ctx });
  }

  it('pages by cursor without skipping or repeating while documents are added', async () => {
    const before = (await found('站')).map((r) => `${r.doc}:${r.start}`);
    expect(before.length).toBeGreaterThan(3);
    const seen: string[] = [];
    let cursor: string | undefined;
    let added = 0;
    do {
      const page = await searchCorpus(suite.store, { query: '站', limit: 1, cursor });
      seen.push(...page.results.map((r) => `${Object.keys(docs).find((k) => docs[k] === r.sha256) ?? r.sha256}:${r.start}`));
      if (added < 3) await seedText(suite.store, ctx, `第${added}份新文件在车站。`, `added-${added++}`);
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(0, before.length)).toEqual(before);
    expect(seen.length).toBe(before.length + 3);
    await expect(searchCorpus(suite.store, { query: '站', cursor: 'not-a-cursor' })).rejects.toThrow(/cursor/);
  });

  it('removes the index row when the document is deleted', async () => {
    const sha = await seedText(suite.store, ctx, '将被删除的哥本哈根文件。', 'deleted');
    expect((await found('哥本哈根')).length).toBe(1);
    if (backend === 'sqlite') {
      // The store's own connections enforce foreign keys; this one must ask for it too.
      const raw = new BetterSqlite3(path.join(suite.testDb.config.dataDir, SQLITE_FILE_NAME), { timeout: 15_000 });
      raw.pragma('foreign_keys = ON');
      raw.prepare('delete from documents where sha256 = ?').run(sha);
      raw.close();
      expect(count(await suite.testDb.query<CountRow>('select count(*) as n from search_fts where search_fts match ?', ['"哥 本 哈 根"']))).toBe(0);
      expect(count(await suite.testDb.query<CountRow>('select count(*) as n from search_pairs where search_pairs match ?', ['"哥本 本哈 哈根"']))).toBe(0);
    } else {
      await suite.testDb.query('delete from documents where sha256 = ?', [sha]);
    }
    expect(await found('哥本哈根')).toEqual([]);
    expect(count(await suite.testDb.query<CountRow>('select count(*) as n from search_documents where sha256 = ?', [sha]))).toBe(0);
  });

  it('migrations 0007, 0011, 0013, 0014 and 0015 index documents analysed before them', async () => {
    await suite.testDb.query(backend === 'sqlite' ? 'drop trigger search_documents_delete' : 'select 1');
    if (backend === 'sqlite') await suite.testDb.query('drop table search_fts');
    if (backend === 'sqlite') await suite.testDb.query('drop table search_pairs');
    if (backend === 'postgres') await suite.testDb.query('drop table search_signatures');
    await suite.testDb.query('drop table search_documents');
    // One connection per SQLite file per process: the suite's store must go for the migration to run again.
    await suite.store.close();
    // The migrations themselves, on the store as it stood before them (later migrations have run
    // since, so the Migrator would refuse to apply 0007 again out of order). 0007 writes
    // PostgreSQL's tsvector, 0011 replaces it with keys filled from 0007's rows; 0013 fills
    // SQLite's index of pairs from them, 0014 PostgreSQL's signatures of the keys, and 0015 sets
    // the limit of keys pending on 0011's index.
    const url = suite.testDb.config.databaseUrl;
    const handle = url ? openPostgresDatabase(url) : openSqliteDatabase(path.join(suite.testDb.config.dataDir, SQLITE_FILE_NAME));
    try {
      await searchIndexMigration.up(handle.db);
      await searchKeysMigration.up(handle.db);
      await searchPairsMigration.up(handle.db);
      await searchSignaturesMigration.up(handle.db);
      await searchKeysPendingMigration.up(handle.db);
    } finally {
      await handle.db.destroy();
    }
    const reopened = await openStore(suite.testDb.config);
    try {
      const results = await searchCorpus(reopened, { query: '普拉托' });
      // Filled in sha256 order, so the ids (and the order of results) are the fill's.
      expect(results.results.map((r) => r.matched).sort()).toEqual(['普 拉 托', '普拉\n托', '普拉托']);
      // A query of pairs that only a line break or OCR spaces split still finds its pages.
      expect((await searchCorpus(reopened, { query: '拉托' })).results).toHaveLength(3);
      // One character is asked of the index by itself, not by pairs.
      expect((await searchCorpus(reopened, { query: '驛' })).results.length).toBeGreaterThan(0);
      if (backend === 'postgres') {
        const signed = await suite.testDb.query<{ bits: string | null; keys: number[] }>(
          'select s.bits::text as bits, d.keys from search_documents d left join search_signatures s on s.id = d.id',
        );
        expect(signed.length).toBeGreaterThan(5);
        for (const row of signed) expect(row.bits).toBe(keySignature(row.keys));
        expect(await searchKeysIndexOptions(suite.testDb)).toContain(`gin_pending_list_limit=${PENDING_KEYS_KB}`);
      }
    } finally {
      await reopened.close();
    }
  });
});
