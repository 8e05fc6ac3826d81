// @ts-check
/** @import { Category, GlossaryAnswer, GlossaryEntryView } from '../../api/views/page-api.ts' */
import { byId, el, field } from '../lib/dom.js';
import { getGlossary } from '../lib/endpoints.js';

/** What every view needs to know of the glossary: its categories and entries. */
export const glossaryMeta = {
  /** @type {Category[]} */
  categories: [],
  /** @type {GlossaryEntryView[]} */
  entries: [],
  version: '',
};

/** Loads the glossary and fills the category choices of every form and the entry suggestions. */
export async function loadGlossaryMeta() {
  /** @type {GlossaryAnswer} */
  const data = await getGlossary();
  glossaryMeta.categories = data.categories;
  glossaryMeta.entries = data.entries;
  glossaryMeta.version = data.version;
  byId('glossary-version', HTMLElement).textContent = `version ${data.version.slice(0, 12)} · ${data.entries.length} entries`;
  const selects = [
    field(byId('filters', HTMLFormElement), 'category', HTMLSelectElement),
    field(byId('glossary-search', HTMLFormElement), 'category', HTMLSelectElement),
    field(byId('entry-form', HTMLFormElement), 'category', HTMLSelectElement),
  ];
  for (const select of selects) {
    const first = select.options[0];
    const keep = first?.value === '' ? [first] : [];
    select.replaceChildren(...keep, ...data.categories.map((c) => el('option', { value: c }, c)));
  }
  byId('entry-ids', HTMLDataListElement).replaceChildren(...data.entries.map((e) => el('option', { value: e.id }, `${e.term} · ${e.english[0]}`)));
}
