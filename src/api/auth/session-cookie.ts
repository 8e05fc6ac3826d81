import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The review page's session: a cookie naming the token it was opened with, when it expires and
 * its anti-CSRF secret, signed with HMAC-SHA256. Nothing is kept on the server, yet revoking the
 * token ends the session, because every request looks the token up again.
 */
export const SESSION_COOKIE = 'termlens_session';

export type SessionClaims = { tokenId: string; expiresAt: number; csrfToken: string };

function sign(payload: string, secret: Buffer): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

export function newCsrfToken(): string {
  return randomBytes(24).toString('base64url');
}

export function encodeSession(claims: SessionClaims, secret: Buffer): string {
  const payload = Buffer.from(JSON.stringify({ t: claims.tokenId, e: claims.expiresAt, c: claims.csrfToken })).toString('base64url');
  return `${payload}.${sign(payload, secret)}`;
}

/** The claims of a well-signed, unexpired cookie; undefined for anything else. */
export function decodeSession(value: string, secret: Buffer, now = Date.now()): SessionClaims | undefined {
  const dot = value.indexOf('.');
  if (dot <= 0 || value.length > 1024) return undefined;
  const payload = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(sign(payload, secret));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { t, e, c } = parsed as Record<string, unknown>;
  if (typeof t !== 'string' || typeof e !== 'number' || typeof c !== 'string') return undefined;
  if (e <= now) return undefined;
  return { tokenId: t, expiresAt: e, csrfToken: c };
}

/** Compares two secrets without leaking through timing how much of a guess was right. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
