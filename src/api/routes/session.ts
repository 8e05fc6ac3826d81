import { z } from 'zod';
import { RoleSchema } from '../../store/repositories/tokens.ts';
import type { ApiApp } from '../api-app.ts';
import { HttpError } from '../api-error.ts';
import type { ApiDeps } from '../api-deps.ts';
import { audit } from '../audit.ts';
import { actorOf } from '../auth/principal.ts';
import { encodeSession, newCsrfToken, SESSION_COOKIE } from '../auth/session-cookie.ts';
import { ErrorSchema } from '../views/error-schema.ts';

const SessionSchema = z.object({
  signedIn: z.boolean(),
  authMode: z.enum(['tokens', 'none']),
  name: z.string().optional(),
  role: RoleSchema.optional(),
  /** Send it back as X-CSRF-Token on every state-changing request. */
  csrfToken: z.string().optional(),
  expiresAt: z.string().optional(),
});

/**
 * The review page signs in with a token once and then holds an HttpOnly, SameSite=Strict
 * cookie: page scripts never see the token or the cookie, and other sites' pages cannot make
 * the browser send it. The CSRF token comes in the JSON answer, readable only by this origin.
 */
export function registerSessionRoutes(app: ApiApp, deps: ApiDeps): void {
  const { auth, tokens, store, credentials, refusals } = deps;

  app.get(
    '/api/session',
    { config: { access: 'public' }, schema: { tags: ['session'], summary: 'Who the page is signed in as', response: { 200: SessionSchema } } },
    async (request) => {
      const p = request.principal;
      if (!p) return { signedIn: false, authMode: auth.mode };
      return { signedIn: true, authMode: auth.mode, name: p.name, role: p.role, ...(p.csrfToken ? { csrfToken: p.csrfToken } : {}) };
    },
  );

  app.post(
    '/api/session',
    {
      config: { access: 'public' },
      schema: {
        tags: ['session'],
        summary: 'Sign in with an API token; sets the session cookie',
        body: z.object({ token: z.string().min(1).max(200) }),
        response: { 200: SessionSchema, 400: ErrorSchema, 401: ErrorSchema, 429: ErrorSchema },
      },
    },
    async (request, reply) => {
      if (auth.mode === 'none') throw new HttpError(400, 'AUTH_OFF', 'auth is switched off on this service; there is nothing to sign in to');
      await credentials.check(request);
      const record = await tokens.verify(request.body.token);
      if (!record) {
        await credentials.charge(request);
        await refusals.record(request, { action: 'auth.sign_in_failed', status: 401, code: 'TOKEN_INVALID' });
        throw new HttpError(401, 'TOKEN_INVALID', 'that token is unknown or revoked');
      }
      const expiresAt = Date.now() + auth.sessionTtlMs;
      const csrfToken = newCsrfToken();
      reply.setCookie(SESSION_COOKIE, encodeSession({ tokenId: record.id, expiresAt, csrfToken }, auth.sessionSecret), {
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
        path: '/',
        expires: new Date(expiresAt),
      });
      request.principal = { actor: actorOf(record), role: record.role, name: record.name, tokenId: record.id, via: 'session', csrfToken };
      await audit(store, request, 'auth.sign_in', record.id, { name: record.name });
      return { signedIn: true, authMode: auth.mode, name: record.name, role: record.role, csrfToken, expiresAt: new Date(expiresAt).toISOString() };
    },
  );

  app.delete(
    '/api/session',
    { config: { access: 'authenticated' }, schema: { tags: ['session'], summary: 'Sign out', response: { 200: SessionSchema } } },
    async (request, reply) => {
      reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https' });
      await audit(store, request, 'auth.sign_out', request.principal?.tokenId ?? 'session', {});
      return { signedIn: false, authMode: auth.mode };
    },
  );
}
