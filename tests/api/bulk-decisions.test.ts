import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareDocumentThenId } from '../../src/review/decision-order.ts';
import type { Role } from '../../src/store/repositories/tokens.ts';
import { STORE_BACKENDS } from '../integration/helpers/store-backends.ts';
import { createApiTestEnv, type ApiTestEnv } from './helpers/api-env.ts';
import { seedDocument } from './helpers/seed-documents.ts';

/**
 * Issue #16 point 2, the API: POST /api/decisions applies one decision to listed hits (with
 * their ETags) or to a filtered set (after a preview), in one transaction, with a revision and
 * an audit line per hit; POST /api/decisions/:id/undo takes it back hit by hit. On SQLite and
 * on PostgreSQL, through the real service.
 */

type HitRow = { id: string; etag: string; reviewStatus: string; revision: number; entryId: string; sha256: string };
type Revision = { revision: number; decision: string; bulkId: string | null; author: string };

// Three documents: two name 警侨驿站 (entry jingqiao-yizhan) among other entries, one does not.
const TEXTS = [
  '青田县公安局在海外设立警侨驿站，聘请侨领担任海外联络员。',
  '温州警侨驿站的侨领说，公安局的海外联络员不多。',
  '南通市公安局设立警侨联动服务中心。',
];

describe.each(STORE_BACKENDS)('bulk decisions on %s', (backend) => {
  let env: ApiTestEnv;

  const post = (role: Role | 'anonymous', url: string, payload?: object) => env.as(role, { method: 'POST', url, ...(payload ? { payload } : {}) });
  const bulk = (payload: object, role: Role | 'anonymous' = 'reviewer') => post(role, '/api/decisions', payload);
  const undo = (bulkId: string, role: Role = 'reviewer') => post(role, `/api/decisions/${bulkId}/undo`);
  const hits = async (query: Record<string, string>): Promise<HitRow[]> =>
    (await env.as('reviewer', { method: 'GET', url: `/api/hits?${new URLSearchParams({ limit: '500', ...query })}` })).json().items;
  const revisionsOf = async (id: string): Promise<Revision[]> => (await env.as('reviewer', { method: 'GET', url: `/api/hits/${id}` })).json().revisions;
  const decideOne = async (hit: HitRow, decision: string) => {
    const response = await env.as('admin', { method: 'POST', url: `/api/hits/${hit.id}/decisions`, payload: { decision }, headers: { 'if-match': hit.etag } });
    expect(response.statusCode).toBe(201);
    return response.json().hit as HitRow;
  };
  /** Every hit's revision count, to show that a refused bulk action changed none of them. */
  const revisionCounts = async () => Object.fromEntries((await hits({})).map((h) => [h.id, h.revision]));

  beforeAll(async () => {
    env = await createApiTestEnv({ backend });
    for (const [i, text] of TEXTS.entries()) await seedDocument(env, text, `doc-${i}-${text}`);
  });
  afterAll(async () => env?.close());

  it('decides listed hits in one action: a revision and an audit line each, and a line for the action', async () => {
    const chosen = (await hits({ term: 'gonganju' })).slice(0, 2);
    expect(chosen).toHaveLength(2);
    const response = await bulk({ decision: 'reject', note: 'not the police here', hits: chosen.map((h) => ({ id: h.id, etag: h.etag })) });
    expect(response.statusCode, response.body).toBe(201);
    const answer = response.json();
    expect(answer).toMatchObject({ decision: 'reject', count: 2 });
    expect(answer.bulkId).toMatch(/^bulk_/);
    for (const [i, h] of chosen.entries()) {
      expect(answer.hits[i]).toEqual({ id: h.id, revision: 1, reviewStatus: 'rejected', etag: `"${h.id}.r1"` });
      const revisions = await revisionsOf(h.id);
      expect(revisions).toHaveLength(1);
      expect(revisions[0]).toMatchObject({ revision: 1, decision: 'reject', bulkId: answer.bulkId });
      const lines = await env.store.listAudit({ subject: h.id });
      expect(lines.map((l) => l.action)).toEqual(['review.reject']);
      expect(lines[0]!.details).toMatchObject({ revision: 1, bulk: answer.bulkId, entryId: 'gonganju', sha256: h.sha256 });
    }
    const summary = await env.store.listAudit({ subject: answer.bulkId });
    expect(summary.map((l) => [l.action, l.details.count, l.details.decision])).toEqual([['review.bulk', 2, 'reject']]);
    // The new ETags are the hits' versions: deciding on one again with it works.
    await decideOne({ ...chosen[0]!, etag: answer.hits[0].etag }, 'confirm');
  });

  it('refuses a list with a stale ETag with 412, naming the hits that conflicted, and changes none of them', async () => {
    const set = await hits({ term: 'qiaoling' });
    expect(set.length).toBeGreaterThanOrEqual(2);
    // Someone decides on two of them after the list was loaded.
    const moved = [await decideOne(set[0]!, 'confirm'), await decideOne(set[1]!, 'reject')];
    const before = await revisionCounts();
    const response = await bulk({ decision: 'confirm', hits: set.map((h) => ({ id: h.id, etag: h.etag })) });
    expect(response.statusCode, response.body).toBe(412);
    const error = response.json().error;
    expect(error.code).toBe('HITS_CHANGED');
    expect(error.details.conflicts).toEqual(moved.map((h) => ({ id: h.id, etag: h.etag })));
    expect(await revisionCounts()).toEqual(before);
    for (const h of set.slice(2)) expect(await revisionsOf(h.id)).toEqual([]);
    const refused = (await env.store.listAudit({ limit: 5 })).find((l) => l.action === 'review.bulk-refused');
    expect(refused?.details).toMatchObject({ code: 'HITS_CHANGED', conflicts: moved.map((h) => ({ id: h.id, etag: h.etag })) });

    // With the current ETags the same list goes through.
    const fresh = await hits({ term: 'qiaoling' });
    expect((await bulk({ decision: 'confirm', hits: fresh.map((h) => ({ id: h.id, etag: h.etag })) })).statusCode).toBe(201);
  });

  it('lets one of two bulk actions racing on the same hits win; the other decides none of them', async () => {
    const set = await hits({ term: 'haiwai-lianluoyuan', status: 'pending' });
    expect(set.length).toBeGreaterThanOrEqual(2);
    const listed = set.map((h) => ({ id: h.id, etag: h.etag }));
    const results = await Promise.all([bulk({ decision: 'confirm', hits: listed }), bulk({ decision: 'reject', hits: [...listed].reverse() }, 'admin')]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 412]);
    const lost = results.find((r) => r.statusCode === 412)!.json().error;
    expect(lost.code).toBe('HITS_CHANGED');
    expect(lost.details.conflicts.length).toBeGreaterThan(0);
    const won = results.find((r) => r.statusCode === 201)!.json();
    for (const h of set) {
      const revisions = await revisionsOf(h.id);
      expect(revisions.map((r) => [r.revision, r.bulkId])).toEqual([[1, won.bulkId]]);
    }
    // Back to pending, for the tests after this one.
    expect((await undo(won.bulkId, 'admin')).statusCode).toBe(201);
  });

  it('refuses unknown hits (404, listed), hits listed twice, * as an ETag, and malformed bodies; nothing is written', async () => {
    const [a, b] = await hits({ term: 'haiwai-lianluoyuan' });
    const before = await revisionCounts();
    const unknown = await bulk({ decision: 'confirm', hits: [{ id: a!.id, etag: a!.etag }, { id: 'hit_nope', etag: '"hit_nope.r0"' }] });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toMatchObject({ code: 'HITS_NOT_FOUND', details: { missing: ['hit_nope'] } });
    const twice = await bulk({ decision: 'confirm', hits: [{ id: a!.id, etag: a!.etag }, { id: a!.id, etag: a!.etag }] });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error.code).toBe('BULK_DUPLICATE_HIT');
    expect((await bulk({ decision: 'confirm', hits: [{ id: a!.id, etag: '*' }] })).statusCode).toBe(428);
    const malformed: object[] = [
      { decision: 'correct', hits: [{ id: a!.id, etag: a!.etag }] },
      { decision: 'confirm' },
      { decision: 'confirm', hits: [{ id: a!.id, etag: a!.etag }], filter: {} },
      { decision: 'confirm', hits: [] },
      { decision: 'confirm', hits: [{ id: a!.id }] },
      { decision: 'confirm', hits: [{ id: b!.id, etag: b!.etag }], preview: true },
      { decision: 'confirm', filter: { status: 'maybe' } },
      { decision: 'confirm', filter: { colour: 'red' } },
    ];
    for (const body of malformed) expect((await bulk(body)).statusCode, JSON.stringify(body)).toBe(400);
    // A list as long as one action takes fits the body limit; one more hit is refused.
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `hit_${String(i).padStart(32, '0')}`, etag: `"hit_${String(i).padStart(32, '0')}.r0"` }));
    const long = await bulk({ decision: 'confirm', hits: many(2000) });
    expect(long.statusCode).toBe(404);
    expect(long.json().error.details.missing).toHaveLength(2000);
    expect((await bulk({ decision: 'confirm', hits: many(2001) })).statusCode).toBe(400);
    expect(await revisionCounts()).toEqual(before);
  });

  it('decides a filtered set: the preview counts it, the decision needs that count and tag, hits outside stay', async () => {
    const filter = { term: 'jingqiao-yizhan', status: 'pending' };
    const expected = await hits(filter);
    expect(expected.length).toBe(2);
    const outside = (await hits({})).filter((h) => h.entryId !== 'jingqiao-yizhan');
    const preview = await bulk({ decision: 'confirm', filter, preview: true });
    expect(preview.statusCode).toBe(200);
    const { count, tag } = preview.json();
    expect(count).toBe(2);
    // Without the preview's answer the action is refused: what runs must be what was shown.
    const blind = await bulk({ decision: 'confirm', filter });
    expect(blind.statusCode).toBe(428);
    expect(blind.json().error.details).toEqual({ count, tag });
    expect((await bulk({ decision: 'confirm', filter, expect: { count: 3, tag } })).statusCode).toBe(412);

    const response = await bulk({ decision: 'confirm', filter, expect: { count, tag } });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().hits.map((h: HitRow) => h.id)).toEqual(expected.map((h) => h.id));
    expect(await hits(filter)).toEqual([]);
    expect((await hits({ term: 'jingqiao-yizhan', status: 'confirmed' })).map((h) => h.id)).toEqual(expected.map((h) => h.id));
    for (const h of expected) expect((await env.store.listAudit({ subject: h.id }))[0]).toMatchObject({ action: 'review.confirm', details: { bulk: response.json().bulkId } });
    const summary = await env.store.listAudit({ subject: response.json().bulkId });
    expect(summary[0]!.details).toMatchObject({ decision: 'confirm', count: 2, filters: { term: 'jingqiao-yizhan', status: 'pending' } });
    for (const h of outside) expect((await revisionsOf(h.id)).length).toBe(h.revision);
  });

  it('refuses a filtered set that changed since its preview (412 with the new count) and writes nothing', async () => {
    const filter = { term: 'haiwai-lianluoyuan' };
    const preview = (await bulk({ decision: 'reject', filter, preview: true })).json();
    const [first] = await hits(filter);
    await decideOne(first!, 'confirm');
    const before = await revisionCounts();
    const response = await bulk({ decision: 'reject', filter, expect: preview });
    expect(response.statusCode).toBe(412);
    const error = response.json().error;
    expect(error.code).toBe('HIT_SET_CHANGED');
    expect(error.details.count).toBe(preview.count);
    expect(error.details.tag).not.toBe(preview.tag);
    expect(await revisionCounts()).toEqual(before);
  });

  it('undoes a bulk action with new revisions restoring each hit, leaving alone a hit decided on since', async () => {
    const filter = { term: 'gonganju' };
    const set = await hits(filter);
    expect(set.length).toBe(3);
    // Before: [0] confirmed (rejected in bulk, then confirmed), [1] rejected in bulk, [2] pending.
    expect(set.map((h) => h.reviewStatus)).toEqual(['confirmed', 'rejected', 'pending']);
    const preview = (await bulk({ decision: 'confirm', filter, preview: true })).json();
    const done = await bulk({ decision: 'confirm', filter, expect: preview });
    expect(done.statusCode, done.body).toBe(201);
    const bulkId = done.json().bulkId as string;
    // Someone else decides on the second hit after the bulk action.
    const after = await hits(filter);
    const since = await decideOne(after[1]!, 'reject');

    // Only the author of the bulk action (or an admin) may undo it.
    const other = await env.deps.tokens.create({ name: 'other-reviewer', role: 'reviewer' });
    const foreign = await env.app.inject({ method: 'POST', url: `/api/decisions/${bulkId}/undo`, headers: { authorization: `Bearer ${other.token}` } });
    expect(foreign.statusCode).toBe(403);
    expect((await undo('bulk_nope')).statusCode).toBe(404);

    const response = await undo(bulkId);
    expect(response.statusCode, response.body).toBe(201);
    const answer = response.json();
    expect(answer.undoes).toBe(bulkId);
    expect(answer.conflicts).toEqual([{ id: since.id, etag: since.etag }]);
    // In document, then hit id order (code units), the order an undo writes in.
    const restored = [
      { ...set[0]!, reviewStatus: 'confirmed' },
      { ...set[2]!, reviewStatus: 'pending' },
    ]
      .sort(compareDocumentThenId)
      .map((h) => [h.id, h.reviewStatus]);
    expect(answer.hits.map((h: HitRow) => [h.id, h.reviewStatus])).toEqual(restored);
    // Append-only: the bulk revision stays, the undo is a further revision.
    expect((await revisionsOf(set[0]!.id)).map((r) => [r.decision, r.bulkId])).toEqual([
      ['reject', expect.stringMatching(/^bulk_/)],
      ['confirm', null],
      ['confirm', bulkId],
      ['confirm', answer.bulkId],
    ]);
    expect((await revisionsOf(set[2]!.id)).map((r) => [r.decision, r.bulkId])).toEqual([
      ['confirm', bulkId],
      ['reopen', answer.bulkId],
    ]);
    expect((await revisionsOf(since.id)).map((r) => r.decision)).toEqual(['reject', 'confirm', 'reject']);
    // Reopened is pending: in the pending queue, counted as pending, without a review annotation.
    expect((await hits({ term: 'gonganju', status: 'pending' })).map((h) => h.id)).toEqual([set[2]!.id]);
    const page = (await env.as('reviewer', { method: 'GET', url: '/api/hits?term=gonganju&limit=1' })).json();
    expect(page.counts).toMatchObject({ total: 3, pending: 1, confirmed: 1, rejected: 1 });
    const jsonld = (await env.as('reviewer', { method: 'GET', url: '/api/exports/annotations.jsonld?term=gonganju' })).json();
    const assessments = jsonld.first.items.filter((a: { motivation?: string }) => a.motivation === 'assessing');
    expect(assessments).toHaveLength(2);
    expect((await env.store.listAudit({ subject: set[2]!.id }))[0]).toMatchObject({ action: 'review.undo', details: { undoes: bulkId, restored: 'reopen' } });
    expect((await env.store.listAudit({ subject: answer.bulkId }))[0]).toMatchObject({ action: 'review.bulk-undo', details: { undoes: bulkId, count: 2, conflicts: [since.id] } });

    // A second undo finds nothing left to take back.
    const again = await undo(bulkId);
    expect(again.statusCode).toBe(412);
    expect(again.json().error.code).toBe('NOTHING_TO_UNDO');
    // An undo is a bulk action too: an admin may undo it (and the hits get the bulk's decision back).
    const redo = await undo(answer.bulkId, 'admin');
    expect(redo.statusCode, redo.body).toBe(201);
    expect(redo.json().hits.map((h: HitRow) => h.reviewStatus)).toEqual(['confirmed', 'confirmed']);
  });

  it('lets reviewers and admins decide in bulk, not uploaders or callers without a token', async () => {
    const [h] = await hits({});
    const body = { decision: 'confirm', hits: [{ id: h!.id, etag: h!.etag }] };
    expect((await bulk(body, 'uploader')).statusCode).toBe(403);
    expect((await bulk(body, 'anonymous')).statusCode).toBe(401);
    expect((await bulk({ decision: 'confirm', filter: {}, preview: true }, 'uploader')).statusCode).toBe(403);
    const done = await bulk(body, 'admin');
    expect(done.statusCode).toBe(201);
    expect((await post('uploader', `/api/decisions/${done.json().bulkId}/undo`)).statusCode).toBe(403);
    expect(await revisionsOf(h!.id)).toHaveLength(h!.revision + 1);
  });
});
