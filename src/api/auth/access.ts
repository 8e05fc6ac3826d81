import type { Role } from '../../store/repositories/tokens.ts';

/**
 * Who may call a route. Every /api route states it (build-app refuses to start otherwise), so
 * a route added without thinking about access is a start-up error, not an open door.
 * `public` is for the few routes a client needs before it has a token.
 */
export type Access = 'public' | 'authenticated' | readonly Role[];

export const UPLOADERS: readonly Role[] = ['uploader', 'admin'];
export const REVIEWERS: readonly Role[] = ['reviewer', 'admin'];
export const ADMINS: readonly Role[] = ['admin'];
export const EVERY_ROLE: readonly Role[] = ['uploader', 'reviewer', 'admin'];

export function allows(access: Access, role: Role): boolean {
  if (access === 'public' || access === 'authenticated') return true;
  return access.includes(role);
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
}
