import { createHash } from 'node:crypto';
import type { Hit } from '../domain/hit.ts';

/**
 * A hit's id from what identifies its row: the document, the glossary version, the entry and
 * the span. Saving the same analysis again (a retried job, a second worker) therefore rewrites
 * the same rows instead of adding new ones. A new glossary version gives new rows (the old ones
 * stay as history); the decisions are not on the id but on the review key
 * (src/domain/review-key.ts), which the versions' rows of an unchanged hit share.
 */
export function hitIds(sha256: string, glossaryVersion: string, hits: readonly Pick<Hit, 'entryId' | 'start' | 'end'>[]): string[] {
  const seen = new Map<string, number>();
  return hits.map((hit) => {
    const base = createHash('sha256')
      .update([sha256, glossaryVersion, hit.entryId, String(hit.start), String(hit.end)].join('\u0000'))
      .digest('hex')
      .slice(0, 32);
    // The matcher resolves overlaps, so a repeat is not expected; if one comes, its position in
    // the list keeps the id deterministic instead of failing the whole save.
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n === 0 ? `hit_${base}` : `hit_${base}_${n}`;
  });
}
