// @ts-check
/** @import { BulkHitState, DecisionRequest, DocumentAnswer, HitCounts, HitFilterParams, HitView } from '../../api/views/page-api.ts' */
/** @import { ScriptView } from './text-pane.js' */
import { byId, el } from '../lib/dom.js';
import { setRoute } from '../lib/route.js';
import { failed, say } from '../lib/status.js';
import { shownView } from '../lib/views.js';
import { renderBulkBar, wireBulk } from './bulk-actions.js';
import { decideOn } from './decisions.js';
import { currentFilters, documentFilterOf, renderDocumentChip, setFiltersFromRoute } from './filters.js';
import { renderCard, renderKwic } from './hit-card.js';
import { HitQueue } from './hit-queue.js';
import { drawBoxes, prefetchImage, redrawOnResize, renderImage } from './image-pane.js';
import { renderQueueList, wireQueueList } from './queue-list.js';
import { detailOf, documentOf, forgetDetail, forgetEverything, kwicOf } from './review-cache.js';
import { Selection } from './selection.js';
import { renderText, setScript, wireTextPane } from './text-pane.js';

/** The review: the queue of hits, one shown at a time with its screenshot, text and card. */

/** @type {HitQueue | null} */
let queue = null;
let busy = false;
/** The hits chosen for a bulk decision; a new queue (new filters) starts with none. */
let selection = new Selection();

/** The hit being looked at, if any. */
export function currentHit() {
  return queue?.current;
}

/** Whether the reviewer (screenshot, text and card) is on screen. */
export function reviewing() {
  return !byId('review', HTMLElement).hidden && !byId('reviewer', HTMLElement).hidden;
}

function renderCounter() {
  const c = queue?.counts;
  if (!c) return;
  const counter = byId('counter', HTMLElement);
  counter.textContent = `reviewed ${c.total - c.pending} / ${c.total}${c.withdrawn ? ` · ${c.withdrawn} withdrawn` : ''}`;
  counter.dataset.reviewed = String(c.total - c.pending);
  counter.dataset.total = String(c.total);
}

function renderPosition() {
  if (!queue) return;
  const position = byId('position', HTMLElement);
  const at = queue.position;
  position.textContent = `hit ${at ?? '…'} of ${queue.total}`;
  position.dataset.position = at === null ? '' : String(at);
  position.dataset.total = String(queue.total);
}

