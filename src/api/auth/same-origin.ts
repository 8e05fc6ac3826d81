import type { FastifyRequest } from 'fastify';

/**
 * Whether the browser says the request comes from this service's own pages. Browsers send
 * Origin on every cross-site state-changing request, so a present Origin that names another
 * site is refused; an absent one (same-origin GET, non-browser clients) passes, the CSRF token
 * being the check that does not depend on it.
 */
export function originAllowed(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  const host = request.headers.host;
  if (!host) return false;
  return origin === `${request.protocol}://${host}`;
}

const LOOPBACK_HOST = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])(:\d+)?$/i;

/** With auth off, a request must name a loopback host: a rebinding attacker's page names its own. */
export function loopbackHost(request: FastifyRequest): boolean {
  return LOOPBACK_HOST.test(request.headers.host ?? '');
}
