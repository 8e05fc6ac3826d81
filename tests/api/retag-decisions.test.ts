import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiTestEnv, type ApiTestEnv } from './helpers/api-env.ts';
import { seedDocument } from './helpers/seed-documents.ts';

/**
 * Issue #16, defect 1, through the service as an admin meets it: decide, edit the glossary on
 * the API (an English rendering, a longer form, a new entry), ask what a re-tag would do, run it.
 * The decisions stay where their hits are unchanged, the hit a longer form replaced is pending
 * with the reason, the decided hit no longer found is withdrawn and still exported.
 */
const TEXT = '海安市公安局在李堡镇设立警侨驿站，南通市海内外警侨联动服务中心聘请侨领。';

let env: ApiTestEnv;
let sha256: string;

type HitItem = { id: string; entryId: string; start: number; reviewStatus: string; etag: string; reopenedReason?: string };
const get = async (url: string) => {
  const response = await env.as('reviewer', { method: 'GET', url });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};
const hitsOf = async (status = ''): Promise<HitItem[]> => (await get(`/api/hits?document=${sha256}&status=${status}`)).items;
const hitOf = async (entryId: string) => (await hitsOf()).find((h) => h.entryId === entryId)!;

async function decide(entryId: string, decision: 'confirm' | 'reject') {
  const hit = await hitOf(entryId);
  const response = await env.as('reviewer', { method: 'POST', url: `/api/hits/${hit.id}/decisions`, payload: { decision }, headers: { 'if-match': hit.etag } });
  expect(response.statusCode, response.body).toBe(201);
}

async function editEntry(id: string, change: (entry: Record<string, unknown> & { english: string[]; variants: string[] }) => object) {
  const { id: _id, ...entry } = await get(`/api/glossary/entries/${id}`);
  const response = await env.as('admin', { method: 'PUT', url: `/api/glossary/entries/${id}`, payload: change(entry) });
  expect(response.statusCode, response.body).toBe(200);
}

describe('a re-tag after a glossary edit keeps the review', () => {
  beforeAll(async () => {
    env = await createApiTestEnv();
    ({ sha256 } = await seedDocument(env, TEXT, 'retag-decisions'));
    await decide('haian', 'confirm');
    await decide('gonganju', 'reject');
    await decide('jingqiao-yizhan', 'confirm');
    await decide('libao', 'confirm');
  });
  afterAll(async () => env?.close());

  it('says what the re-tag will do, then does it', async () => {
    await editEntry('jingqiao-yizhan', (e) => ({ ...e, english: [...e.english, 'overseas police service station'] }));
    // A longer form: 海安市公安局 is now one hit of gonganju, over 海安市 (confirmed) and 公安局 (rejected).
    await editEntry('gonganju', (e) => ({ ...e, variants: [...e.variants, '海安市公安局'] }));
    const added = await env.as('admin', {
      method: 'POST',
      url: '/api/glossary/entries',
      payload: { id: 'sheli', term: '设立', english: ['set up'], category: 'action', source: ['retag-decisions test'] },
    });
    expect(added.statusCode, added.body).toBe(201);

    const preview = await env.as('admin', { method: 'GET', url: '/api/glossary/retag-preview' });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toEqual({ glossaryVersion: env.deps.glossary.version, documents: 1, kept: 2, reopened: 1, withdrawn: 1, added: 1 });
    expect((await env.as('reviewer', { method: 'GET', url: '/api/glossary/retag-preview' })).statusCode).toBe(403);

    expect((await env.as('admin', { method: 'POST', url: '/api/glossary/retag', payload: {} })).statusCode).toBe(202);
    await env.processor.idle();

    const after = await hitsOf();
    expect(after.map((h) => [h.entryId, h.start, h.reviewStatus, h.reopenedReason])).toEqual([
      ['gonganju', 0, 'pending', 'entry changed: now matched by gonganju (was haian)'],
      ['libao', 7, 'confirmed', undefined],
      ['sheli', 10, 'pending', undefined],
      ['jingqiao-yizhan', 12, 'confirmed', undefined],
      ['nantong', 17, 'pending', undefined],
      ['jingqiao-liandong-fuwu-zhongxin', 20, 'pending', undefined],
      ['pinqing', 31, 'pending', undefined],
      ['qiaoling', 33, 'pending', undefined],
    ]);
    const station = await get(`/api/hits/${(await hitOf('jingqiao-yizhan')).id}`);
    expect(station.revisions.map((r: { decision: string; carried: boolean }) => [r.decision, r.carried])).toEqual([['confirm', true]]);
    expect(station.hit.english).toBe('police-overseas Chinese station');
    const replacing = await get(`/api/hits/${(await hitOf('gonganju')).id}`);
    expect(replacing.revisions).toEqual([]);
    expect(replacing.earlier.map((r: { decision: string }) => r.decision)).toEqual(['confirm']);

    const withdrawn = await get(`/api/hits?document=${sha256}&status=withdrawn`);
    expect(withdrawn.items.map((h: HitItem) => [h.entryId, h.start, h.reviewStatus])).toEqual([['gonganju', 3, 'withdrawn']]);
    expect(withdrawn.counts).toMatchObject({ total: 8, pending: 6, confirmed: 2, withdrawn: 1 });
    const detail = await get(`/api/hits/${withdrawn.items[0].id}`);
    expect(detail.hit.reviewStatus).toBe('withdrawn');
    expect(detail.revisions.map((r: { decision: string }) => r.decision)).toEqual(['reject']);

    const csv = parse((await env.as('reviewer', { method: 'GET', url: '/api/exports/hits.csv' })).body, { columns: true }) as Record<string, string>[];
    expect(csv.map((r) => [r.entry_id, r.start, r.review_status, r.decision, r.reopened_reason])).toEqual([
      ['gonganju', '0', 'pending', '', 'entry changed: now matched by gonganju (was haian)'],
      ['libao', '7', 'confirmed', 'confirm', ''],
      ['sheli', '10', 'pending', '', ''],
      ['jingqiao-yizhan', '12', 'confirmed', 'confirm', ''],
      ['nantong', '17', 'pending', '', ''],
      ['jingqiao-liandong-fuwu-zhongxin', '20', 'pending', '', ''],
      ['pinqing', '31', 'pending', '', ''],
      ['qiaoling', '33', 'pending', '', ''],
      ['gonganju', '3', 'withdrawn', 'reject', ''],
    ]);
  });
});
