// @ts-check
/** @import { BatchView, HitFilterParams } from '../../api/views/page-api.ts' */
import { byId, el, field } from '../lib/dom.js';

const form = () => byId('filters', HTMLFormElement);

/** The queue's filters as the form shows them. */
export function currentFilters() {
  const f = form();
  return /** @type {HitFilterParams} */ ({
    term: field(f, 'term', HTMLInputElement).value.trim(),
    category: field(f, 'category', HTMLSelectElement).value,
    batch: field(f, 'batch', HTMLSelectElement).value,
    kind: field(f, 'kind', HTMLSelectElement).value,
    status: field(f, 'status', HTMLSelectElement).value,
  });
}

/** Shows the queue of one batch. */
export function chooseBatch(/** @type {string} */ batchId) {
  field(form(), 'batch', HTMLSelectElement).value = batchId;
}

/** The batches to filter by, keeping the one chosen. */
export function setBatchOptions(/** @type {BatchView[]} */ batches) {
  const select = field(form(), 'batch', HTMLSelectElement);
  const chosen = select.value;
  select.replaceChildren(el('option', { value: '' }, 'any'), ...batches.map((b) => el('option', { value: b.id }, b.name)));
  select.value = chosen;
}

/** Calls `apply` when the form is submitted. */
export function onFiltersApplied(/** @type {() => void} */ apply) {
  form().addEventListener('submit', (event) => {
    event.preventDefault();
    apply();
  });
}
