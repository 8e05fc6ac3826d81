// @ts-check
/** @import { GlossaryEntryView } from '../../api/views/page-api.ts' */
import { byId, el, field } from '../lib/dom.js';
import { getGlossary } from '../lib/endpoints.js';
import { isAdmin } from '../session/session-state.js';
import { fillEntryForm } from './entry-form.js';
import { glossaryMeta } from './glossary-meta.js';

/** Browsing and searching the glossary; admins edit the entry they open. */

const searchForm = () => byId('glossary-search', HTMLFormElement);

export async function searchGlossary() {
  const f = searchForm();
  const data = await getGlossary({ q: field(f, 'q', HTMLInputElement).value.trim(), category: field(f, 'category', HTMLSelectElement).value });
  glossaryMeta.entries = data.entries;
  byId('glossary-list', HTMLElement).replaceChildren(
    ...data.entries.map((e) => {
      const item = el('li', { tabindex: 0, dataset: { entryId: e.id } }, el('span', { lang: 'zh' }, e.term), ' ', el('span', { class: 'meta' }, `${e.english[0]} · ${e.category}`));
      item.addEventListener('click', () => showEntry(e));
      return item;
    }),
  );
}

function showEntry(/** @type {GlossaryEntryView} */ entry) {
  const card = byId('glossary-entry', HTMLElement);
  card.hidden = false;
  /** @type {[string, string][]} */
  const rows = [
    ['English', entry.english.join(' · ')],
    ['Category', entry.category],
    ['Traditional', entry.traditional.join(' · ')],
    ['Variants', entry.variants.join(' · ')],
    ['Deprecated', entry.deprecated.join(' · ')],
    ['Note', entry.note ?? ''],
    ['Source', entry.source.join(' · ')],
  ];
  card.replaceChildren(
    el('h3', {}, el('span', { lang: 'zh' }, entry.term), ' ', el('code', {}, entry.id)),
    el('dl', {}, ...rows.filter(([, v]) => v).flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])),
  );
  if (isAdmin()) fillEntryForm(entry);
}

/** Opening the glossary lists its entries unless a list is already there. */
export function openGlossary() {
  if (glossaryMeta.entries.length === 0) void searchGlossary();
}

export function wireGlossary() {
  searchForm().addEventListener('submit', (event) => {
    event.preventDefault();
    void searchGlossary();
  });
}
