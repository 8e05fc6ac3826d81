// @ts-check
/** @import { BatchView, HitFilterParams } from '../../api/views/page-api.ts' */
import { byId, el, field } from '../lib/dom.js';
import { setRoute } from '../lib/route.js';

/**
 * The queue's filters: the form, the URL and the API's query parameters say the same. In the
 * URL, an absent status is the queue's default (pending) and `status=any` is any status; the
 * document filter has no field of its own, only a chip that removes it.
 */

const FIELDS = /** @type {const} */ (['term', 'category', 'batch', 'kind', 'status']);
const TYPING_MS = 300;

const form = () => byId('filters', HTMLFormElement);
const control = (/** @type {string} */ name) => {
  const node = form().elements.namedItem(name);
  if (node instanceof HTMLInputElement || node instanceof HTMLSelectElement) return node;
  throw new Error(`the filter ${name} is missing`);
};

/** The filters of one document, set from a link. */
let documentFilter = '';

/** The queue's filters as the API takes them. */
export function currentFilters() {
  /** @type {HitFilterParams} */
  const filters = {};
  for (const name of FIELDS) {
    const value = control(name).value.trim();
    if (value) filters[name] = value;
  }
  if (documentFilter) filters.document = documentFilter;
  return filters;
}

/** The filters as URL parameters (every one, so that a cleared one is removed). */
export function filtersAsRoute() {
  const f = currentFilters();
  return {
    term: f.term ?? null,
    category: f.category ?? null,
    batch: f.batch ?? null,
    kind: f.kind ?? null,
    status: f.status === 'pending' ? null : (f.status ?? 'any'),
    document: f.document ?? null,
  };
}

/** Sets the form from the URL; a value the form does not offer (yet) is kept as an option. */
export function setFiltersFromRoute(/** @type {URLSearchParams} */ params) {
  for (const name of FIELDS) {
    const node = control(name);
    let value = params.get(name) ?? '';
    if (name === 'status') value = value === '' ? 'pending' : value === 'any' ? '' : value;
    if (node instanceof HTMLSelectElement && value && ![...node.options].some((o) => o.value === value)) {
      node.append(el('option', { value }, value));
    }
    node.value = value;
  }
  documentFilter = /^[0-9a-f]{64}$/.test(params.get('document') ?? '') ? (params.get('document') ?? '') : '';
  renderDocumentChip('');
}

/** Shows which document the queue is limited to, by name once known. */
export function renderDocumentChip(/** @type {string} */ name) {
  const chip = byId('document-filter', HTMLElement);
  chip.hidden = !documentFilter;
  byId('document-filter-name', HTMLElement).textContent = name || documentFilter.slice(0, 12);
}

export function documentFilterOf() {
  return documentFilter;
}

/** Shows the queue of one batch, every status. */
export function chooseBatch(/** @type {string} */ batchId) {
  control('batch').value = batchId;
}

/** The batches to filter by, keeping the one chosen. */
export function setBatchOptions(/** @type {BatchView[]} */ batches) {
  const select = field(form(), 'batch', HTMLSelectElement);
  const chosen = select.value;
  select.replaceChildren(el('option', { value: '' }, 'any'), ...batches.map((b) => el('option', { value: b.id }, b.name)));
  if (chosen && !batches.some((b) => b.id === chosen)) select.append(el('option', { value: chosen }, chosen));
  select.value = chosen;
}

/**
 * Filters apply as they change: a choice at once, typing after a pause, Enter at once. Each
 * change is written to the URL (a new history entry) before `apply` runs.
 */
export function onFiltersChanged(/** @type {() => void} */ apply) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let typing;
  const changed = () => {
    clearTimeout(typing);
    setRoute({ ...filtersAsRoute(), hit: null }, { push: true });
    apply();
  };
  form().addEventListener('submit', (event) => {
    event.preventDefault();
    changed();
  });
  form().addEventListener('change', (event) => {
    if (event.target instanceof HTMLSelectElement) changed();
  });
  control('term').addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(changed, TYPING_MS);
  });
  byId('document-filter-clear', HTMLButtonElement).addEventListener('click', () => {
    documentFilter = '';
    renderDocumentChip('');
    changed();
  });
}
