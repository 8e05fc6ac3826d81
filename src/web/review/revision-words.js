// @ts-check
/** @import { HitView, RevisionView } from '../../api/views/page-api.ts' */

/**
 * @typedef {object} Change what one correction changed, in words for the history
 * @property {'span' | 'entry' | 'reading'} what
 * @property {string} [from] the text before (a span's or the entry's term)
 * @property {string} to the text after
 * @property {string} [detail] e.g. the entry's English rendering and id
 * @property {boolean} chinese whether `from`/`to` are Chinese text (for their lang attribute)
 */

const text = (/** @type {unknown} */ v) => (typeof v === 'string' ? v : undefined);

/**
 * The changes of each revision in words ("span 李堡镇 → 李堡镇成立", "entry → 海安市"), each
 * correction read against the state the ones before it left, starting from the hit as tagged.
 * Computed from the revisions' `corrected` fields, which are the service's record of what changed.
 * @param {HitView} hit
 * @param {RevisionView[]} revisions
 * @returns {Change[][]} one list per revision, empty for a confirm or a reject
 */
export function describeRevisions(hit, revisions) {
  let matched = hit.matched;
  let entryId = hit.entryId;
  return revisions.map((r) => {
    const c = r.corrected;
    if (r.decision !== 'correct' || !c) return [];
    /** @type {Change[]} */
    const changes = [];
    const span = text(c.matched);
    if (span !== undefined) {
      changes.push({ what: 'span', from: matched, to: span, chinese: true });
      matched = span;
    }
    const id = text(c.entryId);
    if (id !== undefined && id !== entryId) {
      const english = text(c.english);
      changes.push({ what: 'entry', to: text(c.term) ?? id, detail: english ? `${english} · ${id}` : id, chinese: true });
      entryId = id;
    }
    const reading = text(c.reading);
    if (reading !== undefined) changes.push({ what: 'reading', to: reading, chinese: true });
    return changes;
  });
}

/** "span 李堡镇 → 李堡镇成立" as plain text (for titles and tests). */
export function changeInWords(/** @type {Change} */ c) {
  return `${c.what} ${c.from !== undefined ? `${c.from} ` : ''}→ ${c.to}${c.detail ? ` (${c.detail})` : ''}`;
}
