// @ts-check
/** @import { Role, SessionAnswer } from '../../api/views/page-api.ts' */

/** @typedef {SessionAnswer & { role: Role, name: string }} Session */

/** @type {Session | null} */
let current = null;

export function getSession() {
  return current;
}

export function setSession(/** @type {Session | null} */ session) {
  current = session;
}

export function isAdmin() {
  return current?.role === 'admin';
}
