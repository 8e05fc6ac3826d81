import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_ROOT } from '../../src/api/build-app.ts';
import { createApiTestEnv, type ApiTestEnv } from './helpers/api-env.ts';
import { seedDocument, XSS_TEXT } from './helpers/seed-documents.ts';

let env: ApiTestEnv;
let sha256: string;

describe('web safety', () => {
  beforeAll(async () => {
    env = await createApiTestEnv();
    ({ sha256 } = await seedDocument(env));
  });
  afterAll(async () => env?.close());

  it('serves the page with a strict CSP and no unsafe-inline', async () => {
    for (const url of ['/', '/app.js', '/app.css', '/api/health']) {
      const response = await env.as('anonymous', { method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      const csp = String(response.headers['content-security-policy']);
      expect(csp, url).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    }
    expect((await env.as('anonymous', { method: 'GET', url: '/app.js' })).headers['content-type']).toMatch(/javascript/);
  });

  it('has no inline script or style in the page and no HTML parsing of data in its script', async () => {
    const html = await readFile(path.join(WEB_ROOT, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toMatch(/\son[a-z]+=/);
    // Every module of the page, not only its entry.
    const modules = (await readdir(WEB_ROOT, { recursive: true })).filter((f) => f.endsWith('.js'));
    expect(modules).toContain('app.js');
    expect(modules.length).toBeGreaterThan(1);
    for (const file of modules) {
      const js = await readFile(path.join(WEB_ROOT, file), 'utf8');
      expect(js, file).not.toMatch(/\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/);
    }
  });

  it('returns OCR text holding markup as a plain JSON string', async () => {
    const response = await env.as('reviewer', { method: 'GET', url: `/api/documents/${sha256}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const doc = response.json();
    expect(doc.text).toContain(XSS_TEXT);
    expect(doc.scripts.original).toContain(XSS_TEXT);
    // JSON, not HTML: the payload travels escaped only as JSON escapes it, never rendered.
    expect(response.body).toContain(JSON.stringify(XSS_TEXT).slice(1, -1));
    const audit = await env.store.listAudit({ subject: sha256 });
    expect(audit.some((a) => a.action === 'document.view' && a.actor.startsWith('test-reviewer'))).toBe(true);
  });

  it('serves originals byte for byte with their media type and nosniff', async () => {
    const response = await env.as('reviewer', { method: 'GET', url: `/api/documents/${sha256}/image` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(String(response.headers['content-security-policy'])).toContain('sandbox');
    expect(response.rawPayload).toEqual(await env.blobs.get(sha256));
    expect((await env.as('reviewer', { method: 'GET', url: `/api/documents/${'0'.repeat(64)}/image` })).statusCode).toBe(404);
    expect((await env.as('reviewer', { method: 'GET', url: '/api/documents/..%2F..%2Fetc%2Fpasswd/image' })).statusCode).toBe(400);
  });

  it('publishes a valid OpenAPI document listing the routes', async () => {
    const response = await env.as('anonymous', { method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const doc = JSON.parse(response.body);
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBeTruthy();
    for (const p of ['/api/health', '/api/uploads', '/api/batches/{id}/events', '/api/hits', '/api/hits/{id}/decisions', '/api/glossary/entries/{id}', '/api/exports/hits.csv']) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    expect(doc.paths['/api/hits/{id}/decisions'].post.responses).toHaveProperty('412');
    expect(doc.paths['/api/hits/{id}/decisions'].post.responses).toHaveProperty('428');
    expect(doc.components.securitySchemes.bearer.scheme).toBe('bearer');
  });

  it('keeps internals out of error answers and asks for sign-in on unknown paths', async () => {
    expect((await env.as('anonymous', { method: 'GET', url: '/api/nope' })).statusCode).toBe(401);
    const notFound = await env.as('reviewer', { method: 'GET', url: '/api/nope' });
    expect(notFound.statusCode).toBe(404);
    const bad = await env.as('reviewer', { method: 'POST', url: `/api/hits/x/decisions`, headers: { 'content-type': 'application/json' }, payload: '{bad json' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).not.toMatch(/at .*\.ts:\d+/);
  });

  it('reports health of the store and the processing', async () => {
    const response = await env.as('anonymous', { method: 'GET', url: '/api/health' });
    expect(response.json()).toEqual({ status: 'ok', store: 'ok', queue: 'not-used', processing: 'in-process' });
  });
});
