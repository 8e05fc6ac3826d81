import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/store/repositories/tokens.ts';
import { createApiTestEnv, type ApiTestEnv } from './helpers/api-env.ts';
import { multipart } from './helpers/multipart.ts';
import { seedDocument } from './helpers/seed-documents.ts';

type Route = { method: InjectOptions['method']; url: string; path: string; allowed: 'public' | 'any' | readonly Role[]; request?: () => Partial<InjectOptions> };

let env: ApiTestEnv;
let sha256: string;
let hitId: string;
let batchId: string;

const UPLOADERS: Role[] = ['uploader', 'admin'];
const REVIEWERS: Role[] = ['reviewer', 'admin'];
const ADMINS: Role[] = ['admin'];
const ALL: Role[] = ['uploader', 'reviewer', 'admin'];

/** Every API route with who may call it. The first test proves the list misses none. */
function routes(): Route[] {
  const entry = env.deps.glossary.entry('qingtian')!;
  const { id: _id, ...entryBody } = { ...entry, deprecated: entry.deprecated ?? [] };
  return [
    { method: 'GET', url: '/api/health', path: '/api/health', allowed: 'public' },
    { method: 'GET', url: '/api/openapi.json', path: '/api/openapi.json', allowed: 'public' },
    { method: 'GET', url: '/api/session', path: '/api/session', allowed: 'public' },
    { method: 'POST', url: '/api/session', path: '/api/session', allowed: 'public', request: () => ({ payload: { token: env.tokens.reviewer } }) },
    { method: 'DELETE', url: '/api/session', path: '/api/session', allowed: 'any' },
    {
      method: 'POST',
      url: '/api/uploads',
      path: '/api/uploads',
      allowed: UPLOADERS,
      // Not an image: recorded as a failed item, so the test needs no OCR engine.
      request: () => multipart([{ name: 'notes.txt', data: Buffer.from('not an image') }]),
    },
    { method: 'GET', url: '/api/batches', path: '/api/batches', allowed: ALL },
    { method: 'GET', url: `/api/batches/${batchId}`, path: '/api/batches/{id}', allowed: ALL },
    { method: 'GET', url: `/api/batches/${batchId}/events`, path: '/api/batches/{id}/events', allowed: ALL },
    { method: 'GET', url: '/api/documents?hasHits=true', path: '/api/documents', allowed: REVIEWERS },
    { method: 'GET', url: `/api/documents/${sha256}`, path: '/api/documents/{sha256}', allowed: REVIEWERS },
    { method: 'GET', url: `/api/search?q=${encodeURIComponent('警侨驿站')}`, path: '/api/search', allowed: REVIEWERS },
    { method: 'GET', url: `/api/documents/${sha256}/image`, path: '/api/documents/{sha256}/image', allowed: REVIEWERS },
    { method: 'GET', url: '/api/hits', path: '/api/hits', allowed: REVIEWERS },
    { method: 'GET', url: `/api/hits/${hitId}`, path: '/api/hits/{id}', allowed: REVIEWERS },
    // Without If-Match an allowed caller gets 428: access is decided before the precondition.
    { method: 'POST', url: `/api/hits/${hitId}/decisions`, path: '/api/hits/{id}/decisions', allowed: REVIEWERS, request: () => ({ payload: { decision: 'confirm' } }) },
    // A preview writes nothing, so every allowed role gets its 200.
    { method: 'POST', url: '/api/decisions', path: '/api/decisions', allowed: REVIEWERS, request: () => ({ payload: { decision: 'confirm', filter: {}, preview: true } }) },
    { method: 'POST', url: '/api/decisions/bulk_none/undo', path: '/api/decisions/{bulkId}/undo', allowed: REVIEWERS },
    { method: 'GET', url: '/api/glossary', path: '/api/glossary', allowed: REVIEWERS },
    { method: 'GET', url: '/api/glossary/entries/qingtian', path: '/api/glossary/entries/{id}', allowed: REVIEWERS },
    { method: 'PUT', url: '/api/glossary/entries/qingtian', path: '/api/glossary/entries/{id}', allowed: ADMINS, request: () => ({ payload: entryBody }) },
    { method: 'POST', url: '/api/glossary/entries', path: '/api/glossary/entries', allowed: ADMINS, request: () => ({ payload: { id: 'qingtian', ...entryBody } }) },
    { method: 'POST', url: '/api/glossary/retag', path: '/api/glossary/retag', allowed: ADMINS, request: () => ({ payload: { batch: batchId } }) },
    { method: 'GET', url: '/api/glossary/retag-preview', path: '/api/glossary/retag-preview', allowed: ADMINS },
    { method: 'GET', url: '/api/exports/annotations.jsonld', path: '/api/exports/annotations.jsonld', allowed: REVIEWERS },
    { method: 'GET', url: '/api/exports/hits.csv', path: '/api/exports/hits.csv', allowed: REVIEWERS },
    { method: 'GET', url: '/api/exports/kwic.json', path: '/api/exports/kwic.json', allowed: REVIEWERS },
    { method: 'GET', url: '/api/kwic?entry=qingtian', path: '/api/kwic', allowed: REVIEWERS },
    { method: 'GET', url: '/api/tokens', path: '/api/tokens', allowed: ADMINS },
    { method: 'POST', url: '/api/tokens', path: '/api/tokens', allowed: ADMINS, request: () => ({ payload: { name: 'made-by-test', role: 'reviewer' } }) },
    { method: 'DELETE', url: '/api/tokens/tok_0000000000000000', path: '/api/tokens/{id}', allowed: ADMINS },
    { method: 'GET', url: '/api/audit', path: '/api/audit', allowed: ADMINS },
  ];
}

