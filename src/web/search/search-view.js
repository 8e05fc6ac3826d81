// @ts-check
/** @import { DocumentAnswer, DocumentListAnswer, SearchResultView } from '../../api/views/page-api.ts' */
import { messageOf } from '../lib/api.js';
import { byId, closestTarget, el, field } from '../lib/dom.js';
import { getDocument, listDocuments, searchCorpus } from '../lib/endpoints.js';
import { say } from '../lib/status.js';
import { hideDocument, showDocument, wireDocPanel } from './doc-panel.js';

/**
 * The search view: a search box over every stored document (either script, OCR spaces and
 * line breaks seen through, as the tagger sees text), results as keyword-in-context lines
 * grouped by document, each opening its document with the match outlined on the screenshot
 * and marked in the text; and the document browser (the list, its filters, a document's hits
 * one after another).
 */

const searchForm = () => byId('search-form', HTMLFormElement);
const docFilters = () => byId('doc-filters', HTMLFormElement);

/** @type {SearchResultView[]} */
let results = [];
/** @type {string | null} */
let nextCursor = null;
let lastQuery = '';
/** The document the browser opened, and which of its hits is shown. */
/** @type {{ doc: DocumentAnswer, at: number } | undefined} */
let browsing;
/** @type {string | null} */
let docCursor = null;

function searchParams() {
  const f = searchForm();
  return {
    q: field(f, 'q', HTMLInputElement).value,
    script: field(f, 'script', HTMLSelectElement).value,
    fuzzy: field(f, 'fuzzy', HTMLInputElement).checked ? 'true' : '',
  };
}

/** Results of one document under its name, each a line: left context, the match, right context. */
function renderResults() {
  /** @type {Map<string, { path: string, items: { result: SearchResultView, index: number }[] }>} */
  const groups = new Map();
  results.forEach((result, index) => {
    const group = groups.get(result.sha256) ?? { path: result.path, items: [] };
    groups.set(result.sha256, group);
    group.items.push({ result, index });
  });
  const nodes = [...groups.values()].map((group) =>
    el(
      'li',
      { class: 'search-group' },
      el('h3', { class: 'doc-name' }, group.path),
      el(
        'ul',
        { class: 'kwic' },
        ...group.items.map(({ result, index }) => {
          const [left = '', rest = ''] = result.snippet.split('【');
          const right = rest.split('】').slice(1).join('】');
          return el(
            'li',
            {},
            el('span', { class: 'left' }, left),
            el('button', { type: 'button', class: 'result', dataset: { result: String(index) }, title: result.fuzzy ? 'one character differs (fuzzy)' : 'open the document' }, el('mark', {}, result.matched.replace(/\r?\n/g, '⏎')), result.fuzzy ? ' ≈' : ''),
            el('span', { class: 'right' }, right),
          );
        }),
      ),
    ),
  );
  byId('search-results', HTMLElement).replaceChildren(...nodes);
  byId('search-more', HTMLButtonElement).hidden = nextCursor === null;
  byId('search-count', HTMLElement).textContent = lastQuery ? `${results.length}${nextCursor ? '+' : ''} occurrences in ${groups.size} documents` : '';
  byId('add-term', HTMLButtonElement).dataset.term = lastQuery;
}

async function runSearch(/** @type {boolean} */ more) {
  const params = searchParams();
  if (!more) {
    results = [];
    nextCursor = null;
    lastQuery = params.q;
  }
  try {
    const page = await searchCorpus({ ...params, q: lastQuery, ...(more && nextCursor ? { cursor: nextCursor } : {}) });
    results = [...results, ...page.results];
    nextCursor = page.nextCursor;
    say('');
  } catch (error) {
    say(messageOf(error), 'error');
  }
  renderResults();
}

async function openResult(/** @type {SearchResultView} */ result) {
  try {
    browsing = undefined;
    byId('doc-hit-nav', HTMLElement).hidden = true;
    showDocument(await getDocument(result.sha256), result);
  } catch (error) {
    say(messageOf(error), 'error');
  }
}

