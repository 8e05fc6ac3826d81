// @ts-check
/** @import { GlossaryEntryView } from '../../api/views/page-api.ts' */
import { byId, el, field } from '../lib/dom.js';
import { getEntry, getGlossary } from '../lib/endpoints.js';
import { route, setRoute } from '../lib/route.js';
import { failed } from '../lib/status.js';
import { isAdmin } from '../session/session-state.js';
import { fillEntryForm } from './entry-form.js';

/**
 * Browsing and searching the glossary; admins edit the entry they open. The search and the
 * entry open are in the URL (gq, gcategory, gentry); each entry of the list is a link, so Enter
 * opens it and it can be opened in another tab.
 */

const TYPING_MS = 250;
const searchForm = () => byId('glossary-search', HTMLFormElement);
const q = () => field(searchForm(), 'q', HTMLInputElement);
const category = () => field(searchForm(), 'category', HTMLSelectElement);

let asked = 0;

const entryHref = (/** @type {string} */ id) => {
  const params = route();
  params.set('view', 'glossary');
  params.set('gentry', id);
  return `?${params}`;
};

/** Lists the entries the search form asks for. */
export async function searchGlossary() {
  const mine = ++asked;
  const data = await getGlossary({ q: q().value.trim(), category: category().value });
  if (mine !== asked) return;
  const list = byId('glossary-list', HTMLElement);
  list.replaceChildren(
    ...data.entries.map((e) => {
      const link = el('a', { href: entryHref(e.id) }, el('span', { lang: 'zh-Hans' }, e.term), ' ', el('span', { class: 'meta' }, `${e.english[0] ?? ''} · ${e.category}`));
      link.addEventListener('click', (event) => {
        event.preventDefault();
        setRoute({ gentry: e.id }, { push: true });
        showEntry(e);
      });
      return el('li', { dataset: { entryId: e.id } }, link);
    }),
  );
  byId('glossary-count', HTMLElement).textContent = `${data.entries.length} entr${data.entries.length === 1 ? 'y' : 'ies'}`;
}

/** @param {string} label @param {string[]} values @param {string} [lang] */
const row = (label, values, lang) => (values.length === 0 ? [] : [el('dt', {}, label), el('dd', { lang }, values.join(' · '))]);

export function showEntry(/** @type {GlossaryEntryView} */ entry) {
  const card = byId('glossary-entry', HTMLElement);
  card.hidden = false;
  card.dataset.entryId = entry.id;
  for (const item of byId('glossary-list', HTMLElement).children) {
    if (item instanceof HTMLElement) item.classList.toggle('open', item.dataset.entryId === entry.id);
  }
  card.replaceChildren(
    el('h3', {}, el('span', { lang: 'zh-Hans' }, entry.term), ' ', el('code', {}, entry.id)),
    el(
      'dl',
      {},
      ...row('English', entry.english),
      ...row('Category', [entry.category]),
      ...row('Traditional', entry.traditional, 'zh-Hant'),
      ...row('Variants', entry.variants, 'zh'),
      ...row('Deprecated', entry.deprecated, 'zh'),
      ...row('Note', entry.note ? [entry.note] : []),
      ...row('Source', entry.source),
    ),
  );
  if (isAdmin()) fillEntryForm(entry);
}

/** Opening the glossary lists what its search says (every entry at first) and the entry linked. */
export async function openGlossary(/** @type {URLSearchParams} */ params) {
  q().value = params.get('gq') ?? '';
  category().value = params.get('gcategory') ?? '';
  try {
    await searchGlossary();
    const id = params.get('gentry');
    if (id) showEntry(await getEntry(id));
  } catch (error) {
    failed('Could not load the glossary', error);
  }
}

/** The search applies as it changes: a category at once, typing after a pause. */
export function wireGlossary() {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let typing;
  const changed = () => {
    clearTimeout(typing);
    setRoute({ gq: q().value.trim(), gcategory: category().value }, { push: true });
    void searchGlossary().catch((error) => failed('Could not search the glossary', error));
  };
  searchForm().addEventListener('submit', (event) => {
    event.preventDefault();
    changed();
  });
  category().addEventListener('change', changed);
  q().addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(changed, TYPING_MS);
  });
}
