import { createHash } from 'node:crypto';
import { ReviewRefusal } from './review-refusal.ts';

/**
 * A hit's version for optimistic concurrency: its latest revision number. The hit id is part of
 * it so that a tag copied from one hit never passes for another's.
 */
export function hitEtag(hitId: string, revision: number): string {
  return `"${hitId}.r${revision}"`;
}

/**
 * Checks the version a decision says it was made on (an If-Match value) against the hit's
 * current one. Missing → version-required (a decision must say which version it was made on);
 * `*` → version-required too, since it would let a client decide blind; stale → changed.
 */
export function checkIfMatch(header: string | string[] | undefined, current: string): void {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (value === undefined || value.trim() === '') {
    throw new ReviewRefusal('version-required', 'PRECONDITION_REQUIRED', 'send If-Match with the ETag of the hit you decided on', { etag: current });
  }
  const tags = value.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (tags.includes('*')) {
    throw new ReviewRefusal('version-required', 'PRECONDITION_REQUIRED', 'If-Match: * is not accepted; send the ETag of the hit you decided on', { etag: current });
  }
  if (!tags.includes(current)) {
    throw new ReviewRefusal('changed', 'HIT_CHANGED', 'someone decided on this hit since you loaded it; reload it and decide again', { etag: current });
  }
}

/**
 * The version of a set of hits (a filtered bulk decision's preview): it changes when a hit
 * joins or leaves the set or any of them gets a new revision, whatever the order they came in.
 */
export function hitSetEtag(etags: readonly string[]): string {
  const digest = createHash('sha256').update([...etags].sort().join('\n')).digest('base64url');
  return `"set.${etags.length}.${digest.slice(0, 32)}"`;
}