describe('access: every route × role', () => {
  beforeAll(async () => {
    env = await createApiTestEnv();
    const seeded = await seedDocument(env);
    sha256 = seeded.sha256;
    hitId = seeded.hitIds[0]!;
    const { batch } = await env.store.createOrFindBatch({ name: 'seeded', sourcePath: 'test' });
    await env.store.upsertBatchItems(batch.id, [{ itemKey: 'seed.png', sha256, status: 'done' }]);
    batchId = batch.id;
  });

  afterAll(async () => {
    await env?.processor.idle();
    await env?.close();
  });

  it('covers every route of the OpenAPI document', async () => {
    const doc = (await env.as('anonymous', { method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`));
    const listed = new Set(routes().map((r) => `${r.method} ${r.path}`));
    for (const route of documented) expect(listed, route).toContain(route);
  });

  it('answers 401 to callers without a token, and to a wrong one, on every non-public route', async () => {
    for (const route of routes().filter((r) => r.allowed !== 'public')) {
      const extra = route.request?.() ?? {};
      const anonymous = await env.as('anonymous', { method: route.method, url: route.url, ...extra });
      expect(anonymous.statusCode, `${route.method} ${route.url}`).toBe(401);
      const wrong = await env.app.inject({
        method: route.method,
        url: route.url,
        ...extra,
        headers: { ...(extra.headers as Record<string, string> | undefined), authorization: 'Bearer tlk_not-a-token' },
      });
      expect(wrong.statusCode, `${route.method} ${route.url} with a wrong token`).toBe(401);
      expect(wrong.json().error.code).toBe('TOKEN_INVALID');
    }
  });

  for (const role of ['uploader', 'reviewer', 'admin'] as const) {
    it(`lets ${role} do exactly what the role allows`, async () => {
      for (const route of routes()) {
        const allowed = route.allowed === 'public' || route.allowed === 'any' || route.allowed.includes(role);
        const response = await env.as(role, { method: route.method, url: route.url, ...(route.request?.() ?? {}) });
        const label = `${role}: ${route.method} ${route.url} → ${response.statusCode} ${response.body.slice(0, 200)}`;
        if (allowed) expect([401, 403], label).not.toContain(response.statusCode);
        else {
          expect(response.statusCode, label).toBe(403);
          expect(response.json().error.code).toBe('FORBIDDEN');
        }
        if (allowed && route.allowed !== 'public') expect(response.statusCode, label).toBeLessThan(500);
      }
    });
  }

  it('audits denials', async () => {
    await env.as('uploader', { method: 'GET', url: '/api/audit' });
    const denials = (await env.store.listAudit({ limit: 500 })).filter((a) => a.action === 'access.denied');
    expect(denials.some((d) => d.actor.startsWith('test-uploader') && d.subject === '/api/audit' && d.details.status === 403)).toBe(true);
    expect(denials.some((d) => d.actor === 'anonymous' && d.details.status === 401)).toBe(true);
  });

  it('refuses a revoked token at once', async () => {
    const made = await env.deps.tokens.create({ name: 'short-lived', role: 'reviewer' });
    const ok = await env.app.inject({ method: 'GET', url: '/api/hits', headers: { authorization: `Bearer ${made.token}` } });
    expect(ok.statusCode).toBe(200);
    const revoked = await env.as('admin', { method: 'DELETE', url: `/api/tokens/${made.record.id}` });
    expect(revoked.statusCode).toBe(200);
    const after = await env.app.inject({ method: 'GET', url: '/api/hits', headers: { authorization: `Bearer ${made.token}` } });
    expect(after.statusCode).toBe(401);
  });

  it('keeps only a hash of each token', async () => {
    const rows = await env.deps.tokens.list();
    expect(rows.length).toBeGreaterThanOrEqual(3);
    const raw = JSON.stringify(await env.store.listAudit({ limit: 1000 }));
    for (const token of Object.values(env.tokens)) expect(raw).not.toContain(token);
  });
});
