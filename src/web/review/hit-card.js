// @ts-check
/** @import { HitDetailAnswer, HitView, KwicLineAnswer } from '../../api/views/page-api.ts' */
import { byId, el } from '../lib/dom.js';

/** The card of the current hit: its glossary entry and the decisions on it. */

/**
 * A term and its definition for a <dl>, left out when there is nothing to say.
 * @param {string} label
 * @param {string | string[] | null | undefined} value
 */
function row(label, value) {
  if (!value || value.length === 0) return [];
  return [el('dt', {}, label), el('dd', {}, Array.isArray(value) ? value.join(' · ') : value)];
}

/**
 * @param {HitDetailAnswer} detail
 * @param {HitView} hit
 */
export function renderCard(detail, hit) {
  byId('hit-term', HTMLElement).textContent = hit.matched;
  byId('hit-english', HTMLElement).textContent = `${hit.term} · ${hit.english}`;
  byId('hit-meta', HTMLElement).textContent = `${hit.kind} · confidence ${hit.confidence.toFixed(2)} · ${hit.category} · ${hit.reviewStatus}`;
  const deprecated = byId('hit-deprecated', HTMLElement);
  deprecated.hidden = hit.termStatus !== 'deprecated';
  deprecated.textContent = hit.termStatus === 'deprecated' ? `Deprecated form; preferred: ${hit.preferred}` : '';
  const entry = detail.entry;
  const fields = entry
    ? [
        ...row('English', entry.english[0]),
        ...row('Alternatives', entry.english.slice(1)),
        ...row('Note', entry.note),
        ...row('Category', entry.category),
        ...row('Traditional', entry.traditional),
        ...row('Variants', entry.variants),
        ...row('Deprecated', entry.deprecated),
        ...row('Source', entry.source),
      ]
    : [el('dt', {}, 'Entry'), el('dd', {}, `${hit.entryId} is no longer in the glossary`)];
  byId('entry-fields', HTMLElement).replaceChildren(...fields);
  byId('revisions', HTMLElement).replaceChildren(
    ...(detail.revisions.length === 0
      ? [el('li', { class: 'hint' }, 'none yet')]
      : detail.revisions.map((r) =>
          el(
            'li',
            {},
            el('strong', {}, r.decision),
            ` by ${r.author} at ${new Date(r.createdAt).toLocaleString()}`,
            r.note ? el('q', {}, r.note) : null,
            r.corrected ? el('code', {}, JSON.stringify(r.corrected)) : null,
          ),
        )),
  );
}

/**
 * The other occurrences of the hit's entry, as keyword-in-context lines.
 * @param {HitView} hit
 * @param {Promise<KwicLineAnswer[]>} lines
 * @param {() => boolean} stillCurrent false once another hit is shown
 */
export async function renderKwic(hit, lines, stillCurrent) {
  const list = byId('kwic', HTMLElement);
  try {
    const others = (await lines).filter((l) => l.hitId !== hit.id);
    if (!stillCurrent()) return;
    list.replaceChildren(
      ...(others.length === 0
        ? [el('li', { class: 'hint' }, 'no other occurrences')]
        : others.map((l) => el('li', { title: l.document }, el('span', { class: 'left' }, l.left), el('mark', {}, l.keyword), el('span', { class: 'right' }, l.right)))),
    );
  } catch {
    list.replaceChildren(el('li', { class: 'hint' }, 'occurrences could not be loaded'));
  }
}