const sameFilters = (/** @type {HitFilterParams} */ a, /** @type {HitFilterParams} */ b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Shows what the route asks for: the queue of its filters, at its hit. A queue already loaded
 * for the same filters is kept (coming back from another view).
 */
export async function openReview(/** @type {URLSearchParams} */ params) {
  setFiltersFromRoute(params);
  const hitId = params.get('hit') ?? '';
  if (queue && sameFilters(queue.filters, currentFilters()) && (!hitId || queue.current?.id === hitId)) return;
  await loadQueue(hitId || undefined);
}

/** The queue list and the bulk bar, after the selection or the queue changed. */
function renderSelection() {
  if (!queue) return;
  renderQueueList(queue.items, queue.index, selection);
  // How many the filters select now (the counts follow decisions; the queue's total does not).
  const c = queue.counts;
  const status = /** @type {keyof HitCounts | undefined} */ (queue.filters.status);
  renderBulkBar(selection, c ? (status && status in c ? c[status] : c.total) : queue.total);
}

/** `x`: selects the hit on screen for a bulk decision, or takes it out of the selection. */
export function toggleCurrent() {
  if (!queue?.current) return;
  selection.toggle(queue.items, queue.index);
  renderSelection();
}

/** Loads the queue for the filters of the form and shows its first hit (or the hit `around`). */
export async function loadQueue(/** @type {string | undefined} */ around = undefined) {
  const q = new HitQueue(currentFilters());
  queue = q;
  selection = new Selection();
  try {
    await q.load(around);
    if (queue !== q) return;
    renderCounter();
    renderSelection();
    byId('queue-empty', HTMLElement).hidden = q.items.length > 0;
    byId('reviewer', HTMLElement).hidden = q.items.length === 0;
    if (around && q.items[0]?.id !== around) say('The linked hit is not in this queue (it was decided, or the filters leave it out); the queue goes on from its place.');
    if (q.offset === null) void q.countBefore().then(() => queue === q && renderPosition(), () => undefined);
    if (q.items.length > 0) await showHit(0);
    else if (shownView() === 'review') setRoute({ hit: null });
  } catch (error) {
    failed('Could not load hits', error);
  }
}

/** The next hit's document, detail and image are fetched while the current one is read. */
function prefetch(/** @type {number} */ index) {
  const hit = queue?.items[index];
  if (!hit) return;
  void documentOf(hit.sha256).catch(() => undefined);
  void detailOf(hit.id).catch(() => undefined);
  prefetchImage(hit.sha256);
}

/** The queue of one document, every status, whatever the filters were; at one of its hits if given. */
function openDocumentQueue(/** @type {string} */ sha256, /** @type {string | undefined} */ hitId = undefined) {
  setRoute({ term: null, category: null, batch: null, kind: null, document: sha256, status: 'any', hit: hitId ?? null }, { push: true });
  setFiltersFromRoute(new URLSearchParams(location.search));
  void loadQueue(hitId);
}

/** A link's address for the queue of a document (at a hit). */
function documentQueueHref(/** @type {string} */ sha256, /** @type {string | undefined} */ hitId = undefined) {
  return `?${new URLSearchParams({ view: 'review', document: sha256, status: 'any', ...(hitId ? { hit: hitId } : {}) })}`;
}

/** Shows a hit of another line ("other occurrences"): in this queue if loaded, else in its document's queue. */
function jumpToHit(/** @type {string} */ sha256, /** @type {string} */ hitId) {
  const index = queue?.indexOf(hitId) ?? -1;
  if (index >= 0) void showHit(index);
  else openDocumentQueue(sha256, hitId);
}

/** The document's name, a link to the queue of that document (every status). */
function renderDocumentName(/** @type {DocumentAnswer} */ doc) {
  const link = el('a', { href: documentQueueHref(doc.sha256), id: 'doc-link' }, doc.firstPath);
  link.addEventListener('click', (event) => {
    event.preventDefault();
    openDocumentQueue(doc.sha256);
  });
  // A PDF page: the page number beside the file's name (the image pane shows its render).
  const page = doc.page ? [el('span', { id: 'doc-page', class: 'doc-page' }, ` · page ${doc.page.number} of ${doc.page.pageCount}`)] : [];
  byId('doc-name', HTMLElement).replaceChildren(link, ...page);
  if (documentFilterOf() === doc.sha256) renderDocumentChip(doc.firstPath);
}

async function showHit(/** @type {number} */ index) {
  const q = queue;
  const hit = q?.items[index];
  if (!q || !hit) return;
  q.index = index;
  const [doc, detail] = await Promise.all([documentOf(hit.sha256), detailOf(hit.id)]);
  if (queue !== q || q.index !== index) return;
  // The queue entry may be older than the detail (a decision elsewhere): the detail wins.
  Object.assign(hit, detail.hit);
  if (shownView() === 'review') setRoute({ hit: hit.id });
  renderPosition();
  renderDocumentName(doc);
  renderImage(doc, hit);
  renderText(doc, hit);
  renderCard(detail, hit, doc.script);
  renderSelection();
  void renderKwic(hit, kwicOf(hit.entryId), () => queue?.current?.id === hit.id, jumpToHit);
  prefetch(index + 1);
}

/** Shows the hit `step` places away in the queue. */
export async function move(/** @type {number} */ step) {
  const q = queue;
  if (!q) return;
  const target = await q.indexAt(step);
  renderCounter();
  if (target === undefined) {
    say(step > 0 ? 'That was the last hit of the queue.' : 'This is the first hit of the queue.');
    return;
  }
  await showHit(target);
}

/**
 * Records a decision on the current hit and moves on to the next.
 * @param {DecisionRequest['decision']} decision
 * @param {Omit<DecisionRequest, 'decision'>} [extra]
 */
export async function decide(decision, extra = {}) {
  const q = queue;
  const hit = q?.current;
  if (!q || !hit || busy) return;
  busy = true;
  try {
    const before = hit.reviewStatus;
    const [outcome] = await decideOn([hit], { decision, ...extra });
    if (!outcome) return;
    if ('answer' in outcome) {
      if (q.counts && before === 'pending') q.counts.pending -= 1;
      renderCounter();
      say(`${hit.matched}: ${outcome.answer.hit.reviewStatus}.`);
      await move(1);
    } else if ('conflict' in outcome) {
      say('Someone decided on this hit meanwhile; it has been reloaded. Decide again.', 'error');
      await showHit(q.index);
    } else say(`Not saved: ${outcome.error}`, 'error');
  } finally {
    busy = false;
  }
}

/** Redraws what depends on the current hit's document (after a script change or a resize). */
function redraw(/** @type {(doc: DocumentAnswer, hit: HitView) => void} */ render) {
  const hit = queue?.current;
  if (hit) void documentOf(hit.sha256).then((doc) => render(doc, hit));
}

/** Changes the script of the text and shows it. */
export function showScript(/** @type {ScriptView} */ script) {
  setScript(script);
  redraw((doc, hit) => renderText(doc, hit, { scroll: false }));
}

/** A bulk action's answer: the hits' new versions, the counts, the hit on screen drawn again. */
async function applyStates(/** @type {BulkHitState[]} */ states) {
  const q = queue;
  if (!q) return;
  for (const state of states) q.update(state);
  // Marks, boxes, histories and concordances of many hits changed: fetch them again.
  forgetEverything();
  await q.refreshCounts().catch(() => undefined);
  renderCounter();
  if (q.current) await showHit(q.index);
}

/** Fresh copies of hits someone else decided on (a bulk action's conflicts). */
async function reloadHits(/** @type {string[]} */ ids) {
  const q = queue;
  if (!q) return;
  for (const id of ids) {
    forgetDetail(id);
    const detail = await detailOf(id, true).catch(() => undefined);
    if (detail) q.update(detail.hit);
  }
  forgetEverything();
  if (q.current) await showHit(q.index);
}

export function wireReview() {
  wireQueueList({
    items: () => queue?.items ?? [],
    selection: () => selection,
    show: (index) => void showHit(index),
    changed: renderSelection,
  });
  wireBulk({
    queue: () => queue,
    selection: () => selection,
    applied: applyStates,
    reload: reloadHits,
    changed: renderSelection,
  });
  redrawOnResize(() => redraw(drawBoxes));
  wireTextPane({
    scriptChanged: () => redraw((doc, hit) => renderText(doc, hit, { scroll: false })),
    markClicked: (hitId) => {
      const index = queue?.indexOf(hitId) ?? -1;
      if (index >= 0) void showHit(index);
    },
  });
  byId('confirm', HTMLButtonElement).addEventListener('click', () => void decide('confirm'));
  byId('reject', HTMLButtonElement).addEventListener('click', () => void decide('reject'));
  byId('next', HTMLButtonElement).addEventListener('click', () => void move(1));
  byId('prev', HTMLButtonElement).addEventListener('click', () => void move(-1));
  byId('help-button', HTMLButtonElement).addEventListener('click', () => byId('help', HTMLDialogElement).showModal());
}
