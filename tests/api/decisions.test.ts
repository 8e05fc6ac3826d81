import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiTestEnv, type ApiTestEnv } from './helpers/api-env.ts';
import { SEED_TEXT, seedDocument } from './helpers/seed-documents.ts';

let env: ApiTestEnv;
let sha256: string;
let hitIds: string[];

const decide = (hitId: string, body: unknown, ifMatch?: string, role: 'reviewer' | 'admin' = 'reviewer') =>
  env.as(role, { method: 'POST', url: `/api/hits/${hitId}/decisions`, payload: body as object, headers: ifMatch === undefined ? {} : { 'if-match': ifMatch } });

const etagOf = async (hitId: string) => (await env.as('reviewer', { method: 'GET', url: `/api/hits/${hitId}` })).headers.etag as string;

describe('review decisions', () => {
  beforeAll(async () => {
    env = await createApiTestEnv();
    ({ sha256, hitIds } = await seedDocument(env));
    expect(hitIds.length).toBeGreaterThanOrEqual(4);
  });
  afterAll(async () => env?.close());

  it('needs If-Match: 428 without it, 428 for *, 412 for a stale one', async () => {
    const hit = hitIds[0]!;
    const missing = await decide(hit, { decision: 'confirm' });
    expect(missing.statusCode).toBe(428);
    expect(missing.json().error.code).toBe('PRECONDITION_REQUIRED');
    expect((await decide(hit, { decision: 'confirm' }, '*')).statusCode).toBe(428);

    const etag = await etagOf(hit);
    const first = await decide(hit, { decision: 'confirm' }, etag);
    expect(first.statusCode).toBe(201);
    expect(first.headers.etag).not.toBe(etag);
    const stale = await decide(hit, { decision: 'reject' }, etag);
    expect(stale.statusCode).toBe(412);
    expect(stale.json().error.code).toBe('HIT_CHANGED');
    // The new ETag works, and the decision becomes revision 2 beside revision 1.
    const second = await decide(hit, { decision: 'reject', note: 'second look' }, first.headers.etag as string);
    expect(second.statusCode).toBe(201);
    const revisions = (await env.as('reviewer', { method: 'GET', url: `/api/hits/${hit}` })).json().revisions;
    expect(revisions.map((r: { revision: number; decision: string }) => [r.revision, r.decision])).toEqual([
      [1, 'confirm'],
      [2, 'reject'],
    ]);
    for (const r of revisions) {
      expect(r.author).toMatch(/^test-reviewer \(tok_[0-9a-f]{16}\)$/);
      expect(Date.parse(r.createdAt)).not.toBeNaN();
    }
  });

  it('lets exactly one of two reviewers deciding on the same version win', async () => {
    const hit = hitIds[1]!;
    const etag = await etagOf(hit);
    const results = await Promise.all([
      decide(hit, { decision: 'confirm' }, etag, 'reviewer'),
      decide(hit, { decision: 'reject' }, etag, 'admin'),
      decide(hit, { decision: 'reject' }, etag, 'reviewer'),
    ]);
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([201, 412, 412]);
    const revisions = (await env.as('reviewer', { method: 'GET', url: `/api/hits/${hit}` })).json().revisions;
    expect(revisions).toHaveLength(1);
  });

  it('records a correction of term, span and reading without touching the evidence', async () => {
    const hit = hitIds[2]!;
    const before = (await env.as('reviewer', { method: 'GET', url: `/api/hits/${hit}` })).json().hit;
    const ocrBefore = await env.store.getOcrResult(sha256);
    const start = [...SEED_TEXT.slice(0, SEED_TEXT.indexOf('侨领'))].length;
    const response = await decide(
      hit,
      { decision: 'correct', note: 'the span is 侨领', correction: { entryId: 'qiaoling', start, end: start + 2, reading: '侨领' } },
      before.etag,
    );
    expect(response.statusCode).toBe(201);
    const corrected = response.json().revision.corrected;
    expect(corrected).toMatchObject({ entryId: 'qiaoling', term: '侨领', start, end: start + 2, matched: '侨领', reading: '侨领' });
    expect(corrected.bbox).toEqual({ x: 10 + start * 20, y: 10, w: 38, h: 20 });
    expect(response.json().hit.reviewStatus).toBe('corrected');

    const after = (await env.as('reviewer', { method: 'GET', url: `/api/hits/${hit}` })).json().hit;
    expect({ ...after, reviewStatus: undefined, revision: undefined, etag: undefined }).toEqual({ ...before, reviewStatus: undefined, revision: undefined, etag: undefined });
    expect(await env.store.getOcrResult(sha256)).toEqual(ocrBefore);
    const audit = await env.store.listAudit({ subject: hit });
    expect(audit[0]).toMatchObject({ action: 'review.correct' });
  });

  it('refuses corrections that do not make sense', async () => {
    const hit = hitIds[3]!;
    const etag = await etagOf(hit);
    const cases: [unknown, number][] = [
      [{ decision: 'correct' }, 400],
      [{ decision: 'correct', correction: {} }, 400],
      [{ decision: 'confirm', correction: { reading: 'x' } }, 400],
      [{ decision: 'correct', correction: { entryId: 'no-such-entry' } }, 400],
      [{ decision: 'correct', correction: { start: 3 } }, 400],
      [{ decision: 'correct', correction: { start: 5, end: 2 } }, 400],
      [{ decision: 'correct', correction: { start: 0, end: 10_000 } }, 400],
      [{ decision: 'correct', correction: { reading: 'a\u0000b' } }, 400],
      [{ decision: 'maybe' }, 400],
      [{ decision: 'confirm', extra: true }, 400],
    ];
    for (const [body, status] of cases) {
      const response = await decide(hit, body, etag);
      expect(response.statusCode, JSON.stringify(body)).toBe(status);
    }
    expect((await env.as('reviewer', { method: 'GET', url: `/api/hits/${hit}` })).json().revisions).toEqual([]);
  });

  it('answers 404 for an unknown hit', async () => {
    expect((await decide('hit_nope', { decision: 'confirm' }, '"x"')).statusCode).toBe(404);
  });
});
