// @ts-check
/** @import { Category, GlossaryEntryView } from '../../api/views/page-api.ts' */
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

/**
 * Loads the glossary and fills the category choices of every form. What a form has chosen stays
 * chosen: the options are rebuilt, the choice is not reset to the first (an entry saved with a
 * category nobody chose).
 */
export async function loadGlossaryMeta() {
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
    const chosen = select.value;
    const first = select.options[0];
    const keep = first?.value === '' ? [first] : [];
    select.replaceChildren(...keep, ...data.categories.map((c) => el('option', { value: c }, c)));
    if (chosen && [...select.options].some((o) => o.value === chosen)) select.value = chosen;
  }
}