// ---- the document browser ----------------------------------------------------------------

/** @type {DocumentListAnswer['items']} */
let documents = [];

async function loadDocuments(/** @type {boolean} */ more) {
  const f = docFilters();
  const params = {
    script: field(f, 'script', HTMLSelectElement).value,
    hasHits: field(f, 'hasHits', HTMLSelectElement).value,
    status: field(f, 'status', HTMLSelectElement).value,
    ...(more && docCursor ? { cursor: docCursor } : {}),
  };
  try {
    const page = await listDocuments(params);
    documents = more ? [...documents, ...page.items] : page.items;
    docCursor = page.nextCursor;
  } catch (error) {
    say(messageOf(error), 'error');
  }
  byId('doc-list', HTMLElement).replaceChildren(
    ...documents.map((d, i) =>
      el(
        'li',
        {},
        el('button', { type: 'button', class: 'doc', dataset: { doc: String(i) } }, d.firstPath),
        ` ${d.script ?? 'not analysed'} · ${d.bytes} bytes · ${d.hits.total} hits (${d.hits.pending} pending, ${d.hits.confirmed} confirmed, ${d.hits.rejected} rejected)${d.hits.possible ? `, ${d.hits.possible} possible` : ''} · ${d.createdAt.slice(0, 16).replace('T', ' ')}`,
      ),
    ),
  );
  byId('doc-more', HTMLButtonElement).hidden = docCursor === null;
}

function showBrowsedHit() {
  if (!browsing) return;
  const hits = [...browsing.doc.hits].sort((a, b) => a.start - b.start);
  const hit = hits[browsing.at];
  showDocument(browsing.doc, hit);
  byId('doc-hit-nav', HTMLElement).hidden = false;
  byId('doc-hit-position', HTMLElement).textContent = hits.length ? `hit ${browsing.at + 1} of ${hits.length}${hit ? `: ${hit.term}` : ''}` : 'no hits';
}

async function openListed(/** @type {number} */ index) {
  const listed = documents[index];
  if (!listed) return;
  try {
    browsing = { doc: await getDocument(listed.sha256), at: 0 };
    showBrowsedHit();
  } catch (error) {
    say(messageOf(error), 'error');
  }
}

function stepHit(/** @type {number} */ delta) {
  if (!browsing) return;
  const count = browsing.doc.hits.length;
  if (count === 0) return;
  browsing.at = (browsing.at + delta + count) % count;
  showBrowsedHit();
}

export function openSearch() {
  void loadDocuments(false);
}

/** @param {{ addTerm(term: string): void }} on */
export function wireSearch(on) {
  wireDocPanel();
  searchForm().addEventListener('submit', (event) => {
    event.preventDefault();
    hideDocument();
    void runSearch(false);
  });
  byId('search-more', HTMLButtonElement).addEventListener('click', () => void runSearch(true));
  byId('search-results', HTMLElement).addEventListener('click', (event) => {
    const index = closestTarget(event, 'button[data-result]')?.dataset.result;
    const result = index === undefined ? undefined : results[Number(index)];
    if (result) void openResult(result);
  });
  byId('add-term', HTMLButtonElement).addEventListener('click', () => {
    const term = byId('add-term', HTMLButtonElement).dataset.term?.trim();
    if (term) on.addTerm(term);
  });
  docFilters().addEventListener('change', () => void loadDocuments(false));
  byId('doc-more', HTMLButtonElement).addEventListener('click', () => void loadDocuments(true));
  byId('doc-list', HTMLElement).addEventListener('click', (event) => {
    const index = closestTarget(event, 'button[data-doc]')?.dataset.doc;
    if (index !== undefined) void openListed(Number(index));
  });
  byId('doc-prev-hit', HTMLButtonElement).addEventListener('click', () => stepHit(-1));
  byId('doc-next-hit', HTMLButtonElement).addEventListener('click', () => stepHit(1));
}
