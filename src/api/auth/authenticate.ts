import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TokenRepository } from '../../store/repositories/tokens.ts';
import { HttpError } from '../api-error.ts';
import type { RefusalAudit } from '../refusal-audit.ts';
import { allows, type Access } from './access.ts';
import type { AuthOptions } from './auth-options.ts';
import type { CredentialLimiter } from './credential-limiter.ts';
import { actorOf, type Principal } from './principal.ts';
import { loopbackHost, originAllowed } from './same-origin.ts';
import { decodeSession, sameSecret, SESSION_COOKIE } from './session-cookie.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

/** Who the request comes from, or undefined; a malformed or unknown credential is an error, never anonymity. */
async function identify(request: FastifyRequest, auth: AuthOptions, tokens: TokenRepository, credentials: CredentialLimiter): Promise<Principal | undefined> {
  if (auth.mode === 'none') {
    return { actor: 'local (auth off)', role: 'admin', name: 'local', via: 'none', csrfToken: auth.csrfToken };
  }
  const header = request.headers.authorization;
  if (header !== undefined) {
    await credentials.check(request);
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const record = match ? await tokens.verify(match[1]!) : undefined;
    if (!record) {
      await credentials.charge(request);
      throw new HttpError(401, 'TOKEN_INVALID', 'the bearer token is unknown, revoked or malformed');
    }
    return { actor: actorOf(record), role: record.role, name: record.name, tokenId: record.id, via: 'bearer' };
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (cookie !== undefined) {
    const claims = decodeSession(cookie, auth.sessionSecret);
    const record = claims ? await tokens.getLive(claims.tokenId) : undefined;
    if (!claims || !record) throw new HttpError(401, 'SESSION_INVALID', 'the session has expired or its token was revoked; sign in again');
    return { actor: actorOf(record), role: record.role, name: record.name, tokenId: record.id, via: 'session', csrfToken: claims.csrfToken };
  }
  return undefined;
}

/**
 * Deny by default. Every request is identified first; then the route's declared access decides.
 * A route that declares nothing (the not-found handler, a route someone forgot) needs a signed-in
 * caller, so it cannot be used to probe without one. State-changing requests from the page (cookie
 * sessions, or auth switched off) must carry the session's CSRF token in X-CSRF-Token and, when
 * the browser sends an Origin, come from this origin; bearer clients are not a browser's ambient
 * credential and need neither. Every refusal is audited, within the bounds of RefusalAudit; a
 * failed bearer token counts against the client's credential budget like a failed sign-in.
 */
export function installAuthentication(
  app: FastifyInstance,
  deps: { auth: AuthOptions; tokens: TokenRepository; refusals: RefusalAudit; credentials: CredentialLimiter },
): void {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request) => {
    const access: Access = request.routeOptions.config?.access ?? 'authenticated';
    const deny = async (error: HttpError): Promise<never> => {
      await deps.refusals.record(request, { action: 'access.denied', status: error.statusCode, code: error.code });
      throw error;
    };

    if (deps.auth.mode === 'none' && !loopbackHost(request)) {
      return deny(new HttpError(403, 'HOST_NOT_LOOPBACK', 'with auth off the service only answers requests to a loopback host'));
    }
    let principal: Principal | undefined;
    try {
      principal = await identify(request, deps.auth, deps.tokens, deps.credentials);
    } catch (error) {
      if (error instanceof HttpError && access !== 'public') return deny(error);
      // A stale cookie must not lock anyone out of the sign-in route itself.
      principal = undefined;
    }
    request.principal = principal;
    if (access === 'public') {
      if (!SAFE_METHODS.has(request.method) && !originAllowed(request)) {
        return deny(new HttpError(403, 'CROSS_ORIGIN', 'cross-origin requests are refused'));
      }
      return;
    }
    if (!principal) {
      return deny(new HttpError(401, 'UNAUTHENTICATED', 'send Authorization: Bearer TOKEN, or sign in on the review page'));
    }
    if (!allows(access, principal.role)) {
      return deny(new HttpError(403, 'FORBIDDEN', `the ${principal.role} role may not do this`));
    }
    if (!SAFE_METHODS.has(request.method) && principal.via !== 'bearer') {
      const sent = request.headers[CSRF_HEADER];
      if (!originAllowed(request)) return deny(new HttpError(403, 'CROSS_ORIGIN', 'cross-origin requests are refused'));
      if (typeof sent !== 'string' || !principal.csrfToken || !sameSecret(sent, principal.csrfToken)) {
        return deny(new HttpError(403, 'CSRF_TOKEN_INVALID', 'missing or wrong X-CSRF-Token; reload the page'));
      }
    }
  });
}
