import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS } from '../integration/helpers/search-corpus.ts';
import { STORE_BACKENDS } from '../integration/helpers/store-backends.ts';
import { createApiTestEnv, type ApiTestEnv } from './helpers/api-env.ts';
import { seedDocument } from './helpers/seed-documents.ts';

/**
 * GET /api/search and GET /api/documents on both stores, over documents seeded through the
 * real analysis job (traditional, simplified, OCR spaces, wrapped words).
 */
describe.each(STORE_BACKENDS)('search and document list on %s', (backend) => {
  let env: ApiTestEnv;
  const docs: Record<string, string> = {};
  let batchId: string;

  beforeAll(async () => {
    env = await createApiTestEnv({ backend });
    for (const [name, text] of Object.entries(CORPUS)) docs[name] = (await seedDocument(env, text, name)).sha256;
    const { batch } = await env.store.createOrFindBatch({ name: 'leak-b', sourcePath: 'test' });
    await env.store.upsertBatchItems(batch.id, [{ itemKey: 'wrapped.png', sha256: docs.wrapped!, status: 'done' }]);
    batchId = batch.id;
  });

  afterAll(async () => {
    await env?.close();
  });

  const get = (url: string, role: 'reviewer' | 'admin' | 'uploader' = 'reviewer') => env.as(role, { method: 'GET', url });
  const search = async (params: Record<string, string>) => {
    const response = await get(`/api/search?${new URLSearchParams(params)}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { results: { sha256: string; matched: string; start: number; end: number; fuzzy: boolean; bbox?: unknown; batch?: string }[]; nextCursor: string | null };
  };

  it('finds the query in either script, through OCR spaces and line breaks, with boxes', async () => {
    const page = await search({ q: '普拉托' });
    expect(page.results.map((r) => [r.sha256, r.matched])).toEqual([
      [docs.traditional, '普拉托'],
      [docs.ocrSpaces, '普 拉 托'],
      [docs.wrapped, '普拉\n托'],
    ]);
    expect(page.results.every((r) => r.bbox !== undefined)).toBe(true);
    expect(page.results[2]!.batch).toBe('leak-b');
    expect(page.nextCursor).toBeNull();
    expect((await search({ q: '公安機關' })).results.map((r) => r.matched)).toEqual(['公安機關', '公安机关']);
  });

  it('filters by batch and script', async () => {
    expect((await search({ q: '普拉托', batch: batchId })).results.map((r) => r.sha256)).toEqual([docs.wrapped]);
    expect((await search({ q: '普拉托', script: 'traditional' })).results.map((r) => r.sha256)).toEqual([docs.traditional]);
  });

  it('searches syntax and wildcards literally, and refuses empty and over-long queries with 400', async () => {
    for (const q of ['"警侨" OR *', '%', '_', 'a\\b', 'NEAR(']) {
      expect((await search({ q })).results.map((r) => r.sha256), q).toEqual([docs.literal]);
    }
    const empty = await get('/api/search?q=');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error).toEqual({ code: 'SEARCH_QUERY_EMPTY', message: 'the search query is empty' });
    const long = await get(`/api/search?q=${encodeURIComponent('字'.repeat(201))}`);
    expect(long.statusCode).toBe(400);
    expect(long.json().error.code).toBe('SEARCH_QUERY_TOO_LONG');
    const badCursor = await get('/api/search?q=站&cursor=zzz');
    expect(badCursor.statusCode).toBe(400);
  });

  it('pages with a cursor, fuzzy says so, uploaders are refused', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await search({ q: '站', limit: '2', ...(cursor ? { cursor } : {}) });
      seen.push(...page.results.map((r) => `${r.sha256}:${r.start}`));
      cursor = page.nextCursor;
    } while (cursor);
    const all = (await search({ q: '站', limit: '100' })).results.map((r) => `${r.sha256}:${r.start}`);
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(seen.length);
    const fuzzy = await search({ q: '警侨驿站', fuzzy: 'true' });
    expect(fuzzy.results.filter((r) => r.fuzzy).map((r) => r.matched)).toEqual(['警係驿站']);
    expect((await get('/api/search?q=站', 'uploader')).statusCode).toBe(403);
    expect((await get('/api/documents', 'uploader')).statusCode).toBe(403);
  });

  it('lists documents in upload order with script, size and hit counts, filtered and paged', async () => {
    const all = await get('/api/documents?limit=200');
    expect(all.statusCode, all.body).toBe(200);
    const items = all.json().items as { sha256: string; script: string; bytes: number; firstPath: string; hits: { total: number; pending: number } }[];
    // Upload order; seeds a millisecond apart could tie on created_at, then sha256 decides.
    expect(items.map((d) => d.sha256).sort()).toEqual(Object.values(docs).sort());
    const traditional = items.find((d) => d.sha256 === docs.traditional)!;
    expect(traditional.script).toBe('traditional');
    expect(traditional.bytes).toBeGreaterThan(0);
    expect(traditional.hits.total).toBeGreaterThan(0);
    expect(traditional.hits.pending).toBe(traditional.hits.total);

    const scripts = (await get('/api/documents?script=traditional')).json().items.map((d: { sha256: string }) => d.sha256);
    expect(scripts).toEqual([docs.traditional]);
    const inBatch = (await get(`/api/documents?batch=${batchId}`)).json().items.map((d: { sha256: string }) => d.sha256);
    expect(inBatch).toEqual([docs.wrapped]);
    const withHits = (await get('/api/documents?hasHits=true')).json().items as { hits: { total: number } }[];
    const without = (await get('/api/documents?hasHits=false')).json().items as { hits: { total: number } }[];
    expect(withHits.every((d) => d.hits.total > 0)).toBe(true);
    expect(without.every((d) => d.hits.total === 0)).toBe(true);
    expect(withHits.length + without.length).toBe(items.length);

    // A decision moves the document into the confirmed filter.
    const [hit] = await env.store.listHits(docs.traditional!);
    await env.store.appendReviewRevision({ hitId: hit!.id, revision: 1, decision: 'confirm', author: 'test' });
    const confirmed = (await get('/api/documents?status=confirmed')).json().items.map((d: { sha256: string }) => d.sha256);
    expect(confirmed).toEqual([docs.traditional]);

    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await get(`/api/documents?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json() as { items: { sha256: string }[]; nextCursor: string | null };
      paged.push(...page.items.map((d) => d.sha256));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(items.map((d) => d.sha256));
  });
});
