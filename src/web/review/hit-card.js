// @ts-check
/** @import { HitDetailAnswer, HitView, KwicLineAnswer, RevisionView, Script } from '../../api/views/page-api.ts' */
/** @import { Change } from './revision-words.js' */
import { byId, el } from '../lib/dom.js';
import { langOf } from '../lib/lang.js';
import { describeRevisions } from './revision-words.js';

/** The card of the current hit: its glossary entry and the decisions on it. */

/**
 * A term and its definition for a <dl>, left out when there is nothing to say.
 * @param {string} label
 * @param {string | string[] | null | undefined} value
 * @param {string} [lang] the language of the value, when it is Chinese
 */
function row(label, value, lang) {
  if (!value || value.length === 0) return [];
  return [el('dt', {}, label), el('dd', { lang }, Array.isArray(value) ? value.join(' · ') : value)];
}

/** One change of a correction, its Chinese text tagged with its language. */
function changeItem(/** @type {Change} */ c, /** @type {string} */ lang) {
  return el(
    'span',
    { class: 'change', dataset: { what: c.what } },
    `${c.what} `,
    c.from !== undefined ? el('span', { lang }, c.from) : null,
    c.from !== undefined ? ' ' : null,
    '→ ',
    el('span', { lang: c.what === 'entry' ? 'zh-Hans' : lang }, c.to),
    c.detail ? el('span', { class: 'meta' }, ` (${c.detail})`) : null,
  );
}

/**
 * @param {HitDetailAnswer} detail
 * @param {HitView} hit
 * @param {Script} script the document's script, for the lang of its text
 */
export function renderCard(detail, hit, script) {
  const lang = langOf(script);
  const title = byId('hit-term', HTMLElement);
  title.textContent = hit.matched;
  title.lang = lang;
  // The canonical term only when the text says it otherwise (another script, a variant, a misreading).
  const canonical = byId('hit-canonical', HTMLElement);
  canonical.hidden = hit.term === hit.matched;
  canonical.textContent = hit.term === hit.matched ? '' : hit.term;
  byId('hit-english', HTMLElement).textContent = hit.english;
  byId('hit-meta', HTMLElement).textContent = `${hit.kind} · confidence ${hit.confidence.toFixed(2)} · ${hit.category} · ${hit.reviewStatus}`;
  // A possible hit is a question, not a find: say what to decide.
  const possible = byId('hit-possible', HTMLElement);
  possible.hidden = hit.kind !== 'possible';
  possible.textContent =
    hit.kind === 'possible' ? `Possible miss: the text reads ${hit.matched}, one lookalike from ${hit.form}. Confirm if it is ${hit.form} misread; reject if not.` : '';
  const deprecated = byId('hit-deprecated', HTMLElement);
  deprecated.hidden = hit.termStatus !== 'deprecated';
  deprecated.textContent = hit.termStatus === 'deprecated' ? `Deprecated form; preferred: ${hit.preferred}` : '';
  const reopened = byId('hit-reopened', HTMLElement);
  const why =
    hit.reviewStatus === 'withdrawn'
      ? 'Withdrawn: the current glossary no longer finds this hit. Its decisions are kept and exported.'
      : hit.reopenedReason
        ? `Pending again after a glossary change (${hit.reopenedReason}).`
        : '';
  reopened.hidden = why === '';
  reopened.textContent = why;
  const entry = detail.entry;
  const fields = entry
    ? [
        ...row('English', entry.english[0]),
        ...row('Alternatives', entry.english.slice(1)),
        ...row('Note', entry.note),
        ...row('Category', entry.category),
        ...row('Traditional', entry.traditional, 'zh-Hant'),
        ...row('Variants', entry.variants, 'zh'),
        ...row('Deprecated', entry.deprecated, 'zh'),
        ...row('Source', entry.source),
      ]
    : [el('dt', {}, 'Entry'), el('dd', {}, `${hit.entryId} is no longer in the glossary`)];
  byId('entry-fields', HTMLElement).replaceChildren(...fields);
  const words = describeRevisions(hit, detail.revisions);
  /** @param {RevisionView} r @param {number} i @param {Change[][]} said what each revision changed, in words */
  const item = (r, i, said) =>
    el(
      'li',
      {},
      el('strong', {}, r.decision === 'reopen' ? 'reopened (undo)' : r.decision),
      ` by ${r.author} `,
      r.bulkId ? el('span', { class: 'meta' }, '(bulk) ') : null,
      el('time', { datetime: r.createdAt }, new Date(r.createdAt).toLocaleString()),
      r.carried ? el('span', { class: 'hint' }, ' · carried from an earlier glossary version') : null,
      ...(said[i] ?? []).map((c) => changeItem(c, lang)),
      r.note ? el('q', {}, r.note) : null,
    );
  const earlier = detail.earlier.length > 0 ? [el('li', { class: 'hint' }, 'before the glossary change:'), ...detail.earlier.map((r, i) => item(r, i, []))] : [];
  byId('revisions', HTMLElement).replaceChildren(
    ...(detail.revisions.length === 0 ? [el('li', { class: 'hint' }, 'no decisions yet')] : detail.revisions.map((r, i) => item(r, i, words))),
    ...earlier,
  );
}

/**
 * The other occurrences of the hit's entry, as keyword-in-context lines, each naming its
 * document and leading to its hit.
 * @param {HitView} hit
 * @param {Promise<KwicLineAnswer[]>} lines
 * @param {() => boolean} stillCurrent false once another hit is shown
 * @param {(sha256: string, hitId: string) => void} jump shows the hit of a line
 */
export async function renderKwic(hit, lines, stillCurrent, jump) {
  const list = byId('kwic', HTMLElement);
  try {
    const others = (await lines).filter((l) => l.hitId !== hit.id);
    if (!stillCurrent()) return;
    list.replaceChildren(
      ...(others.length === 0
        ? [el('li', { class: 'hint' }, 'no other occurrences')]
        : others.map((l) => {
            const params = new URLSearchParams({ view: 'review', document: l.sha256, status: 'any', hit: l.hitId });
            const link = el(
              'a',
              { href: `?${params}`, dataset: { hitId: l.hitId, sha256: l.sha256 } },
              el('span', { class: 'doc', lang: 'en' }, l.sha256 === hit.sha256 ? `${l.document} (this document)` : l.document),
              el('span', { class: 'left' }, l.left),
              el('mark', {}, l.keyword),
              el('span', { class: 'right' }, l.right),
            );
            link.addEventListener('click', (event) => {
              event.preventDefault();
              jump(l.sha256, l.hitId);
            });
            return el('li', {}, link);
          })),
    );
  } catch {
    list.replaceChildren(el('li', { class: 'hint' }, 'occurrences could not be loaded'));
  }
}
