import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiTestEnv, type ApiTestEnv } from './helpers/api-env.ts';
import { seedDocument } from './helpers/seed-documents.ts';

let env: ApiTestEnv;
let docs: { sha256: string; hitIds: string[] }[];
type Page = { items: { id: string; sha256: string; entryId: string; category: string; kind: string; reviewStatus: string; etag: string }[]; nextCursor: string | null; prevCursor: string | null; counts: Record<string, number> };

const get = async (url: string): Promise<Page> => {
  const response = await env.as('reviewer', { method: 'GET', url });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Page;
};

describe('the hit queue', () => {
  beforeAll(async () => {
    env = await createApiTestEnv();
    docs = [];
    for (const text of ['青田县公安局设立警侨驿站。', '温州市聘请侨领担任海外联络员。', '南通市公安局警侨联动服务中心在海外设立工作站。']) {
      docs.push(await seedDocument(env, text));
    }
  });
  afterAll(async () => env?.close());

  it('pages through every hit once, forwards and back, with stable cursors', async () => {
    const all = (await get('/api/hits?limit=500&status=')).items.map((h) => h.id);
    expect(all.length).toBe(docs.reduce((n, d) => n + d.hitIds.length, 0));
    // Queue order is upload order, then text order.
    expect(all).toEqual(docs.flatMap((d) => d.hitIds));

    const seen: string[] = [];
    let page = await get('/api/hits?limit=2');
    expect(page.prevCursor).toBeNull();
    const pages: Page[] = [page];
    seen.push(...page.items.map((h) => h.id));
    while (page.nextCursor) {
      page = await get(`/api/hits?limit=2&after=${page.nextCursor}`);
      pages.push(page);
      seen.push(...page.items.map((h) => h.id));
    }
    expect(seen).toEqual(all);
    expect(pages.every((p) => p.items.length <= 2)).toBe(true);

    // Backwards from the last page gives the pages before it, in order.
    const last = pages[pages.length - 1]!;
    const before = await get(`/api/hits?limit=2&before=${last.prevCursor}`);
    expect(before.items.map((h) => h.id)).toEqual(pages[pages.length - 2]!.items.map((h) => h.id));
    expect(before.nextCursor).not.toBeNull();

    // `around` starts a page at a given hit.
    const middle = all[3]!;
    expect((await get(`/api/hits?limit=2&around=${middle}`)).items[0]!.id).toBe(middle);
  });

  it('keeps its place while decisions move hits out of the pending filter', async () => {
    const first = await get('/api/hits?limit=2&status=pending');
    for (const hit of first.items) {
      const r = await env.as('reviewer', { method: 'POST', url: `/api/hits/${hit.id}/decisions`, headers: { 'if-match': hit.etag }, payload: { decision: 'confirm' } });
      expect(r.statusCode).toBe(201);
    }
    const next = await get(`/api/hits?limit=2&status=pending&after=${first.nextCursor}`);
    const all = (await get('/api/hits?limit=500&status=')).items.map((h) => h.id);
    expect(next.items[0]!.id).toBe(all[2]);
    expect(next.counts).toMatchObject({ total: all.length, confirmed: 2, pending: all.length - 2 });
    const pendingNow = await get('/api/hits?limit=500&status=pending');
    expect(pendingNow.items.map((h) => h.id)).toEqual(all.slice(2));
  });

  it('filters by term, category, kind, status, batch and document', async () => {
    const byTerm = await get('/api/hits?term=公安局&limit=100');
    expect(byTerm.items.length).toBe(2);
    expect(byTerm.items.every((h) => h.entryId === 'gonganju')).toBe(true);
    expect((await get('/api/hits?term=gonganju&limit=100')).items.length).toBe(2);
    expect((await get('/api/hits?category=place&limit=100')).items.every((h) => h.category === 'place')).toBe(true);
    expect((await get('/api/hits?kind=fuzzy&limit=100')).items.every((h) => h.kind === 'fuzzy')).toBe(true);
    expect((await get('/api/hits?status=confirmed&limit=100')).items.length).toBe(2);
    const doc = docs[1]!;
    expect((await get(`/api/hits?document=${doc.sha256}&limit=100&status=`)).items.map((h) => h.id)).toEqual(doc.hitIds);

    const { batch } = await env.store.createOrFindBatch({ name: 'just the third', sourcePath: 't' });
    await env.store.upsertBatchItems(batch.id, [{ itemKey: 'c.png', sha256: docs[2]!.sha256, status: 'done' }]);
    const inBatch = await get(`/api/hits?batch=${batch.id}&limit=100&status=`);
    expect(inBatch.items.map((h) => h.id)).toEqual(docs[2]!.hitIds);
    expect(inBatch.counts.total).toBe(docs[2]!.hitIds.length);
  });

  it('refuses cursors it did not make and bad filters', async () => {
    expect((await env.as('reviewer', { method: 'GET', url: '/api/hits?after=bm9wZQ' })).statusCode).toBe(400);
    expect((await env.as('reviewer', { method: 'GET', url: '/api/hits?kind=guess' })).statusCode).toBe(400);
    expect((await env.as('reviewer', { method: 'GET', url: '/api/hits?limit=0' })).statusCode).toBe(400);
  });

  it('shows only the latest analysis: a retag with a new glossary version replaces the queue', async () => {
    const before = await get(`/api/hits?document=${docs[0]!.sha256}&status=`);
    await env.store.saveAnalysis({
      ...(await env.store.getLatestAnalysis(docs[0]!.sha256))!,
      glossaryVersion: 'f'.repeat(64),
      hits: [],
      annotations: [],
    });
    expect((await get(`/api/hits?document=${docs[0]!.sha256}&status=`)).items).toEqual([]);
    expect(before.items.length).toBeGreaterThan(0);
  });
});
