import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiTestEnv, type ApiTestEnv } from './helpers/api-env.ts';
import { seedDocument } from './helpers/seed-documents.ts';

let env: ApiTestEnv;
let hitId: string;

function cookieOf(setCookie: string | string[] | undefined): string {
  const header = Array.isArray(setCookie) ? setCookie[0]! : setCookie!;
  return header.split(';')[0]!;
}

async function signIn(role: 'reviewer' | 'admin' = 'reviewer') {
  const response = await env.app.inject({ method: 'POST', url: '/api/session', payload: { token: env.tokens[role] } });
  expect(response.statusCode).toBe(200);
  return { cookie: cookieOf(response.headers['set-cookie']), csrf: response.json().csrfToken as string, setCookie: response.headers['set-cookie'] };
}

describe('page sessions and CSRF', () => {
  beforeAll(async () => {
    env = await createApiTestEnv();
    hitId = (await seedDocument(env)).hitIds[0]!;
  });
  afterAll(async () => env?.close());

  it('signs in with a token and sets an HttpOnly, SameSite=Strict cookie', async () => {
    const { setCookie, csrf } = await signIn();
    const header = String(setCookie);
    expect(header).toMatch(/^termlens_session=/);
    expect(header).toMatch(/HttpOnly/i);
    expect(header).toMatch(/SameSite=Strict/i);
    expect(header).toMatch(/Path=\//);
    expect(header).not.toContain(env.tokens.reviewer);
    expect(csrf.length).toBeGreaterThan(20);
    const audit = await env.store.listAudit({ limit: 20 });
    expect(audit.some((a) => a.action === 'auth.sign_in' && a.actor.startsWith('test-reviewer'))).toBe(true);
  });

  it('refuses and audits a wrong token', async () => {
    const response = await env.app.inject({ method: 'POST', url: '/api/session', payload: { token: 'tlk_guess' } });
    expect(response.statusCode).toBe(401);
    expect(response.headers['set-cookie']).toBeUndefined();
    const audit = await env.store.listAudit({ limit: 20 });
    expect(audit.some((a) => a.action === 'auth.sign_in_failed' && a.actor === 'anonymous')).toBe(true);
  });

  it('reads with the cookie alone, but changes nothing without the CSRF token', async () => {
    const { cookie, csrf } = await signIn();
    const read = await env.app.inject({ method: 'GET', url: '/api/hits', headers: { cookie } });
    expect(read.statusCode).toBe(200);
    const etag = read.json().items[0].etag as string;

    const noToken = await env.app.inject({ method: 'POST', url: `/api/hits/${hitId}/decisions`, headers: { cookie, 'if-match': etag }, payload: { decision: 'confirm' } });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('CSRF_TOKEN_INVALID');

    const wrongToken = await env.app.inject({
      method: 'POST',
      url: `/api/hits/${hitId}/decisions`,
      headers: { cookie, 'if-match': etag, 'x-csrf-token': `${csrf}x` },
      payload: { decision: 'confirm' },
    });
    expect(wrongToken.statusCode).toBe(403);

    const crossSite = await env.app.inject({
      method: 'POST',
      url: `/api/hits/${hitId}/decisions`,
      headers: { cookie, 'if-match': etag, 'x-csrf-token': csrf, origin: 'https://evil.example' },
      payload: { decision: 'confirm' },
    });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json().error.code).toBe('CROSS_ORIGIN');

    const good = await env.app.inject({
      method: 'POST',
      url: `/api/hits/${hitId}/decisions`,
      headers: { cookie, 'if-match': etag, 'x-csrf-token': csrf, origin: 'http://localhost:80', host: 'localhost:80' },
      payload: { decision: 'confirm' },
    });
    expect(good.statusCode).toBe(201);
    expect(good.json().revision.author).toMatch(/^test-reviewer/);
  });

  it('refuses a cookie that was tampered with, and ends sessions when the token is revoked', async () => {
    const { cookie } = await signIn();
    const [name, value] = cookie.split('=');
    const tampered = `${name}=${value!.slice(0, -2)}AA`;
    expect((await env.app.inject({ method: 'GET', url: '/api/hits', headers: { cookie: tampered } })).statusCode).toBe(401);

    const made = await env.deps.tokens.create({ name: 'temp', role: 'reviewer' });
    const session = await env.app.inject({ method: 'POST', url: '/api/session', payload: { token: made.token } });
    const tempCookie = cookieOf(session.headers['set-cookie']);
    expect((await env.app.inject({ method: 'GET', url: '/api/hits', headers: { cookie: tempCookie } })).statusCode).toBe(200);
    await env.deps.tokens.revoke(made.record.id);
    const after = await env.app.inject({ method: 'GET', url: '/api/hits', headers: { cookie: tempCookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('SESSION_INVALID');
  });

  it('signs out by clearing the cookie', async () => {
    const { cookie, csrf } = await signIn();
    const out = await env.app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie, 'x-csrf-token': csrf } });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/termlens_session=;.*Expires=Thu, 01 Jan 1970/i);
  });

  it('refuses a cross-site sign-in (login CSRF)', async () => {
    const response = await env.app.inject({ method: 'POST', url: '/api/session', headers: { origin: 'https://evil.example' }, payload: { token: env.tokens.reviewer } });
    expect(response.statusCode).toBe(403);
  });
});

