// @ts-check
/** @import { BatchItemView, BatchProgressEvent, BatchView } from '../../api/views/page-api.ts' */
import { el } from '../lib/dom.js';
import { batchEventsUrl } from '../lib/endpoints.js';

/** @type {Record<string, string>} */
const STATUS_LABEL = { received: 'received', queued: 'queued', processing: 'OCR…', done: 'tagged', failed: 'failed', duplicate: 'duplicate' };

/**
 * @typedef {object} BatchPanelOptions
 * @property {boolean} canReview whether to offer "Review this batch" once it is finished
 * @property {(batchId: string) => void} review
 * @property {() => void} finished called once every item is finished
 */

/**
 * Shows a batch in `panel` and follows its progress (server-sent events) until it is finished.
 * @param {HTMLElement} panel
 * @param {BatchView} batch
 * @param {BatchItemView[]} items
 * @param {BatchPanelOptions} options
 */
export function followBatch(panel, batch, items, options) {
  /** @type {Map<string, HTMLLIElement>} */
  const rows = new Map();
  const list = el('ul', { class: 'items' });
  const counts = el('p', { class: 'counts' });
  const title = el('h3', {}, batch.name);
  const reviewButton = el('button', { type: 'button', hidden: true }, 'Review this batch');
  reviewButton.addEventListener('click', () => options.review(batch.id));
  panel.replaceChildren(title, counts, list, reviewButton);
  panel.dataset.batchId = batch.id;

  const renderItem = (/** @type {BatchItemView} */ item) => {
    let row = rows.get(item.itemKey);
    if (!row) {
      row = el('li', {}, el('span', { class: 'name' }), el('span', { class: 'state' }), el('span', { class: 'why' }));
      rows.set(item.itemKey, row);
      list.append(row);
    }
    row.dataset.status = item.status;
    const [name, state, why] = row.children;
    if (name) name.textContent = item.itemKey;
    if (state) state.textContent = STATUS_LABEL[item.status] ?? item.status;
    if (why) why.textContent = item.error ? `${item.error.code}: ${item.error.message}` : '';
  };
  const renderCounts = (/** @type {BatchView} */ b) => {
    const c = b.counts;
    counts.textContent = `${c.done} tagged · ${c.failed} failed · ${c.duplicate} duplicate · ${c.received + c.queued + c.processing} in progress · ${c.total} in all`;
    panel.dataset.finished = String(b.finished);
    reviewButton.hidden = !b.finished || !options.canReview;
  };
  items.forEach(renderItem);
  renderCounts(batch);

  const events = new EventSource(batchEventsUrl(batch.id));
  events.addEventListener('progress', (event) => {
    /** @type {BatchProgressEvent} */
    const data = JSON.parse(event.data);
    (data.items ?? []).forEach(renderItem);
    renderCounts(data.batch);
  });
  events.addEventListener('done', (event) => {
    /** @type {BatchProgressEvent} */
    const data = JSON.parse(event.data);
    renderCounts(data.batch);
    events.close();
    options.finished();
  });
  events.addEventListener('error', () => {
    if (events.readyState === EventSource.CLOSED) counts.append(' (progress stream closed; reload for the latest)');
  });
}
