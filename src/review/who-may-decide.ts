import type { Role } from '../store/repositories/tokens.ts';
import { ReviewRefusal } from './review-refusal.ts';

/** Reviewers and admins confirm, reject and correct hits; an uploader only adds documents. */
export const DECIDING_ROLES: readonly Role[] = ['reviewer', 'admin'];

export function mayDecide(role: Role): boolean {
  return DECIDING_ROLES.includes(role);
}

/** Refuses a decision by a role that may not make one (the API's access check says the same first). */
export function checkMayDecide(role: Role): void {
  if (!mayDecide(role)) throw new ReviewRefusal('forbidden', 'FORBIDDEN', `the ${role} role may not do this`);
}