describe('auth switched off (loopback only)', () => {
  let open: ApiTestEnv;
  beforeAll(async () => {
    open = await createApiTestEnv({ auth: 'none' });
    await seedDocument(open);
  });
  afterAll(async () => open?.close());

  it('answers requests to a loopback host as the local admin', async () => {
    const session = await open.app.inject({ method: 'GET', url: '/api/session', headers: { host: '127.0.0.1:8080' } });
    expect(session.json()).toMatchObject({ signedIn: true, authMode: 'none', role: 'admin' });
    expect((await open.app.inject({ method: 'GET', url: '/api/hits', headers: { host: 'localhost:8080' } })).statusCode).toBe(200);
  });

  it('refuses any other Host (DNS rebinding)', async () => {
    const response = await open.app.inject({ method: 'GET', url: '/api/hits', headers: { host: 'evil.example' } });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('HOST_NOT_LOOPBACK');
  });

  it('still wants the CSRF token for changes', async () => {
    const hits = (await open.app.inject({ method: 'GET', url: '/api/hits', headers: { host: '127.0.0.1' } })).json();
    const hit = hits.items[0];
    const bare = await open.app.inject({ method: 'POST', url: `/api/hits/${hit.id}/decisions`, headers: { host: '127.0.0.1', 'if-match': hit.etag }, payload: { decision: 'reject' } });
    expect(bare.statusCode).toBe(403);
    const csrf = (await open.app.inject({ method: 'GET', url: '/api/session', headers: { host: '127.0.0.1' } })).json().csrfToken;
    const withToken = await open.app.inject({
      method: 'POST',
      url: `/api/hits/${hit.id}/decisions`,
      headers: { host: '127.0.0.1', 'if-match': hit.etag, 'x-csrf-token': csrf },
      payload: { decision: 'reject' },
    });
    expect(withToken.statusCode).toBe(201);
  });
});

describe('sign-in rate limit', () => {
  let limited: ApiTestEnv;
  beforeAll(async () => {
    limited = await createApiTestEnv({ signInMaxPerMinute: 3 });
  });
  afterAll(async () => limited?.close());

  it('answers 429 after the allowed attempts per minute, even to a right token', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) codes.push((await limited.app.inject({ method: 'POST', url: '/api/session', payload: { token: `tlk_guess${i}` } })).statusCode);
    const blocked = await limited.app.inject({ method: 'POST', url: '/api/session', payload: { token: limited.tokens.reviewer } });
    expect(codes).toEqual([401, 401, 401]);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('TOO_MANY_FAILED_CREDENTIALS');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
    // The same budget guards bearer tokens: from this address even a right one waits, or a right
    // guess would stand out among the refusals.
    const bearer = await limited.as('reviewer', { method: 'GET', url: '/api/hits' });
    expect(bearer.statusCode).toBe(429);
    expect(bearer.headers['retry-after']).toBeDefined();
    // Another address is not held back by this one.
    expect((await limited.as('reviewer', { method: 'GET', url: '/api/hits', remoteAddress: '127.0.0.2' })).statusCode).toBe(200);
  });

  it('counts failed bearer tokens against the same budget as sign-ins', async () => {
    const from = { remoteAddress: '127.0.0.3' };
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) {
      codes.push((await limited.app.inject({ method: 'GET', url: '/api/hits', headers: { authorization: `Bearer tlk_made_up_${i}` }, ...from })).statusCode);
    }
    expect(codes).toEqual([401, 401, 401, 429]);
    const signIn = await limited.app.inject({ method: 'POST', url: '/api/session', payload: { token: limited.tokens.reviewer }, ...from });
    expect(signIn.statusCode).toBe(429);
    // A right token from an address with no failures goes through.
    const fresh = await limited.app.inject({ method: 'GET', url: '/api/hits', headers: { authorization: `Bearer ${limited.tokens.reviewer}` }, remoteAddress: '127.0.0.4' });
    expect(fresh.statusCode).toBe(200);
  });
});
