// @ts-check
/** @import { BatchItemView, BatchProgressEvent, BatchView } from '../../api/views/page-api.ts' */
import { messageOf } from '../lib/api.js';
import { el } from '../lib/dom.js';
import { batchEventsUrl, getBatch } from '../lib/endpoints.js';

/** @type {Record<string, string>} */
const STATUS_LABEL = { received: 'received', queued: 'queued', processing: 'OCR…', done: 'tagged', failed: 'failed', duplicate: 'duplicate' };

const megabytes = (/** @type {number} */ n) => `${(n / 1e6).toFixed(n < 1e7 ? 1 : 0)} MB`;

/**
 * @typedef {object} BatchPanelOptions
 * @property {boolean} canReview whether to offer "Review this batch" (and links to documents)
 * @property {(batchId: string) => void} review
 * @property {() => void} finished called once every item is finished
 */

/**
 * One batch on the upload page: a progress bar (the bytes while the files are sent, then the
 * files the pipeline has finished), "done" with its counts, and the files with their state.
 */
export class BatchPanel {
  /** @type {Map<string, HTMLLIElement>} */
  #rows = new Map();
  /** @type {EventSource | undefined} */
  #events;

  /** @param {BatchPanelOptions} options */
  constructor(options) {
    this.options = options;
    this.title = el('h3', {});
    this.bar = el('progress', { class: 'bar', max: 1, value: 0 });
    this.state = el('p', { class: 'counts' });
    this.list = el('ul', { class: 'items' });
    this.reviewButton = el('button', { type: 'button', hidden: true }, 'Review this batch');
    this.node = el('article', { class: 'card upload' }, this.title, this.bar, this.state, this.list, this.reviewButton);
    this.reviewButton.addEventListener('click', () => {
      if (this.node.dataset.batchId) options.review(this.node.dataset.batchId);
    });
  }

  /** While the files are sent. */
  uploading(/** @type {string} */ name, /** @type {number} */ files) {
    this.title.textContent = `Uploading ${name ? `${name}: ` : ''}${files} file${files === 1 ? '' : 's'}…`;
    this.node.dataset.phase = 'uploading';
  }

  sent(/** @type {number} */ bytes, /** @type {number} */ total) {
    this.bar.max = total;
    this.bar.value = bytes;
    this.state.textContent = `sending ${megabytes(bytes)} of ${megabytes(total)}`;
  }

  refused(/** @type {unknown} */ error) {
    this.node.dataset.phase = 'refused';
    this.title.textContent = 'Upload refused';
    this.bar.remove();
    this.state.replaceChildren(el('span', { class: 'error' }, messageOf(error)));
  }

  /**
   * Shows the batch and its items, and follows it until it is finished.
   * @param {BatchView} batch
   * @param {BatchItemView[] | null} items null: listed from the batches, the files on request
   */
  show(batch, items) {
    this.node.dataset.batchId = batch.id;
    this.title.textContent = batch.name;
    if (items) for (const item of items) this.#renderItem(item);
    else this.#offerItems(batch.id);
    this.#renderCounts(batch);
    if (!batch.finished) this.#follow(batch.id);
  }

  /** A listed batch shows its files when asked: a leak's thousands are not loaded unasked. */
  #offerItems(/** @type {string} */ batchId) {
    const files = el('details', { class: 'files' }, el('summary', {}, 'Files'));
    this.list.replaceWith(files);
    files.append(this.list);
    files.addEventListener('toggle', async () => {
      if (!files.open || this.#rows.size > 0) return;
      try {
        const data = await getBatch(batchId, 500);
        for (const item of data.items) this.#renderItem(item);
        if (data.nextAfter) this.list.append(el('li', { class: 'hint' }, `the first ${data.items.length} files; the API has the rest`));
      } catch (error) {
        this.list.replaceChildren(el('li', { class: 'error' }, messageOf(error)));
      }
    });
  }

  /** What a duplicate duplicates: the document stored first, linked for those who may review it. */
  #duplicateOf(/** @type {string} */ sha256) {
    const label = sha256.slice(0, 12);
    if (!this.options.canReview) return el('span', {}, `duplicate of document ${label}`);
    const link = el('a', { href: `?${new URLSearchParams({ view: 'review', document: sha256, status: 'any' })}` }, label);
    return el('span', {}, 'duplicate of document ', link);
  }

  #renderItem(/** @type {BatchItemView} */ item) {
    let row = this.#rows.get(item.itemKey);
    if (!row) {
      row = el('li', {}, el('span', { class: 'name' }), el('span', { class: 'state' }), el('span', { class: 'why' }));
      this.#rows.set(item.itemKey, row);
      this.list.append(row);
    }
    row.dataset.status = item.status;
    const [name, state, why] = row.children;
    if (name) name.textContent = item.itemKey;
    if (state) state.textContent = STATUS_LABEL[item.status] ?? item.status;
    if (why) {
      if (item.error) why.replaceChildren(`${item.error.code}: ${item.error.message}`);
      else if (item.status === 'duplicate' && item.duplicateOf) why.replaceChildren(this.#duplicateOf(item.duplicateOf));
      else why.replaceChildren();
    }
  }

  #renderCounts(/** @type {BatchView} */ b) {
    const c = b.counts;
    const finishedFiles = c.done + c.failed + c.duplicate;
    this.bar.max = Math.max(1, c.total);
    this.bar.value = finishedFiles;
    this.node.dataset.phase = b.finished ? 'done' : 'processing';
    this.node.dataset.finished = String(b.finished);
    const counts = `${c.done} tagged · ${c.failed} failed · ${c.duplicate} duplicate`;
    this.state.textContent = b.finished
      ? `Done: ${counts} (${c.total} in all)`
      : `processing: ${finishedFiles} of ${c.total} files finished · ${counts} · ${c.received + c.queued + c.processing} in progress`;
    this.reviewButton.hidden = !b.finished || !this.options.canReview;
  }

  #follow(/** @type {string} */ batchId) {
    const events = new EventSource(batchEventsUrl(batchId));
    this.#events = events;
    events.addEventListener('progress', (event) => {
      /** @type {BatchProgressEvent} */
      const data = JSON.parse(event.data);
      for (const item of data.items ?? []) this.#renderItem(item);
      this.#renderCounts(data.batch);
    });
    events.addEventListener('done', (event) => {
      /** @type {BatchProgressEvent} */
      const data = JSON.parse(event.data);
      this.#renderCounts(data.batch);
      events.close();
      this.options.finished();
    });
    events.addEventListener('error', () => {
      if (events.readyState === EventSource.CLOSED) this.state.append(' (progress stream closed; reload for the latest)');
    });
  }

  /** Stops following (signing out). */
  close() {
    this.#events?.close();
  }
}
