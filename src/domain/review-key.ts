import { createHash } from 'node:crypto';
import type { Hit } from './hit.ts';

/** What a review decision is about: the hit's fields that a translator judged. */
export type ReviewedHit = Pick<Hit, 'entryId' | 'start' | 'end' | 'matched' | 'form' | 'status'>;

/**
 * A hit's review key: what its decisions belong to, across glossary versions. Everything a
 * translator judged is in it (the document, the entry, the span, the text as it stands there,
 * the form that matched and whether that form is deprecated), and nothing they did not (the
 * glossary version, English renderings, notes, category). So a re-tag after adding an English
 * rendering gives the same keys, and every decision still applies; a hit whose form, entry or
 * span changed has a new key and is pending again (see reopenReason).
 */
export function reviewKey(sha256: string, hit: ReviewedHit): string {
  const digest = createHash('sha256')
    .update([sha256, hit.entryId, String(hit.start), String(hit.end), hit.matched, hit.form, hit.status ?? ''].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
  return `rk_${digest}`;
}
