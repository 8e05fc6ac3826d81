import type { Role } from '../../store/repositories/tokens.ts';

/**
 * Who is making a request. `actor` is what the audit log and review revisions record:
 * the token's name and id, so two tokens with the same name stay apart.
 */
export type Principal = {
  actor: string;
  role: Role;
  name: string;
  tokenId?: string;
  /** bearer: an API client; session: the review page's cookie; none: auth switched off (loopback only). */
  via: 'bearer' | 'session' | 'none';
  /** For `session`: the anti-CSRF secret bound into the signed cookie. */
  csrfToken?: string;
};

export function actorOf(token: { id: string; name: string }): string {
  return `${token.name} (${token.id})`;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}
